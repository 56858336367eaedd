import datetime

import pytest
import webvtt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from tests.demo.loading import LOADED_AT, PARIS, STARTS_ON, load
from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import EditionFactory
from tests.media.hls import fetch_ladder
from usine.demo.content import split_sentences
from usine.exhibits.models import Company, Demo, JobProfile, Testimonial, TrainingRoute
from usine.fair.models import Building, Edition, SessionSlot
from usine.games import quiz as quizzes
from usine.games.models import Quiz
from usine.media.models import Video
from usine.media.services import validate_captions
from usine.schools import join, session_clock
from usine.schools.models import Booking, SchoolClass

LAND_XS = {-140.0, -100.0, -60.0, -20.0, 20.0, 60.0, 100.0, 140.0}
LAND_ZS = {-120.0, -80.0, -40.0, 0.0}
TENSION_JOBS = {
    "Ajusteur·se monteur·se aéronautique",
    "Ajusteur·se monteur·se en robinetterie",
    "Soudeur·se",
    "Chaudronnier·ère",
    "Tuyauteur·se industriel·le",
    "Usineur·se sur machine à commande numérique",
    "Technicien·ne de maintenance industrielle",
    "Technicien·ne logistique",
    "Cariste",
}


# --- The content ------------------------------------------------------------------------------


def test_one_open_edition_with_the_fairs_dates(demo):
    edition = Edition.objects.get()
    assert edition.name == "Salon virtuel de l'industrie 2021"
    assert edition.state == Edition.State.OPEN
    assert edition.slug == "salon-virtuel-industrie-2021"
    assert (edition.starts_on, edition.ends_on) == (
        datetime.date(2021, 11, 22),
        datetime.date(2021, 11, 26),
    )
    assert "40 bâtiments, 80 témoignages, 0 vidéos" in demo
    assert "Dates du salon : du lundi 22 novembre 2021 au vendredi 26 novembre 2021.\n" in demo


def test_forty_buildings_each_on_its_own_spot_of_the_grid(demo):
    buildings = list(Building.objects.all())
    assert len(buildings) == 40
    assert len({(b.x, b.z) for b in buildings}) == 40
    land = [b for b in buildings if b.zone == Building.Zone.LAND]
    sea = [b for b in buildings if b.zone == Building.Zone.SEA_FRONT]
    assert len(land) == 32
    assert {(b.x, b.z) for b in land} == {(x, z) for x in LAND_XS for z in LAND_ZS}
    assert len(sea) == 8
    assert {(b.x, b.z) for b in sea} == {(x, 36.0) for x in LAND_XS}


def test_entrances_face_streets(demo):
    by_slug = {b.slug: b for b in Building.objects.all()}
    assert by_slug["helicopteres-marignane"].orientation == 90.0  # back row, west: faces x = 0
    assert by_slug["cartes-electroniques-gemenos"].orientation == 270.0  # back row, east
    assert by_slug["robinetterie-aix"].orientation == 0.0  # faces the street at z = -60
    assert by_slug["logistique-rognac"].orientation == 180.0  # faces the same street
    assert by_slug["salins-camargue"].orientation == 0.0  # front row: faces the quay road
    assert {b.orientation for b in by_slug.values() if b.zone == "sea_front"} == {180.0}


def test_the_three_named_sites(demo):
    plant = Building.objects.select_related("company").get(slug="helicopteres-marignane")
    assert (plant.company.city, plant.zone, plant.look) == ("Marignane", "land", "hangar")
    assert plant.company.sector == "aeronautics"
    port = Building.objects.select_related("company").get(slug="port-marseille-fos")
    assert (port.name, port.company.city) == ("Port de Marseille-Fos", "Marseille")
    assert (port.zone, port.look, port.company.sector) == ("sea_front", "port", "port")
    valves = Building.objects.select_related("company").get(slug="robinetterie-aix")
    assert (valves.company.city, valves.zone, valves.look) == (
        "Aix-en-Provence",
        "land",
        "workshop",
    )
    assert "robinetterie" in valves.name


