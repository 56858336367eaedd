"""Settings of a benchmark's server: the fair's, with bench/constant_urls.py's constant view added
beside its URLs."""

from usine.settings import *  # noqa: F403  (the fair's settings, one URL added)

ROOT_URLCONF = "bench.constant_urls"
