import datetime

import pytest
from icalendar import Calendar

from tests.exhibits.factories import ExhibitorFactory
from tests.professionals.factories import ProfessionalFactory
from tests.professionals.world import build_world
from tests.users.factories import UserFactory
from usine.exhibits.models import Trade
from usine.professionals import schedule
from usine.professionals.models import Assignment, Professional, ScheduleRun

NOW = datetime.datetime(2031, 11, 1, tzinfo=datetime.UTC)


@pytest.fixture
def scheduled():
    world = build_world()
    run = ScheduleRun.objects.create(edition=world.edition, women_target_share=0.5)
    schedule.execute_run(run_id=run.pk, now=NOW)
    world.run = run
    return world


def profile_data(pro, **changes):
    data = {
        "first_name": pro.first_name,
        "trade": pro.trade_id,
        "job": pro.job_id or "",
        "company": pro.company_id,
        "presentation": pro.presentation,
        "gender": pro.gender,
        "charter": "on",
        "max_per_day": pro.max_per_day,
        "slots": [s.pk for s in pro.available_slots.all()],
    }
    return {**data, **changes}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/professionnels/profil/", "/professionnels/echanges/"])
def test_professional_pages_need_a_profile(client, url):
    build_world()
    assert client.get(url).url.startswith("/comptes/login/")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_profile_groups_slots_by_day_and_explains_gender(client):
    world = build_world()
    alice = world.pros["alice"]
    client.force_login(alice.user)

    html = client.get("/professionnels/profil/").content.decode()

    assert "lundi 24 novembre 2031" in html
    assert "mardi 25 novembre 2031" in html
    assert "session 09:30 \u2013 11:00" in html
    assert "jamais affichée à côté de votre nom" in html
    assert "Charte des échanges avec des mineurs" in html
    assert html.count('type="checkbox" name="slots"') == 3
    assert html.count('name="slots" value') == 3


@pytest.mark.django_db
def test_the_profile_is_saved(client):
    world = build_world()
    dan = world.pros["dan"]
    client.force_login(dan.user)

    response = client.post(
        "/professionnels/profil/",
        profile_data(
            dan,
            presentation="Je dessine des usines.",
            gender="man",
            slots=[world.slots[1].pk, world.slots[2].pk],
        ),
    )

    assert response.status_code == 302
    dan.refresh_from_db()
    assert dan.presentation == "Je dessine des usines."
    assert dan.gender == Professional.Gender.MAN
    assert set(dan.available_slots.all()) == {world.slots[1], world.slots[2]}


@pytest.mark.django_db
def test_bad_profile_input_gets_form_errors_and_keeps_the_data(client):
    world = build_world()
    dan = world.pros["dan"]
    client.force_login(dan.user)
    for bad in (
        {"max_per_day": "0"},
        {"max_per_day": "deux"},
        {"job": "999999"},
        {"slots": ["999999"]},
        {"gender": "robot"},
        {"presentation": "x" * 601},
        {"job": world.weld.pk},  # a job of another company than the one chosen
        {"trade": ""},
        {"trade": "999999"},
        {"trade": "1e99"},
    ):
        response = client.post("/professionnels/profil/", profile_data(dan, **bad))
        assert response.status_code == 200, bad
        assert "Le formulaire contient des erreurs" in response.content.decode(), bad
    dan.refresh_from_db()
    assert dan.max_per_day == 3
    assert dan.job == world.design


@pytest.mark.django_db
def test_a_professional_chooses_their_trade_grouped_by_family_and_the_job_profile_is_optional(
    client,
):
    world = build_world()
    dan = world.pros["dan"]
    other = Trade.objects.exclude(pk=dan.trade_id).order_by("name").first()
    client.force_login(dan.user)

    page = client.get("/professionnels/profil/").content.decode()
    assert f'<option value="{dan.trade_id}" selected>{dan.trade.name}</option>' in page
    assert f'<optgroup label="{Trade.Family(dan.trade.family).label}">' in page

    response = client.post(
        "/professionnels/profil/", profile_data(dan, trade=other.pk, job="", company="")
    )

    assert response.status_code == 302
    dan.refresh_from_db()
    assert (dan.trade, dan.job) == (other, None)