def test_looks_and_sectors_are_varied_and_valid(demo):
    looks = set(Building.objects.values_list("look", flat=True))
    assert looks == set(Building.Look.values)
    sectors = set(Company.objects.values_list("sector", flat=True))
    assert len(sectors) == 11


def test_every_building_has_two_job_profiles_with_training_routes(demo):
    for building in Building.objects.select_related("company"):
        jobs = list(building.company.job_profiles.all())
        assert len(jobs) >= 2, building.slug
        for job in jobs:
            assert job.training_routes.count() >= 1, job.title
            assert len(job.skill_list) >= 3, job.title
            assert 1700 <= job.salary_min < job.salary_max <= 5000, job.title
            assert job.description
            assert job.working_conditions


def test_training_routes_are_shared_between_jobs(demo):
    welding = TrainingRoute.objects.get(name="Titre pro Soudeur assembleur industriel")
    assert welding.kind == TrainingRoute.Kind.TITRE_PRO
    assert welding.job_profiles.count() == 7  # every site that hires welders
    assert TrainingRoute.objects.filter(kind=TrainingRoute.Kind.APPRENTICESHIP).count() == 3
    assert TrainingRoute.objects.filter(kind=TrainingRoute.Kind.ENGINEERING).count() == 4


def test_tension_jobs_are_flagged(demo):
    titles = set(JobProfile.objects.values_list("title", flat=True))
    assert titles >= TENSION_JOBS
    assert set(
        JobProfile.objects.filter(title__in=TENSION_JOBS).values_list("in_shortage", flat=True)
    ) == {True}
    assert not JobProfile.objects.get(
        company__slug="robinetterie-aix", title="Technicien·ne d'essais"
    ).in_shortage


def test_eighty_testimonials_half_of_them_women(demo):
    testimonials = list(Testimonial.objects.select_related("job"))
    assert len(testimonials) == 80
    assert sum(t.gender == Testimonial.Gender.WOMAN for t in testimonials) == 40
    assert sum(t.role == Testimonial.Role.APPRENTICE for t in testimonials) == 38
    for testimonial in testimonials:
        assert testimonial.job.company_id == testimonial.company_id
        assert 3 <= len(split_sentences(testimonial.transcript)) <= 5
        assert "Je " in testimonial.transcript or "J'" in testimonial.transcript
        assert testimonial.published is False  # no video, nothing to show
    for company in Company.objects.all():
        assert company.testimonials.count() == 2


def test_demos_have_generated_photos_with_alt_text(demo):
    photos = Demo.objects.get(title="De la pièce brute à la vanne testée")
    assert photos.company.slug == "robinetterie-aix"
    assert photos.photos.count() == 4
    for photo in photos.photos.all():
        assert photo.alt_text.endswith(".")
        assert photo.image.size > 10_000
        assert photo.image.read(3) == b"\xff\xd8\xff"  # a JPEG
    assert Demo.objects.filter(kind=Demo.Kind.PHOTOS).count() == 2
    video_demo = Demo.objects.get(kind=Demo.Kind.VIDEO)
    assert (video_demo.company.slug, video_demo.pending_video) == ("helicopteres-marignane", None)


def test_demo_exhibitor_account_edits_the_valve_workshop(demo):
    user = get_user_model().objects.get(username="exposant-vannes")
    assert user.check_password("vannes-de-demo-2021")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.exhibitor.company.slug == "robinetterie-aix"
    assert "exposant-vannes, mot de passe : vannes-de-demo-2021 (variable" in demo
    assert not get_user_model().objects.filter(is_staff=True).exists()  # nobody has the admin


def test_the_demo_edition_reviews_exhibitors_changes_and_describes_their_building(demo):
    building = Building.objects.get(slug="robinetterie-aix")
    assert building.edition.review_publications is True
    assert building.description.startswith("Un atelier de 4 000 m² : à l'entrée,")


def test_generated_password_is_printed_and_works(db, monkeypatch):
    monkeypatch.delenv("USINE_DEMO_PASSWORD", raising=False)
    output = load("--no-videos")
    password = output.split("mot de passe : ")[1].split(" ")[0]
    assert len(password) >= 12
    assert get_user_model().objects.get(username="exposant-vannes").check_password(password)


