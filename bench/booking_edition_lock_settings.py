"""Settings of the booking benchmark's baseline server: the fair's, with the booking URL served by
bench/booking_edition_lock.py."""

from usine.settings import *  # noqa: F403  (the fair's settings, one URL changed)

ROOT_URLCONF = "bench.booking_edition_lock"
