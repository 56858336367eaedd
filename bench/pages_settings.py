"""Settings of the pages benchmark's server: the fair's, with bench/pages_urls.py's constant view
added beside its URLs."""

from usine.settings import *  # noqa: F403  (the fair's settings, one URL added)

ROOT_URLCONF = "bench.pages_urls"
