"""The shape of the demo edition's content, and where its buildings stand.

The content itself is plain data in the neighbouring modules (routes, jobs, sites_*); the loader
turns it into rows. Strings here are the fair's content (stored in the database, edited by
exhibitors), not interface text, so they are not marked for translation.
"""

import datetime
from dataclasses import dataclass

# The demo edition is dated on the fair week "now" (see `demo_week`), so its sessions can be
# booked and joined; its name and slug carry the year it starts in.
EDITION_NAME = "Salon virtuel de l'industrie %(year)s"
EDITION_SLUG = "salon-virtuel-industrie-%(year)s"
EDITION_SLUG_PATTERN = r"^salon-virtuel-industrie-[0-9]{4}$"  # the demo of any year
EDITION_DAYS = 5  # Monday to Friday


def demo_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The demo fair's Monday and Friday: this week's from Monday to Friday, next week's on a
    Saturday or Sunday."""
    weekday = today.weekday()  # Monday is 0
    if weekday < EDITION_DAYS:
        monday = today - datetime.timedelta(days=weekday)
    else:
        monday = today + datetime.timedelta(days=7 - weekday)
    return monday, monday + datetime.timedelta(days=EDITION_DAYS - 1)


def edition_name(starts_on: datetime.date) -> str:
    return EDITION_NAME % {"year": starts_on.year}


def edition_slug(starts_on: datetime.date) -> str:
    return EDITION_SLUG % {"year": starts_on.year}


# The town's rows and columns (see usine/fair/layout.py and the town JSON contract).
LAND_XS = (-140.0, -100.0, -60.0, -20.0, 20.0, 60.0, 100.0, 140.0)
LAND_ZS = (-120.0, -80.0, -40.0, 0.0)
QUAY_Z = 36.0

# The valve workshop gets the demo exhibitor account.
EXHIBITOR_USERNAME = "exposant-vannes"
EXHIBITOR_SITE = "robinetterie-aix"

APPRENTICE = "apprentice"
PROFESSIONAL = "professional"


@dataclass(frozen=True)
class Route:
    kind: str
    name: str
    duration_years: str
    after: str


@dataclass(frozen=True)
class Job:
    title: str
    description: str
    skills: tuple[str, ...]
    working_conditions: str
    salary_min: int
    salary_max: int
    in_shortage: bool
    routes: tuple[str, ...]


@dataclass(frozen=True)
class Voice:
    """A testimonial: a person, the job they show (a key of the site's jobs), what they say."""

    first_name: str
    gender: str
    role: str
    job: str
    job_label: str
    transcript: str

    @property
    def sentences(self) -> list[str]:
        return split_sentences(self.transcript)


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    company: str
    sector: str
    city: str
    look: str
    x: float
    z: float
    description: str
    jobs: tuple[str, ...]
    voices: tuple[Voice, ...]
    zone: str = "land"

    @property
    def orientation(self) -> float:
        return entrance_orientation(x=self.x, z=self.z, zone=self.zone)


@dataclass(frozen=True)
class DemoPhotoSpec:
    caption: str
    alt_text: str


@dataclass(frozen=True)
class DemoSpec:
    site: str
    title: str
    description: str
    kind: str  # "photos" or "video"
    photos: tuple[DemoPhotoSpec, ...] = ()
    transcript: str = ""


def woman(first_name, role, job, job_label, transcript) -> Voice:
    return Voice(first_name, "woman", role, job, job_label, transcript)


def man(first_name, role, job, job_label, transcript) -> Voice:
    return Voice(first_name, "man", role, job, job_label, transcript)


def entrance_orientation(*, x: float, z: float, zone: str) -> float:
    """Degrees around +y (three.js rotation.y) that turn a building's front, modelled facing +z,
    toward a street.

    0 faces south (+z), 90 east (+x), 180 north (-z), 270 west (-x). Quay buildings face the
    quay road (north) with their water side to the sea; the front land row faces the quay road;
    the two middle rows face each other across the street at z = -60; the back row faces the
    avenue that runs north-south at x = 0.
    """
    if zone == "sea_front":
        return 180.0
    if z >= 0:
        return 0.0
    if z >= -40:
        return 180.0
    if z >= -80:
        return 0.0
    return 90.0 if x < 0 else 270.0


def split_sentences(text: str) -> list[str]:
    """Sentences of a transcript, for caption cues: split after . ! ? followed by a space."""
    sentences, start = [], 0
    for index, char in enumerate(text):
        if char in ".!?…" and (index + 1 == len(text) or text[index + 1] == " "):
            sentences.append(text[start : index + 1].strip())
            start = index + 1
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [sentence for sentence in sentences if sentence]
