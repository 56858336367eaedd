import datetime
import re
import subprocess

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone

from tests.exhibits.factories import (
    ExhibitorFactory,
    JobProfileFactory,
    TradeFactory,
    catalogue_trade,
)
from tests.fair.factories import BuildingFactory, EditionFactory, SessionSlotFactory
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory, TeacherFactory
from tests.schools.helpers import booked_class
from tests.tools import require
from usine.fair.models import SessionSlot
from usine.schools.models import Booking, Pupil, SchoolClass, Teacher

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "claire.martin@ac-paris.fr",
    "first_name": "Claire",
    "last_name": "Martin",
    "password1": "un-mot-de-passe-solide",
    "password2": "un-mot-de-passe-solide",
    "uai": "0750654D",
    "school_name": "Lycée Henri-IV",
    "school_town": "Paris",
}


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def teacher(edition):
    return TeacherFactory()


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher.user)
    return client


def test_sign_up_confirm_and_reach_the_classes(client, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:signup_sent")
    assert "claire.martin@ac-paris.fr" in client.get(response["Location"]).content.decode()
    # Not confirmed yet: signing in is refused. (Through the login page: django-axes, which
    # throttles signing in, needs the request that client.login() does not give.)
    credentials = {"username": "claire.martin@ac-paris.fr", "password": "un-mot-de-passe-solide"}
    assert client.post(reverse("login"), credentials).status_code == 200

    link = re.search(r"http://testserver(/enseignants/confirmer/\S+)", mail.outbox[0].body)[1]
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:classes")
    assert client.get(reverse("schools:classes")).status_code == 200
    client.logout()
    assert client.post(reverse("login"), credentials).status_code == 302


def test_a_used_or_forged_confirmation_link_answers_400(client, edition):
    response = client.get(reverse("schools:confirm", args=["MQ", "faux"]))
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    ("uai", "message"),
    [("075065", "7 chiffres suivis d&#x27;une lettre"), ("0750654E", "lettre de contrôle")],
)
def test_a_malformed_uai_gets_a_form_error_and_no_account(client, edition, uai, message):
    response = client.post(reverse("schools:signup"), {**SIGNUP, "uai": uai})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not Teacher.objects.exists()


