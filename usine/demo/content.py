"""The demo edition's content, read from the TOML files in `data/`, and where its buildings stand.

The texts are the fair's content (stored in the database, then edited by exhibitors), not interface
text: they are French only and not marked for translation, so whoever edits the demo changes the
files in `data/` and nothing else. Each file is read once per process; a wrong field name, a
missing field or a key that points nowhere stops the load with a DemoDataError naming the file.
"""

import datetime
import tomllib
from dataclasses import MISSING, dataclass, fields
from decimal import Decimal
from functools import cache
from pathlib import Path

from usine.fair.layout import entrance_orientation

DATA = Path(__file__).resolve().parent / "data"
SITE_FILES = ("sites_north.toml", "sites_south.toml", "sites_sea.toml")  # the town's rows, in order

# The demo edition is dated on the fair week "now" (see `demo_week`); its slug carries the year it
# starts in, and finds the demo of any year.
EDITION_SLUG = "salon-virtuel-industrie-%(year)s"
EDITION_SLUG_PATTERN = r"^salon-virtuel-industrie-[0-9]{4}$"
EDITION_DAYS = 5  # Monday to Friday


class DemoDataError(ValueError):
    """A data file of the demo does not read as the loader expects; the message says where."""


@dataclass(frozen=True)
class Route:
    kind: str
    name: str
    duration_years: Decimal
    after: str
    after_en: str


@dataclass(frozen=True)
class Job:
    title: str
    trade: str  # a trade of the catalogue: its name or ROME code
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
    building_description: str = ""

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


@dataclass(frozen=True)
class Exhibitor:
    username: str
    site: str  # the company slug whose building the account edits


@dataclass(frozen=True)
class Edition:
    name: str  # "{year}" stands for the year of the fair's Monday
    exhibitor: Exhibitor
    review_publications: bool = False


@dataclass(frozen=True)
class School:
    uai_digits: str  # the check letter is computed (schools.uai.check_letter)
    name: str
    town: str


@dataclass(frozen=True)
class Teacher:
    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class DemoClass:
    name: str
    level: str
    pupil_count: int
    wanted_trades: tuple[str, ...]  # trades of the catalogue: names or ROME codes
    # Index in the edition's usual slots (by start time) of its booking, if booked; a slot that
    # has started at load time gives way to the next one ahead with the same professionals.
    slot: int | None = None
    running: bool = False  # booked into the session in progress at load time, if there is one


@dataclass(frozen=True)
class DemoProfessional:
    first_name: str
    gender: str
    site: str  # company slug
    job: str  # job profile title at that company
    presentation: str


@dataclass(frozen=True)
class Organizer:
    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class People:
    school: School
    teacher: Teacher
    organizer: Organizer
    classes: tuple[DemoClass, ...]
    professionals: tuple[DemoProfessional, ...]


# --- Reading the data files ---------------------------------------------------------------------


@cache
def edition() -> Edition:
    data = _read("edition.toml")
    exhibitor = _build(Exhibitor, data.pop("exhibitor", None), "edition.toml [exhibitor]")
    return _build(Edition, {**data, "exhibitor": exhibitor}, "edition.toml")


@cache
def routes() -> dict[str, Route]:
    return {
        key: _build(Route, table, f"routes.toml [{key}]", duration_years=_decimal)
        for key, table in _read("routes.toml").items()
    }


@cache
def jobs() -> dict[str, Job]:
    found = {}
    for key, table in _read("jobs.toml").items():
        where = f"jobs.toml [{key}]"
        job = _build(Job, table, where, skills=tuple, routes=tuple)
        _known(job.routes, routes(), where, "routes", "routes.toml")
        found[key] = job
    return found


@cache
def sites() -> tuple[Site, ...]:
    found = []
    for name in SITE_FILES:
        for number, table in enumerate(_tables(_read(name), "sites", name), start=1):
            where = f"{name}, site {number}"
            voices = tuple(
                _build(Voice, voice, f"{where}, voice {index}")
                for index, voice in enumerate(table.get("voices", []), start=1)
            )
            site = _build(Site, {**table, "voices": voices}, where, x=float, z=float, jobs=tuple)
            _known(site.jobs, jobs(), where, "jobs", "jobs.toml")
            for index, voice in enumerate(site.voices, start=1):
                _known((voice.job,), site.jobs, f"{where}, voice {index}", "job", "the site's jobs")
            found.append(site)
    return tuple(found)


@cache
def demos() -> tuple[DemoSpec, ...]:
    slugs = {site.slug for site in sites()}
    found = []
    for number, table in enumerate(_tables(_read("demos.toml"), "demos", "demos.toml"), start=1):
        where = f"demos.toml, demo {number}"
        photos = tuple(
            _build(DemoPhotoSpec, photo, f"{where}, photo {index}")
            for index, photo in enumerate(table.get("photos", []), start=1)
        )
        demo = _build(DemoSpec, {**table, "photos": photos}, where)
        _known((demo.site,), slugs, where, "site", "the sites' slugs")
        found.append(demo)
    return tuple(found)


@cache
def people() -> People:
    data = _read("people.toml")
    return People(
        school=_build(School, data.get("school"), "people.toml [school]"),
        teacher=_build(Teacher, data.get("teacher"), "people.toml [teacher]"),
        organizer=_build(Organizer, data.get("organizer"), "people.toml [organizer]"),
        classes=tuple(
            _build(DemoClass, table, f"people.toml, class {number}", wanted_trades=tuple)
            for number, table in enumerate(_tables(data, "classes", "people.toml"), start=1)
        ),
        professionals=tuple(
            _build(DemoProfessional, table, f"people.toml, professional {number}")
            for number, table in enumerate(_tables(data, "professionals", "people.toml"), start=1)
        ),
    )


def _read(name: str) -> dict:
    try:
        with (DATA / name).open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{name}: {exc}") from exc


def _tables(data: dict, key: str, name: str) -> list[dict]:
    """The [[key]] tables of a data file: at least one, or the file is wrong."""
    tables = data.get(key)
    if not tables or not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise DemoDataError(f"{name}: no [[{key}]] tables")
    return tables


def _build(cls, table, where: str, **convert):
    """`cls` from a TOML table whose keys are its fields, each through `convert[field]` if any."""
    if not isinstance(table, dict):
        raise DemoDataError(f"{where}: missing, or not a table")
    names = {field.name for field in fields(cls)}
    required = {
        field.name
        for field in fields(cls)
        if field.default is MISSING and field.default_factory is MISSING
    }
    problems = []
    if unknown := sorted(set(table) - names):
        problems.append(f"unknown {', '.join(unknown)}")
    if missing := sorted(required - set(table)):
        problems.append(f"missing {', '.join(missing)}")
    if problems:
        raise DemoDataError(f"{where}: {'; '.join(problems)}")
    try:
        return cls(**{key: convert.get(key, _same)(value) for key, value in table.items()})
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise DemoDataError(f"{where}: {exc}") from exc


def _known(keys, known, where: str, field: str, among: str) -> None:
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise DemoDataError(f"{where}: {field} {', '.join(unknown)} not among {among}")


def _same(value):
    return value


def _decimal(value) -> Decimal:
    # TOML reads 0.6 as a float: its shortest text is the decimal that was written.
    return Decimal(str(value))


# --- Dates and places ---------------------------------------------------------------------------


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
    return edition().name.replace("{year}", str(starts_on.year))


def edition_slug(starts_on: datetime.date) -> str:
    return EDITION_SLUG % {"year": starts_on.year}


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