def test_demo_session_slots_are_created(demo):
    edition = Edition.objects.get()
    # Five days of four sessions, and the one in progress at load time.
    assert edition.session_slots.count() == 5 * 4 + 1
    usual = {
        slot.starts_at
        for slot in edition.session_slots.all()
        if slot.starts_at.astimezone(PARIS).time() != datetime.time(9, 45)
    }
    assert usual == {
        datetime.datetime.combine(day, time, tzinfo=PARIS)
        for day in (datetime.date(2021, 11, 22) + datetime.timedelta(days=n) for n in range(5))
        for time in (
            datetime.time(8, 30),
            datetime.time(10, 15),
            datetime.time(13, 30),
            datetime.time(15, 15),
        )
    }


# --- Loading twice ----------------------------------------------------------------------------


def test_loading_again_is_refused_with_exit_code_1(demo):
    with pytest.raises(CommandError, match="existe déjà") as error:
        load("--no-videos")
    assert error.value.returncode == 1
    assert (Edition.objects.count(), Building.objects.count()) == (1, 40)


def test_if_empty_twice_loads_once(db):
    load("--if-empty", "--no-videos")
    output = load("--if-empty", "--no-videos")
    assert output == "Une édition existe déjà : démo non chargée.\n"
    assert (Edition.objects.count(), Building.objects.count(), Testimonial.objects.count()) == (
        1,
        40,
        80,
    )


def test_if_empty_leaves_an_existing_edition_alone(db):
    EditionFactory(state=Edition.State.DRAFT)
    load("--if-empty", "--no-videos")
    assert (Edition.objects.count(), Building.objects.count()) == (1, 0)


def test_another_open_edition_keeps_the_demo_in_draft(db):
    EditionFactory(state=Edition.State.OPEN)
    load("--no-videos", "--starts-on", STARTS_ON)
    assert Edition.objects.get(slug="salon-virtuel-industrie-2021").state == Edition.State.DRAFT
    assert Edition.objects.filter(state=Edition.State.OPEN).count() == 1


def test_a_leftover_demo_company_stops_the_load_and_nothing_is_written(db):
    CompanyFactory(slug="robinetterie-aix")
    with pytest.raises(CommandError, match="robinetterie-aix"):
        load("--no-videos")
    assert (Edition.objects.count(), Company.objects.count(), JobProfile.objects.count()) == (
        0,
        1,
        0,
    )


def test_negative_video_limit_is_refused(db):
    with pytest.raises(CommandError, match="--limit-videos"):
        load("--limit-videos", "-1")
    assert Edition.objects.count() == 0


# --- Videos through the media pipeline --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_videos_go_through_the_media_pipeline(monkeypatch):
    monkeypatch.setenv("USINE_DEMO_PASSWORD", "vannes-de-demo-2021")
    output = load("--limit-videos", "2")
    assert "clips 2/2" in output
    videos = list(Video.objects.order_by("pk"))
    assert len(videos) == 2
    # One transcoding enqueued per video when the load committed (beside the demo bookings'
    # invitations).
    tasks = DBTaskResult.objects.filter(task_path="usine.media.tasks.transcode_video").order_by(
        "enqueued_at"
    )
    assert [task.args_kwargs["args"] for task in tasks] == [[video.pk] for video in videos]

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    first, second = Testimonial.objects.filter(company__slug="helicopteres-marignane")
    for testimonial, video in zip((first, second), videos, strict=True):
        testimonial.refresh_from_db()
        video.refresh_from_db()
        assert video.status == Video.Status.READY
        # The ready video was put online in place of the pending one, still published.
        assert (testimonial.video, testimonial.pending_video) == (video, None)
        assert testimonial.published is True
        assert (video.width, video.height) == (640, 360)
        assert video.duration_s == pytest.approx(6.0, abs=0.1)
        with video.captions.open("rb") as captions:
            validate_captions(file=captions)
            cues = webvtt.from_string(captions.read().decode())
        assert [cue.text for cue in cues] == split_sentences(testimonial.transcript)
    assert Testimonial.objects.filter(video__isnull=True, published=False).count() == 78