def test_signing_up_with_a_registered_address_tells_only_its_owner(
    client, teacher, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(reverse("schools:signup"), SIGNUP, follow=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse("schools:signup"), {**SIGNUP, "email": teacher.user.email.upper()}, follow=True
        )

    # The page says what it says to anyone: whether the address has an account stays secret.
    assert again.redirect_chain == fresh.redirect_chain == [(reverse("schools:signup_sent"), 302)]
    assert Teacher.objects.count() == 2
    (sent,) = mail.outbox
    assert sent.to == [teacher.user.email]
    assert sent.subject == "Usine : vous avez déjà un compte"
    assert "http://testserver/comptes/password_reset/" in sent.body


def test_signing_up_again_before_confirming_sends_a_new_link(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:signup"), SIGNUP)
    first = re.search(r"http://testserver(/enseignants/confirmer/\S+)", mail.outbox[0].body)[1]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:signup"), SIGNUP)

    assert Teacher.objects.count() == 1
    second = re.search(r"http://testserver(/enseignants/confirmer/\S+)", mail.outbox[1].body)[1]
    assert client.get(second).status_code == 302
    assert first.startswith("/enseignants/confirmer/")


def test_teacher_pages_need_a_teacher(client, edition):
    url = reverse("schools:classes")
    assert client.get(url).status_code == 302
    client.force_login(ExhibitorFactory().user)
    assert client.get(url).status_code == 404


def test_create_a_class_by_hand(teacher_client, edition, teacher):
    welder = catalogue_trade("H2913")
    for title in ("Soudeur·se", "Soudeuse TIG"):  # two companies, one trade
        job = JobProfileFactory(title=title, trade=welder)
        BuildingFactory(edition=edition, company=job.company)
    page = teacher_client.get(reverse("schools:class_new")).content.decode()
    assert page.count(f'value="{welder.pk}"') == 1
    assert "<legend>Soudage, chaudronnerie, usinage</legend>" in page
    response = teacher_client.post(
        reverse("schools:class_new"),
        {"name": "3e B", "level": "3e", "pupil_count": "25", "wanted_trades": [welder.pk]},
    )
    school_class = SchoolClass.objects.get(teacher=teacher)
    assert response["Location"] == school_class.get_absolute_url()
    assert school_class.pupils.count() == 25
    assert list(school_class.wanted_trades.all()) == [welder]
    page = teacher_client.get(school_class.get_absolute_url()).content.decode()
    assert "<dd>Soudeur·se</dd>" in page
    assert school_class.code_display in page
    assert school_class.pupils.first().pseudonym in page


def test_a_class_wishes_for_a_dozen_trades_at_most(teacher_client, edition, teacher):
    trades = [TradeFactory() for _ in range(13)]
    for trade in trades:
        BuildingFactory(edition=edition, company=JobProfileFactory(trade=trade).company)
    data = {"name": "3e B", "level": "3e", "pupil_count": "25"}

    response = teacher_client.post(
        reverse("schools:class_new"), {**data, "wanted_trades": [t.pk for t in trades]}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["wanted_trades"] == [
        "Choisissez au plus 12 métiers (13 cochés)."
    ]
    assert not SchoolClass.objects.exists()


def test_bad_class_input_gets_form_errors(teacher_client, edition, teacher):
    SchoolClassFactory(teacher=teacher, name="3e B")
    response = teacher_client.post(
        reverse("schools:class_new"), {"name": "3E b", "level": "3e", "pupil_count": "41"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vous avez déjà une classe de ce nom." in page
    assert "inférieure ou égale à 40" in page
    assert SchoolClass.objects.count() == 1


def test_another_teachers_class_answers_404_everywhere(teacher_client, edition):
    other = SchoolClassFactory()
    pupil = PupilFactory(school_class=other)
    slot = SessionSlotFactory()
    for name in ("class", "class_edit", "class_delete", "sheet", "sheet_pdf", "invitation"):
        assert teacher_client.get(reverse(f"schools:{name}", args=[other.pk])).status_code == 404
    for name in ("class_code", "pupil_add", "cancel", "class_delete"):
        assert teacher_client.post(reverse(f"schools:{name}", args=[other.pk])).status_code == 404
    remove = reverse("schools:pupil_remove", args=[other.pk])
    assert teacher_client.post(remove, {"pupil": pupil.pk}).status_code == 404
    book = teacher_client.post(reverse("schools:book"), {"school_class": other.pk, "slot": slot.pk})
    assert book.status_code == 404
    assert SchoolClass.objects.get(pk=other.pk).code == other.code
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert not Booking.objects.exists()


def test_regenerate_the_code_and_add_and_remove_pupils(teacher_client, teacher):
    school_class = SchoolClassFactory(teacher=teacher, pupil_count=2)
    first, _second = PupilFactory.create_batch(2, school_class=school_class)
    old = school_class.code
    teacher_client.post(reverse("schools:class_code", args=[school_class.pk]))
    assert SchoolClass.objects.get(pk=school_class.pk).code != old

    teacher_client.post(reverse("schools:pupil_add", args=[school_class.pk]))
    assert school_class.pupils.count() == 3
    remove = reverse("schools:pupil_remove", args=[school_class.pk])
    page = teacher_client.get(school_class.get_absolute_url()).content.decode()
    assert (
        f'name="pupil" value="{first.pk}" class="link" aria-label="Retirer {first.pseudonym}"'
        in page
    )
    teacher_client.post(remove, {"pupil": first.pk})
    assert school_class.pupils.count() == 2
    for bad in ({}, {"pupil": "abc"}, {"pupil": "99999999999999999999"}):
        assert teacher_client.post(remove, bad).status_code == 404
    assert school_class.pupils.count() == 2
    assert SchoolClass.objects.get(pk=school_class.pk).pupil_count == 2


def test_the_class_sheet_has_the_code_the_qr_code_and_the_pseudonyms(
    teacher_client, teacher, tmp_path
):
    school_class = SchoolClassFactory(teacher=teacher)
    PupilFactory(school_class=school_class, pseudonym="Grue Rapide")
    page = teacher_client.get(reverse("schools:sheet", args=[school_class.pk])).content.decode()
    assert school_class.code_display in page
    assert "Grue Rapide" in page
    assert "<svg" in page
    assert f"/rejoindre/?code={school_class.code_display}" in page

    response = teacher_client.get(reverse("schools:sheet_pdf", args=[school_class.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert qr_codes_in_pdf(response.content, tmp_path) == [
        f"http://testserver/rejoindre/?code={school_class.code_display}"
    ]


def test_the_class_sheet_numbers_the_pseudonyms_as_the_class_page_does(teacher_client, teacher):
    # n° 2 on the printed sheet is the same pupil as n° 2 on the class page and the join page:
    # in reading order ("Câble" among the C, "Écrou" among the E), not the database's.
    school_class = SchoolClassFactory(teacher=teacher)
    for pseudonym in ("Écrou Agile", "Courroie Solide", "Câble Limpide", "Axe Vif"):
        PupilFactory(school_class=school_class, pseudonym=pseudonym)
    sheet = teacher_client.get(reverse("schools:sheet", args=[school_class.pk])).content.decode()
    listed = sheet.split('<ol class="sheet-pseudonyms">')[1].split("</ol>")[0]
    assert listed == (
        "\n<li>Axe Vif</li><li>Câble Limpide</li><li>Courroie Solide</li><li>Écrou Agile</li>\n"
    )


def qr_codes_in_pdf(pdf: bytes, folder) -> list[str]:
    """What a phone reads off the printed sheet: the PDF drawn at 150 dpi, then decoded by zbar."""
    (folder / "sheet.pdf").write_bytes(pdf)
    subprocess.run(
        [require("pdftoppm"), "-r", "150", "-png", folder / "sheet.pdf", folder / "page"],
        check=True,
        timeout=60,
    )
    pages = sorted(str(page) for page in folder.glob("page*.png"))
    decoded = subprocess.run(
        [require("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *pages],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return decoded.stdout.splitlines()


def test_the_join_page_prefills_the_code(client):
    page = client.get(reverse("schools:join"), {"code": "K7QH-3MXP-9TRW"}).content.decode()
    assert 'value="K7QH-3MXP-9TRW"' in page


def test_csv_preview_then_confirm_imports_everything(teacher_client, teacher, edition):
    data = "\ufeffclasse;niveau;effectif\r\n3e A;3e;20\r\n3e B;3e;21\r\n".encode()
    response = teacher_client.post(
        reverse("schools:class_import"), {"file": SimpleUploadedFile("classes.csv", data)}
    )
    assert response.status_code == 200
    assert not SchoolClass.objects.exists()  # nothing before confirmation
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
    response = teacher_client.post(
        reverse("schools:class_import"), {"action": "confirm", "token": token}
    )
    assert response.status_code == 302
    assert sorted(SchoolClass.objects.values_list("name", "pupil_count")) == [
        ("3e A", 20),
        ("3e B", 21),
    ]
    # The same confirmation cannot run twice.
    again = teacher_client.post(
        reverse("schools:class_import"), {"action": "confirm", "token": token}
    )
    assert again.status_code == 400
    assert SchoolClass.objects.count() == 2


def test_a_csv_with_errors_shows_them_and_offers_no_confirmation(teacher_client, edition):
    data = b"classe;niveau;effectif\n3e A;3e;20\n3e A;3e;20\n"
    response = teacher_client.post(
        reverse("schools:class_import"), {"file": SimpleUploadedFile("c.csv", data)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Même classe qu&#x27;à la ligne 2." in page
    assert 'name="token"' not in page
    assert 'role="alert"' in page


def test_a_csv_with_wrong_columns_gets_a_clear_message(teacher_client, edition):
    response = teacher_client.post(
        reverse("schools:class_import"),
        {"file": SimpleUploadedFile("c.csv", b"nom;prenom\nDupont;Jean\n")},
    )
    assert response.status_code == 400
    assert "La première ligne doit nommer les colonnes" in response.content.decode()


def test_book_from_the_calendar_then_cancel(teacher_client, teacher, edition):
    slot = SessionSlotFactory(capacity=2)
    school_class = SchoolClassFactory(teacher=teacher)
    page = teacher_client.get(reverse("schools:slots")).content.decode()
    assert "2 places restantes" in page
    response = teacher_client.post(
        reverse("schools:book"), {"school_class": school_class.pk, "slot": slot.pk}
    )
    assert response.status_code == 302
    assert SessionSlot.objects.get(pk=slot.pk).booked == 1
    assert "1 place restante" in teacher_client.get(reverse("schools:slots")).content.decode()

    ics = teacher_client.get(reverse("schools:invitation", args=[school_class.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VTIMEZONE" in ics.content

    teacher_client.post(reverse("schools:cancel", args=[school_class.pk]))
    assert SessionSlot.objects.get(pk=slot.pk).booked == 0
    assert not Booking.objects.exists()


def test_booking_a_full_slot_says_complet(teacher_client, teacher):
    slot = SessionSlotFactory(capacity=1)
    BookingFactory(slot=slot)
    school_class = SchoolClassFactory(teacher=teacher)
    calendar = teacher_client.get(reverse("schools:slots")).content.decode()
    assert calendar.count('<span class="badge">complet</span>') == 1
    response = teacher_client.post(
        reverse("schools:book"), {"school_class": school_class.pk, "slot": slot.pk}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'role="alert">Ce créneau est complet' in page
    assert not Booking.objects.filter(school_class=school_class).exists()


def test_booking_a_past_slot_gets_a_clear_message(teacher_client, teacher):
    slot = SessionSlotFactory(starts_at=datetime.datetime(2020, 11, 23, 8, 30, tzinfo=datetime.UTC))
    school_class = SchoolClassFactory(teacher=teacher)
    response = teacher_client.post(
        reverse("schools:book"), {"school_class": school_class.pk, "slot": slot.pk}
    )
    assert response.status_code == 409
    assert "a déjà commencé" in response.content.decode()


@pytest.mark.parametrize("slot", ["", "abc", "999999"])
def test_booking_without_a_real_slot_gets_a_clear_message(teacher_client, teacher, slot):
    school_class = SchoolClassFactory(teacher=teacher)
    response = teacher_client.post(
        reverse("schools:book"), {"school_class": school_class.pk, "slot": slot}
    )
    assert response.status_code == 409
    assert "Ce créneau n&#x27;existe pas" in response.content.decode()


def test_the_anonymisation_wish_is_saved(teacher_client, teacher):
    teacher_client.post(reverse("schools:account"), {"wants_anonymisation": "on"})
    assert Teacher.objects.get(pk=teacher.pk).wants_anonymisation is True
    teacher_client.post(reverse("schools:account"), {})
    assert Teacher.objects.get(pk=teacher.pk).wants_anonymisation is False


def test_without_an_open_edition_the_pages_say_so(client):
    teacher = TeacherFactory()
    client.force_login(teacher.user)
    assert client.get(reverse("schools:class_new")).status_code == 409
    assert "Aucune édition" in client.get(reverse("schools:classes")).content.decode()


def test_a_class_in_session_links_to_its_console_from_the_class_list(client):
    running = booked_class(started_ago=datetime.timedelta(minutes=20))
    teacher = running.school_class.teacher
    later = SchoolClassFactory(teacher=teacher, edition=running.school_class.edition)
    BookingFactory(school_class=later)
    client.force_login(teacher.user)

    page = client.get(reverse("schools:classes")).content.decode()

    assert page.count("en cours : suivre la classe") == 1
    assert reverse("schools:console", kwargs={"pk": running.school_class.pk}) in page
    assert reverse("schools:console", kwargs={"pk": later.pk}) not in page


@pytest.mark.parametrize(("minute", "shown"), [(30, False), (56, True), (75, True), (95, False)])
def test_the_way_into_the_live_exchange_shows_from_minute_55(client, minute, shown):
    booking = booked_class(started_ago=datetime.timedelta(minutes=minute))
    school_class = booking.school_class
    client.force_login(school_class.teacher.user)
    way_in = reverse("live:teacher_exchange", kwargs={"pk": school_class.pk})

    for page in ("schools:classes", "schools:class", "schools:console"):
        args = [] if page == "schools:classes" else [school_class.pk]
        assert (way_in in client.get(reverse(page, args=args)).content.decode()) is shown, page


def test_after_the_fair_the_pages_say_it_is_over(client):
    archived = EditionFactory(state="archived")
    teacher = TeacherFactory()
    client.force_login(teacher.user)
    assert archived.takes_classes is False
    response = client.get(reverse("schools:class_new"))
    assert response.status_code == 409
    assert "Le salon est terminé : les réservations" in response.content.decode()
    assert "Le salon est terminé : les réservations" in (
        client.get(reverse("schools:classes")).content.decode()
    )


def test_the_class_page_s_reads_do_not_grow_with_the_class(client, django_assert_num_queries):
    booking = booked_class(pupils=12)
    booking.school_class.wanted_trades.add(TradeFactory(), TradeFactory())
    client.force_login(booking.school_class.teacher.user)
    url = booking.school_class.get_absolute_url()
    assert client.get(url).status_code == 200
    # The account; the class with its booking, edition, trades and pupils (class_pages.py), the
    # teacher's row and the schedule's current run come from the cache.
    with django_assert_num_queries(1):
        page = client.get(url)
    assert page.content.decode().count('name="pupil" value="') == 12


@pytest.mark.django_db
def test_a_moved_slot_shows_its_new_times_on_the_next_class_page(client):
    booking = booked_class()
    client.force_login(booking.school_class.teacher.user)
    url = reverse("schools:class", kwargs={"pk": booking.school_class.pk})
    client.get(url)
    slot = booking.slot

    slot.starts_at += datetime.timedelta(days=1, hours=1)
    slot.save()
    page = client.get(url).content.decode()

    local = timezone.localtime(slot.starts_at)
    assert f"Réservée le {formats.date_format(local, 'l j F Y')}, de {local:%H:%M}" in page


CANCEL_BUTTON = '<button type="submit" class="secondary">Annuler la réservation</button>'


def test_the_class_page_offers_to_cancel_the_booking_until_the_session_starts(client):
    booking = booked_class(started_ago=-datetime.timedelta(days=2))
    client.force_login(booking.school_class.teacher.user)
    url = reverse("schools:class", kwargs={"pk": booking.school_class.pk})
    cancel = reverse("schools:cancel", kwargs={"pk": booking.school_class.pk})
    page = client.get(url).content.decode()
    assert f'<form method="post" action="{cancel}">' in page
    assert CANCEL_BUTTON in page

    # The session starts: cancelling would be refused, so the page no longer offers it (nothing
    # kept from the page drawn before the start).
    booking.slot.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    booking.slot.save()
    page = client.get(url).content.decode()
    assert f'action="{cancel}"' not in page
    assert "Annuler la réservation" not in page


def test_the_class_page_during_the_session_has_no_cancel_button(client):
    booking = booked_class()  # started ten minutes ago
    client.force_login(booking.school_class.teacher.user)
    page = client.get(booking.school_class.get_absolute_url()).content.decode()
    assert "Réservée le" in page
    assert "Annuler la réservation" not in page
