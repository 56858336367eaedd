import datetime
import shutil

import pytest
from django.core.management.base import CommandError

from tests.demo.loading import load
from usine.demo import content
from usine.demo.content import (
    DemoDataError,
    demo_week,
    edition_name,
    edition_slug,
    entrance_orientation,
    split_sentences,
)
from usine.fair.models import Edition


@pytest.mark.parametrize(
    ("today", "monday", "friday"),
    [
        (datetime.date(2025, 11, 17), datetime.date(2025, 11, 17), datetime.date(2025, 11, 21)),
        (datetime.date(2025, 11, 19), datetime.date(2025, 11, 17), datetime.date(2025, 11, 21)),
        (datetime.date(2025, 11, 21), datetime.date(2025, 11, 17), datetime.date(2025, 11, 21)),
        (datetime.date(2025, 11, 22), datetime.date(2025, 11, 24), datetime.date(2025, 11, 28)),
        (datetime.date(2025, 11, 23), datetime.date(2025, 11, 24), datetime.date(2025, 11, 28)),
        (datetime.date(2026, 1, 1), datetime.date(2025, 12, 29), datetime.date(2026, 1, 2)),
        (datetime.date(2026, 12, 26), datetime.date(2026, 12, 28), datetime.date(2027, 1, 1)),
    ],
)
def test_demo_week_is_this_weeks_monday_to_friday_or_next_weeks_at_the_weekend(
    today, monday, friday
):
    assert demo_week(today) == (monday, friday)


def test_name_and_slug_carry_the_year_the_fair_starts_in():
    monday = datetime.date(2025, 12, 29)  # the fair ends in 2026
    assert edition_name(monday) == "Salon virtuel de l'industrie 2025"
    assert edition_slug(monday) == "salon-virtuel-industrie-2025"


def test_sentences_split_on_end_punctuation_only():
    assert split_sentences("J'ai 3,5 ans d'expérience. Osez ! Et vous ? Bien") == [
        "J'ai 3,5 ans d'expérience.",
        "Osez !",
        "Et vous ?",
        "Bien",
    ]


@pytest.mark.parametrize(
    ("x", "z", "zone", "expected"),
    [
        (-140.0, -120.0, "land", 90.0),
        (140.0, -120.0, "land", 270.0),
        (20.0, -80.0, "land", 0.0),
        (20.0, -40.0, "land", 180.0),
        (20.0, 0.0, "land", 0.0),
        (20.0, 36.0, "sea_front", 180.0),
    ],
)
def test_entrance_orientation(x, z, zone, expected):
    assert entrance_orientation(x=x, z=z, zone=zone) == expected


def test_content_names_no_site_twice_and_every_voice_shows_a_job_of_its_site():
    assert len({site.slug for site in content.sites()}) == 40
    assert len({site.company for site in content.sites()}) == 40
    for site in content.sites():
        assert len(site.jobs) >= 2
        assert [voice.job in site.jobs for voice in site.voices] == [True, True]


# --- The data files, as someone who edits the demo may get them wrong ---------------------------

READERS = (
    content.edition,
    content.routes,
    content.jobs,
    content.sites,
    content.demos,
    content.people,
)


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the data files that a test may edit, read instead of the real ones."""
    folder = tmp_path / "data"
    shutil.copytree(content.DATA, folder)
    monkeypatch.setattr(content, "DATA", folder)
    for reader in READERS:
        reader.cache_clear()
    yield folder
    for reader in READERS:
        reader.cache_clear()


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_data_file_reads(data):
    assert len(content.routes()) == 60
    assert len(content.jobs()) == 41
    assert len(content.demos()) == 3
    people = content.people()
    assert (len(people.classes), len(people.professionals)) == (3, 12)
    assert [c.slot for c in people.classes] == [1, 6, None]
    assert str(content.routes()["tp_soudeur"].duration_years) == "0.6"
    assert content.edition().exhibitor.site in {site.slug for site in content.sites()}


def test_a_misspelt_field_is_named_with_its_file_and_place(data):
    edit(data / "sites_sea.toml", 'first_name = "Audrey"', 'firstname = "Audrey"')
    with pytest.raises(DemoDataError) as error:
        content.sites()
    assert str(error.value) == (
        "sites_sea.toml, site 1, voice 1: unknown firstname; missing first_name"
    )


def test_a_key_that_points_nowhere_is_named(data):
    edit(data / "jobs.toml", '"cap_aero", "bac_aero_structure"', '"cap_aéro", "bac_aero_structure"')
    with pytest.raises(DemoDataError, match=r"jobs.toml \[ajusteur_monteur\]: routes cap_aéro "):
        content.jobs()


def test_a_voice_must_show_one_of_its_sites_jobs(data):
    edit(data / "sites_north.toml", 'job = "mecanicien_aero"', 'job = "soudeur"')
    with pytest.raises(DemoDataError, match="site 1, voice 2: job soudeur not among the site's"):
        content.sites()


def test_a_file_that_is_not_toml_stops_the_command_before_anything_is_written(db, data):
    edit(data / "demos.toml", 'kind = "video"', "kind = video")
    with pytest.raises(CommandError, match=r"demos\.toml: Invalid value") as error:
        load("--no-videos")
    assert error.value.returncode == 1
    assert not Edition.objects.exists()


def test_a_misspelt_table_name_is_not_read_as_no_sites(data):
    path = data / "sites_sea.toml"
    path.write_text(path.read_text().replace("\n[[sites]]\n", "\n[[site]]\n"))
    with pytest.raises(DemoDataError, match=r"sites_sea\.toml: no \[\[sites\]\] tables"):
        content.sites()