@pytest.mark.django_db(transaction=True)
def test_on_s3_the_demo_lands_in_the_bucket_and_plays_from_it(monkeypatch, s3_storage):
    monkeypatch.setenv("USINE_DEMO_PASSWORD", "vannes-de-demo-2021")
    load("--limit-videos", "1")
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    video = Video.objects.get()
    assert video.status == Video.Status.READY
    assert Testimonial.objects.get(video=video).published is True
    listed = s3_storage.connection.meta.client.list_objects_v2(Bucket=s3_storage.bucket_name)
    names = {entry["Key"] for entry in listed["Contents"]}
    hls = video.playlist.removesuffix("master.m3u8")
    assert {video.source.name, video.captions.name, video.playlist, video.poster} <= names
    # The demo's photo series too (the companies have no logo file), and the Forum's speakers'
    # portraits and captions.
    assert {name.split("/")[0] for name in names if not name.startswith("videos/")} == {
        "demos",
        "forum",
    }
    assert {name.split("/")[1] for name in names if name.startswith("forum/")} == {
        "speakers",
        "captions",
    }
    assert {name for name in names if name.startswith("videos/hls/")} == {
        name for name in names if name.startswith(hls)
    }
    assert fetch_ladder(s3_storage.url(video.playlist))


# --- The fair week and the session in progress at load time -----------------------------------


def test_by_default_the_demo_is_on_this_weeks_fair_a_wednesday(db):
    wednesday = datetime.datetime(2025, 11, 19, 10, 7, tzinfo=PARIS)
    output = load("--no-videos", now=wednesday)
    edition = Edition.objects.get()
    assert (edition.starts_on, edition.ends_on) == (
        datetime.date(2025, 11, 17),
        datetime.date(2025, 11, 21),
    )
    assert (edition.name, edition.slug) == (
        "Salon virtuel de l'industrie 2025",
        "salon-virtuel-industrie-2025",
    )
    assert "Dates du salon : du lundi 17 novembre 2025 au vendredi 21 novembre 2025." in output
    assert "Classe en séance maintenant : 3e Prépa-métiers B, code " in output


def test_on_a_saturday_the_demo_is_on_next_weeks_fair_with_no_session_in_progress(db):
    saturday = datetime.datetime(2025, 11, 22, 10, 7, tzinfo=PARIS)
    output = load("--no-videos", now=saturday)
    edition = Edition.objects.get()
    assert (edition.starts_on, edition.ends_on) == (
        datetime.date(2025, 11, 24),
        datetime.date(2025, 11, 28),
    )
    assert edition.session_slots.count() == 20  # no session in progress
    assert "Aucune classe en séance maintenant : aujourd'hui n'est pas un jour du salon." in output
    assert "Classe en séance maintenant" not in output
    # The classes keep their usual slots: Monday 10:15 and Tuesday 13:30; the counsellor's
    # group Thursday 10:15.
    assert dict(Booking.objects.values_list("school_class__name", "slot__starts_at")) == {
        "3e Prépa-métiers B": datetime.datetime(2025, 11, 24, 10, 15, tzinfo=PARIS),
        "1re Bac pro MELEC": datetime.datetime(2025, 11, 25, 13, 30, tzinfo=PARIS),
        "Atelier découverte de l'industrie": datetime.datetime(2025, 11, 27, 10, 15, tzinfo=PARIS),
    }
    assert "3 classes, 2 réservées" in output


def test_starts_on_pins_the_week_and_today_outside_it_adds_no_session_in_progress(db):
    output = load("--no-videos", "--starts-on", "2025-12-01", now=LOADED_AT)
    edition = Edition.objects.get()
    assert (edition.starts_on, edition.ends_on, edition.slug) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 5),
        "salon-virtuel-industrie-2025",
    )
    assert edition.session_slots.count() == 20
    assert "Aucune classe en séance maintenant" in output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2025-11-19",
            r"--starts-on attend un lundi, le salon dure du lundi au vendredi : le 2025-11-19 "
            r"est un mercredi \(le lundi de cette semaine-là est le 2025-11-17\)\.",
        ),
        ("2025-11-23", "le 2025-11-23 est un dimanche"),
        ("19/11/2025", "--starts-on attend une date écrite AAAA-MM-JJ"),
    ],
)
def test_starts_on_must_be_a_monday(db, value, message):
    with pytest.raises(CommandError, match=message) as error:
        load("--no-videos", "--starts-on", value)
    assert error.value.returncode == 1
    assert Edition.objects.count() == 0


