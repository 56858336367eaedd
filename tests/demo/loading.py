"""Loading the demo through `manage.py load_demo`, as a person would, for the demo's tests."""

import datetime
import zoneinfo
from io import StringIO

from django.core.management import call_command

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The demo loaded by the `demo` fixture: the fair week of 22 November 2021, loaded on its
# Wednesday at 10:07, when the session that started at 9:45 is exploring.
STARTS_ON = "2021-11-22"
LOADED_AT = datetime.datetime(2021, 11, 24, 10, 7, tzinfo=PARIS)


def load(*args, **options):
    out = StringIO()
    call_command("load_demo", *args, stdout=out, **options)
    return out.getvalue()
