import datetime

import pytest
from django.core import mail

from tests.exhibits.factories import JobProfileFactory
from tests.fair.factories import EditionFactory
from tests.professionals.world import build_world
from tests.schools.factories import BookingFactory, SchoolClassFactory
from tests.users.factories import UserFactory
from usine.fair.models import Edition
from usine.professionals import schedule
from usine.professionals.models import Professional, ScheduleRun

NOW = datetime.datetime(2031, 11, 1, tzinfo=datetime.UTC)
PAGES = [
    "/organisation/direct/disponibilites/",
    "/organisation/direct/inviter/",
    "/organisation/direct/planning/",
]


@pytest.fixture
def organizer(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_organizer_pages_are_for_staff_only(client, url):
    build_world()
    assert client.get(url).status_code == 302
    assert client.get(url).url.startswith("/comptes/login/")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_without_an_open_edition_the_pages_say_so(client, organizer):
    EditionFactory(state=Edition.State.DRAFT)
    response = client.get("/organisation/direct/planning/")
    assert response.status_code == 404
    assert "Aucune édition ouverte" in response.content.decode()


@pytest.mark.django_db
def test_availability_lists_who_can_take_each_slot_per_trade(client, organizer):
    build_world()

    html = client.get("/organisation/direct/disponibilites/").content.decode()

    assert '<th scope="col">Soudeur·se<br><small>H2913</small></th>' in html
    assert '<th scope="col">Dessinateur·rice-projeteur·se<br><small>H1203</small></th>' in html
    # Monday 09:30: two classes; Alice (weld) and Bob (design); Carol has no charter.
    row = html.split('<th scope="row">09:30</th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row
    assert "Alice" in row
    assert "Bob" in row
    assert "Carol" not in row
    assert "non acceptée" in html  # Carol, in the list of professionals


@pytest.mark.django_db
def test_the_run_form_rejects_bad_input_without_a_500(client, organizer):
    build_world()
    for value in ("150", "-1", "beaucoup", ""):
        response = client.post("/organisation/direct/planning/", {"women_target": value})
        assert response.status_code == 400
        assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not ScheduleRun.objects.exists()


@pytest.mark.django_db
def test_a_run_is_queued_followed_and_reported(
    client, organizer, django_capture_on_commit_callbacks
):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/organisation/direct/planning/", {"women_target": "40"})
    run = ScheduleRun.objects.get()
    assert response.status_code == 302
    assert response.url == f"/organisation/direct/planning/{run.pk}/"
    assert run.women_target_share == 0.4
    assert run.started_by == organizer
    assert len(callbacks) == 1  # the enqueue, once committed

    page = client.get(response.url).content.decode()
    assert "data-run-progress" in page
    assert "schedule_progress.js" in page
    progress = client.get(f"/organisation/direct/planning/{run.pk}/avancement").json()
    assert progress == {
        "status": "queued",
        "progress": 0,
        "error": "",
        "status_label": "en attente",
    }

    schedule.execute_run(run_id=run.pk, now=NOW)
    assert (
        client.get(f"/organisation/direct/planning/{run.pk}/avancement").json()["status"] == "done"
    )
    page = client.get(response.url).content.decode()
    assert "4 classes sur 4 ont un·e professionnel·le." in page
    assert "Toutes les classes ont un·e professionnel·le." in page
    assert "Remplaçant·es possibles par créneau" in page
    assert world.pros["alice"].first_name in page


@pytest.mark.django_db
def test_the_report_translates_reasons(client, organizer):
    world = build_world()
    BookingFactory(school_class=SchoolClassFactory(edition=world.edition), slot=world.slots[0])
    run = ScheduleRun.objects.create(edition=world.edition, women_target_share=0.5)
    schedule.execute_run(run_id=run.pk, now=NOW)

    page = client.get(f"/organisation/direct/planning/{run.pk}/").content.decode()

    assert "Toutes les personnes disponibles sur ce créneau ont déjà un échange" in page
    assert "all_taken" not in page


@pytest.mark.django_db
def test_unknown_runs_answer_404(client, organizer):
    world = build_world()
    other = ScheduleRun.objects.create(
        edition=EditionFactory(state=Edition.State.ARCHIVED), women_target_share=0.5
    )
    assert world.edition != other.edition
    assert client.get(f"/organisation/direct/planning/{other.pk}/").status_code == 404
    response = client.get("/organisation/direct/planning/999999/avancement")
    assert response.status_code == 404
    assert response.json() == {"error": "Calcul introuvable."}


@pytest.mark.django_db
def test_the_organizer_invites_a_professional(
    client, organizer, django_capture_on_commit_callbacks
):
    world = build_world()
    data = {
        "email": "nina@example.org",
        "first_name": "Nina",
        "company": world.weld.company.pk,
        "job": world.weld.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organisation/direct/inviter/", data)
    assert response.status_code == 302
    pro = Professional.objects.get(user__email="nina@example.org")
    assert pro.invited_by == organizer
    assert mail.outbox[0].to == ["nina@example.org"]

    again = client.post("/organisation/direct/inviter/", data)
    assert again.status_code == 200
    assert "déjà invitée pour cette édition" in again.content.decode()
    mismatch = client.post(
        "/organisation/direct/inviter/",
        {**data, "email": "o@example.org", "job": world.design.pk},
    )
    assert "pas celui de cette entreprise" in mismatch.content.decode()
    unknown = client.post(
        "/organisation/direct/inviter/",
        {"email": "pas-une-adresse", "first_name": "", "job": JobProfileFactory().pk},
    )
    assert unknown.status_code == 200
    assert "Le formulaire contient des erreurs" in unknown.content.decode()
    assert Professional.objects.filter(edition=world.edition).count() == 5