def test_the_first_class_is_in_session_at_load_time(demo):
    slot = SessionSlot.objects.get(starts_at=datetime.datetime(2021, 11, 24, 9, 45, tzinfo=PARIS))
    assert (slot.duration_minutes, slot.capacity, slot.booked) == (90, 12, 1)
    school_class = SchoolClass.objects.get(name="3e Prépa-métiers B")
    assert school_class.booking.slot == slot
    clock = session_clock.clock_for(slot=slot, now=LOADED_AT)
    assert clock.phase == session_clock.EXPLORING
    # A pupil can come in with the class's code right away.
    booking, clock = join.session_open(school_class=school_class, now=LOADED_AT)
    assert (booking.slot, clock.phase) == (slot, session_clock.EXPLORING)
    # The output says which class and how to join it.
    assert (
        f"Classe en séance maintenant : 3e Prépa-métiers B, code {school_class.code_display} "
        "→ /rejoindre/ (exploration jusqu'à 10:45, puis échange en direct).\n"
    ) in demo


def test_the_other_booked_class_is_on_the_next_usual_slot_still_ahead(demo):
    # Its usual slot, Tuesday 13:30, is over on Wednesday at 10:07: the next one the same
    # professionals declared (8:30 and 13:30 every day) that is still ahead is Wednesday 13:30.
    booking = Booking.objects.select_related("slot").get(school_class__name="1re Bac pro MELEC")
    assert booking.slot.starts_at == datetime.datetime(2021, 11, 24, 13, 30, tzinfo=PARIS)
    assert booking.slot.starts_at > LOADED_AT


def test_a_session_in_progress_at_a_usual_time_is_that_slot(db):
    at_8_50 = datetime.datetime(2021, 11, 24, 8, 50, tzinfo=PARIS)
    output = load("--no-videos", "--starts-on", STARTS_ON, now=at_8_50)
    edition = Edition.objects.get()
    assert edition.session_slots.count() == 20
    booking = Booking.objects.select_related("slot").get(school_class__name="3e Prépa-métiers B")
    assert booking.slot.starts_at == datetime.datetime(2021, 11, 24, 8, 30, tzinfo=PARIS)
    assert session_clock.clock_for(slot=booking.slot, now=at_8_50).phase == "exploring"
    assert "(exploration jusqu'à 09:30, puis échange en direct)" in output


def test_a_demo_of_another_year_stops_the_load(demo):
    with pytest.raises(CommandError, match="« Salon virtuel de l'industrie 2021 » existe déjà"):
        load("--no-videos", "--starts-on", "2025-11-17")
    assert Edition.objects.count() == 1


def test_the_output_is_translated(db):
    from django.utils import translation

    with translation.override("en"):
        output = load("--no-videos", "--starts-on", STARTS_ON, now=LOADED_AT)
        with pytest.raises(CommandError, match="--starts-on expects a Monday"):
            load("--no-videos", "--starts-on", "2025-11-19")
    assert "Fair dates: from Monday 22 November 2021 to Friday 26 November 2021." in output
    assert "Class in session now: 3e Prépa-métiers B, code " in output
    assert "(exploring until 10:45, then the live exchange)." in output


def test_every_building_has_a_published_quiz_in_french_and_english(demo):
    edition = Edition.objects.get(state=Edition.State.OPEN)
    buildings = list(edition.buildings.all())
    assert Quiz.objects.filter(state=Quiz.State.PUBLISHED).count() == len(buildings) == 40
    for building in buildings:
        content = quizzes.public_quiz(building=building).published
        assert quizzes.clean_content(content) == content
        assert len(content["questions"]) == 3
        assert all(question["text_en"] for question in content["questions"])
    # The right answer is not always at the same place.
    places = {q["answer"] for quiz in Quiz.objects.all() for q in quiz.published["questions"]}
    assert places == {0, 1, 2}
