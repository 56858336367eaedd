"""The teacher's console, class report and certificates pages."""

import datetime
import html

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.schools.factories import TeacherFactory
from tests.schools.helpers import booked_class, seated_session, watch_testimonial
from usine.live.models import LiveRoom, ModerationAction, Question, Upvote
from usine.schools import passport
from usine.schools.models import SeatClaim
from usine.schools.reports import class_report

pytestmark = pytest.mark.django_db


def teacher_client(booking) -> Client:
    client = Client()
    client.force_login(booking.school_class.teacher.user)
    return client


def test_the_console_lists_every_pseudonym_with_its_state():
    booking = booked_class(pupils=2)
    seated_session(booking.school_class.pupils.first())
    page = teacher_client(booking).get(f"/enseignants/classes/{booking.school_class.pk}/console/")
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert text.count('<tr data-pupil="') == 2
    assert "Grue Rapide 1" in text
    assert f"/ws/classe/{booking.pk}/console/" in text
    assert text.count("Libérer<span") == 1  # only the pseudonym a browser holds


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("fr", "{connected} connecté·e / {total}", "{connected} connecté·es / {total}"),
        ("en", "{connected} connected / {total}", "{connected} connected / {total}"),
    ],
)
def test_the_console_gives_its_script_the_connected_count_in_both_plural_forms(language, one, many):
    # frontend/src/console.js picks one by the page's language (French: 0 and 1 singular).
    booking = booked_class(pupils=2)
    client = teacher_client(booking)
    url = f"/enseignants/classes/{booking.school_class.pk}/console/"
    text = client.get(url, headers={"Accept-Language": language}).content.decode()
    assert f'<span data-message="connected-one">{one}</span>' in text
    assert f'<span data-message="connected-many">{many}</span>' in text
    assert 'data-message="connected-count"' not in text


def test_the_console_reads_the_class_with_its_booking_and_slot_at_once():
    booking = booked_class(pupils=2)
    client = teacher_client(booking)
    url = f"/enseignants/classes/{booking.school_class.pk}/console/"

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)

    assert page.status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    classes = [sql for sql in reads if 'FROM "schools_schoolclass"' in sql]
    assert len(classes) == 1
    assert 'JOIN "schools_booking"' in classes[0]
    assert 'JOIN "fair_sessionslot"' in classes[0]
    assert not [sql for sql in reads if 'FROM "fair_sessionslot"' in sql]


def test_another_teacher_gets_404_everywhere():
    booking = booked_class()
    stranger = Client()
    stranger.force_login(TeacherFactory().user)
    pk = booking.school_class.pk
    for path in ("console/", "bilan/", "bilan.pdf", "attestations.pdf"):
        assert stranger.get(f"/enseignants/classes/{pk}/{path}").status_code == 404
    pupil = booking.school_class.pupils.first()
    url = f"/enseignants/classes/{pk}/console/liberer/{pupil.pk}/"
    assert stranger.post(url).status_code == 404


def test_freeing_from_the_console_page_frees_the_seat():
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    seated_session(pupil)
    client = teacher_client(booking)
    url = f"/enseignants/classes/{booking.school_class.pk}/console/liberer/{pupil.pk}/"
    response = client.post(url)
    assert response.status_code == 302
    assert not SeatClaim.objects.exists()
    assert client.post(url).status_code == 302  # freeing a free pseudonym is harmless


def test_a_freed_seat_is_in_the_room_s_audit_log(django_capture_on_commit_callbacks):
    booking = booked_class()
    pupil = booking.school_class.pupils.first()
    seated_session(pupil)
    url = f"/enseignants/classes/{booking.school_class.pk}/console/liberer/{pupil.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        teacher_client(booking).post(url)
    logged = ModerationAction.objects.get()
    assert (logged.room.booking, logged.actor, logged.pupil) == (
        booking,
        booking.school_class.teacher.user,
        pupil,
    )
    assert str(logged) == "pseudonyme libéré (enseignant·e)"


def test_gathering_from_the_console_page_answers_with_a_message():
    booking = booked_class()
    client = teacher_client(booking)
    response = client.post(
        f"/enseignants/classes/{booking.school_class.pk}/console/rassembler/", follow=True
    )
    assert "La classe est appelée au point de rendez-vous" in html.unescape(
        response.content.decode()
    )


def test_a_class_without_booking_has_no_console():
    booking = booked_class()
    client = teacher_client(booking)
    booking.delete()
    assert client.get(f"/enseignants/classes/{booking.school_class.pk}/console/").status_code == 404


def activity(booking):
    """Two pupils: one stamped two buildings (one by a testimonial), the other none."""
    first = booking.school_class.pupils.order_by("pseudonym").first()
    edition = booking.school_class.edition
    port = BuildingFactory(edition=edition, name="Port de commerce")
    plant = BuildingFactory(edition=edition, name="Usine d'avions")
    watch_testimonial(first, TestimonialFactory(company=port.company, published=True))
    watch_testimonial(first, TestimonialFactory(company=plant.company, published=True))
    return first


def test_the_report_shows_figures_a_chart_and_its_table():
    booking = booked_class(pupils=2)
    activity(booking)
    page = teacher_client(booking).get(f"/enseignants/classes/{booking.school_class.pk}/bilan/")
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert '<dd data-figure="stamps">2</dd>' in text
    assert '<dd data-figure="testimonials">2</dd>' in text
    assert '<dd data-figure="passports">0</dd>' in text
    assert '<svg role="img"' in text
    assert text.count('<rect x="260"') == 2
    assert '<th scope="row">Port de commerce</th><td>1</td>' in text