@pytest.mark.django_db
def test_a_job_profile_of_another_trade_than_the_chosen_one_is_a_form_error(client):
    world = build_world()
    dan = world.pros["dan"]
    other = Trade.objects.exclude(pk=dan.trade_id).order_by("name").first()
    client.force_login(dan.user)

    response = client.post("/professionnels/profil/", profile_data(dan, trade=other.pk))

    assert response.status_code == 200
    assert (
        f"Cette fiche présente un autre métier ({dan.trade.name}) que le vôtre."
        in response.content.decode()
    )
    dan.refresh_from_db()
    assert dan.trade == world.design.trade


@pytest.mark.django_db
def test_a_professional_sees_only_their_own_exchanges(client, scheduled):
    bob = scheduled.pros["bob"]
    alice_row = Assignment.objects.get(run=scheduled.run, professional=scheduled.pros["alice"])
    bob_rows = list(Assignment.objects.filter(run=scheduled.run, professional=bob))
    client.force_login(bob.user)

    page = client.get("/professionnels/echanges/").content.decode()

    assert "3e c2" in page
    assert "3e c4" in page
    assert "3e c1" not in page
    assert client.get(f"/professionnels/echanges/{alice_row.pk}/annuler/").status_code == 404
    assert client.post(f"/professionnels/echanges/{alice_row.pk}/annuler/").status_code == 404
    assert client.get(f"/professionnels/echanges/{alice_row.pk}/invitation.ics").status_code == 404
    own = client.get(f"/professionnels/echanges/{bob_rows[0].pk}/invitation.ics")
    assert own.status_code == 200
    (event,) = [c for c in Calendar.from_ical(own.content).walk() if c.name == "VEVENT"]
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    triggers = [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]
    assert triggers == [-datetime.timedelta(days=1), -datetime.timedelta(minutes=15)]


@pytest.mark.django_db
def test_a_professional_enters_each_room_from_the_page_until_the_exchange_ends(client, scheduled):
    bob = scheduled.pros["bob"]
    c2, c4 = scheduled.bookings["c2"], scheduled.bookings["c4"]
    client.force_login(bob.user)

    page = client.get("/professionnels/echanges/").content.decode()
    assert page.count("Entrer dans la salle de l'échange") == 2
    assert f'href="/direct/{c2.live_room.pk}/"' in page
    assert f'href="/direct/{c4.live_room.pk}/"' in page

    # c2's exchange is over: its row stays, without the way in.
    c2.slot.starts_at = datetime.datetime(2021, 11, 24, 8, 30, tzinfo=datetime.UTC)
    c2.slot.save(update_fields=["starts_at"])
    page = client.get("/professionnels/echanges/").content.decode()
    assert "3e c2" in page
    assert f'href="/direct/{c2.live_room.pk}/"' not in page
    assert f'href="/direct/{c4.live_room.pk}/"' in page
    assert client.get(f"/direct/{c4.live_room.pk}/").status_code == 200


@pytest.mark.django_db
def test_cancelling_through_the_page(client, scheduled, django_capture_on_commit_callbacks):
    bob = scheduled.pros["bob"]
    tuesday = Assignment.objects.get(run=scheduled.run, booking=scheduled.bookings["c4"])
    client.force_login(bob.user)

    assert client.get(f"/professionnels/echanges/{tuesday.pk}/annuler/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/professionnels/echanges/{tuesday.pk}/annuler/")

    assert response.status_code == 302
    current = schedule.current_run(edition=scheduled.edition)
    assert (
        current.assignments.get(booking=scheduled.bookings["c4"]).professional
        == (scheduled.pros["alice"])
    )
    # The old row belongs to the previous run: it is no longer Bob's to cancel.
    assert client.post(f"/professionnels/echanges/{tuesday.pk}/annuler/").status_code == 404


@pytest.mark.django_db
def test_an_exhibitor_invites_a_colleague(client, django_capture_on_commit_callbacks):
    world = build_world()
    exhibitor = ExhibitorFactory(company=world.weld.company)
    client.force_login(exhibitor.user)

    assert client.get("/exposant/professionnels/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exposant/professionnels/",
            {"email": "ines@example.org", "first_name": "Inès", "job": world.weld.pk},
        )
    assert response.status_code == 302
    pro = Professional.objects.get(user__email="ines@example.org")
    assert pro.company == world.weld.company
    assert pro.invited_by == exhibitor.user
    # Another company's job is not offered.
    refused = client.post(
        "/exposant/professionnels/",
        {"email": "leo@example.org", "first_name": "Léo", "job": world.design.pk},
    )
    assert "Le formulaire contient des erreurs" in refused.content.decode()

    client.force_login(ProfessionalFactory(edition=world.edition).user)
    assert client.get("/exposant/professionnels/").status_code == 403