def test_the_report_and_certificates_are_pdfs():
    booking = booked_class(pupils=3)
    activity(booking)
    client = teacher_client(booking)
    pk = booking.school_class.pk
    report = client.get(f"/enseignants/classes/{pk}/bilan.pdf")
    assert report.status_code == 200
    assert report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    certificates = client.get(f"/enseignants/classes/{pk}/attestations.pdf")
    assert certificates.content.startswith(b"%PDF")
    from weasyprint import HTML

    context = {
        "school_class": booking.school_class,
        "report": class_report(school_class=booking.school_class),
    }
    pages = HTML(string=render_to_string("schools/certificates_pdf.html", context)).render().pages
    # One page per pupil who took part: the two absent pupils get none.
    assert len(pages) == 1


def three_ways_of_taking_part(booking):
    """Five pupils: one stamped two buildings, one only entered a building (no stamp yet), one
    only voted in the live exchange, one only asked a question, one never came."""
    stamped, entered, voter, asker, _absent = booking.school_class.pupils.order_by("pseudonym")
    edition = booking.school_class.edition
    for _building in range(2):
        company = BuildingFactory(edition=edition).company
        watch_testimonial(stamped, TestimonialFactory(company=company, published=True))
    building = BuildingFactory(edition=edition)
    passport.record_presence(pupil=entered, building_slug=building.slug)
    room = LiveRoom.objects.create(booking=booking)
    question = Question.objects.create(room=room, author=asker, text="Vous travaillez la nuit ?")
    Upvote.objects.create(question=question, pupil=voter)


def test_only_pupils_who_took_part_get_a_certificate():
    booking = booked_class(pupils=5)
    three_ways_of_taking_part(booking)
    report = class_report(school_class=booking.school_class)
    assert [line.pseudonym for line in report.certificates] == [
        "Grue Rapide 1",
        "Grue Rapide 2",
        "Grue Rapide 3",
        "Grue Rapide 4",
    ]
    assert [line.took_part for line in report.pupils] == [True, True, True, True, False]


def test_a_certificate_never_says_zero_buildings_and_counts_in_good_french():
    booking = booked_class(pupils=5)
    three_ways_of_taking_part(booking)
    context = {
        "school_class": booking.school_class,
        "report": class_report(school_class=booking.school_class),
    }
    text = html.unescape(render_to_string("schools/certificates_pdf.html", context))
    assert text.count('<section class="certificate">') == 4
    assert "Grue Rapide 5" not in text
    assert "0 bâtiment" not in text
    assert text.count("2 bâtiments visités") == 1
    assert text.count("a pris part à l'échange en direct avec un·e professionnel·le") == 2
    title = f"<title>Attestations de participation — classe {booking.school_class.name}</title>"
    assert title in text


def test_a_single_stamp_is_singular():
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    building = BuildingFactory(edition=booking.school_class.edition)
    watch_testimonial(pupil, TestimonialFactory(company=building.company, published=True))
    context = {
        "school_class": booking.school_class,
        "report": class_report(school_class=booking.school_class),
    }
    assert "<p>1 bâtiment visité</p>" in render_to_string("schools/certificates_pdf.html", context)


def test_the_report_says_how_many_certificates_and_who_gets_one():
    booking = booked_class(pupils=5)
    three_ways_of_taking_part(booking)
    page = teacher_client(booking).get(f"/enseignants/classes/{booking.school_class.pk}/bilan/")
    text = html.unescape(page.content.decode())
    assert "4 attestations de participation (PDF)</a>" in text
    assert 'data-certificates="4"' in text
    assert "Les élèves qui n'ont pas rejoint la session n'ont pas d'attestation." in text
    assert text.count("<td>oui</td></tr>") == 4
    assert '<th scope="row">Grue Rapide 5</th>' in text
    assert text.count("<td>non</td></tr>") == 1


def test_before_anyone_takes_part_there_is_no_certificate_to_print():
    booking = booked_class(pupils=3)
    client = teacher_client(booking)
    pk = booking.school_class.pk
    text = html.unescape(client.get(f"/enseignants/classes/{pk}/bilan/").content.decode())
    assert "attestations.pdf" not in text
    assert "Pas encore d'attestation : aucun élève n'a participé" in text
    response = client.get(f"/enseignants/classes/{pk}/attestations.pdf")
    assert response.status_code == 404


def test_the_console_s_reads_do_not_grow_with_the_class(django_assert_num_queries):
    booking = booked_class(pupils=12)
    for pupil in booking.school_class.pupils.all()[:5]:
        seated_session(pupil)
    client = teacher_client(booking)
    url = f"/enseignants/classes/{booking.school_class.pk}/console/"
    assert client.get(url).status_code == 200
    # Account, pupils with their passports (counted once for the table and the exchange's
    # state); the class with its booking, edition, live room and pseudonyms (class_pages.py), the
    # teacher's row and the schedule's current run come from the cache.
    with django_assert_num_queries(2):
        page = client.get(url)
    freeing = f'<form method="post" action="{url}liberer/'
    assert page.content.decode().count(freeing) == 5  # one per seated pupil


def test_a_moved_slot_shows_its_new_times_on_the_next_console_page():
    booking = booked_class()
    client = teacher_client(booking)
    url = f"/enseignants/classes/{booking.school_class.pk}/console/"
    slot = booking.slot
    before = html.unescape(client.get(url).content.decode())
    assert f"Session du {slot}." in before

    slot.starts_at += datetime.timedelta(days=1, hours=1)
    slot.save()
    after = html.unescape(client.get(url).content.decode())

    assert f"Session du {slot}." in after
    assert f"Session du {slot}." not in before
