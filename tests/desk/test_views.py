import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.desk.factories import DeskQuestionFactory
from tests.exhibits.factories import ExhibitorFactory, PresenceSlotFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.schools.helpers import booked_class, seated_session
from tests.users.factories import UserFactory
from usine.desk.models import DeskQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    exhibitor = ExhibitorFactory()
    building = BuildingFactory(edition=open_edition(), company=exhibitor.company)
    slot = PresenceSlotFactory(building=building, host=exhibitor.user)
    return building, slot, exhibitor


def ask_url(building):
    return reverse("desk:ask", kwargs={"slug": building.slug})


def test_a_visitor_asks_and_sees_only_their_own_questions(client, desk):
    building, _slot, _exhibitor = desk
    other = DeskQuestionFactory(building=building, slot=_slot, text="Question d'une autre")
    response = client.post(ask_url(building), {"text": "Faut-il savoir nager ?"})
    assert response.status_code == 302
    question = DeskQuestion.objects.get(asker="visitor")
    page = client.get(ask_url(building)).content.decode()
    assert "Faut-il savoir nager ?" in page
    assert other.text not in page
    assert client.session["desk_questions"] == [question.pk]


def test_a_pupil_asks_as_their_pseudonym(client, desk):
    building, _slot, _exhibitor = desk
    pupil = booked_class(pupils=1).school_class.pupils.get()
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    client.post(ask_url(building), {"text": "Vous travaillez la nuit ?"})
    question = DeskQuestion.objects.get()
    assert (question.asker, question.pupil, question.school_class) == (
        "pupil",
        pupil,
        pupil.school_class,
    )
    page = client.get(ask_url(building)).content.decode()
    assert "Vous travaillez la nuit ?" in page
    assert "Mes questions" in page


@pytest.mark.parametrize(
    "text", ["", "x" * 5000, "\x00", "mon mail : a.b@gmail.com", " \n\t ", "snap: clairou"]
)
def test_bad_questions_get_a_clear_message(client, desk, text):
    building, _slot, _exhibitor = desk
    response = client.post(ask_url(building), {"text": text})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert DeskQuestion.objects.count() == 0


def test_no_form_when_nobody_is_at_the_desk(client, desk):
    building, slot, _exhibitor = desk
    slot.ends_at = timezone.now()
    slot.save()
    page = client.get(ask_url(building)).content.decode()
    assert "Personne n'est à l'accueil en ce moment." in page
    assert 'name="text"' not in page
    assert client.post(ask_url(building), {"text": "Bonjour ?"}).status_code == 400


def test_the_whole_way_from_question_to_faq(client, desk):
    building, slot, exhibitor = desk
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    question = DeskQuestionFactory(building=building, slot=slot, pupil=pupil, text="Salaire ?")
    answer_url = reverse("desk:answer")

    client.force_login(exhibitor.user)
    assert "Salaire ?" not in client.get(answer_url).content.decode()  # not reviewed yet

    client.force_login(booking.school_class.teacher.user)
    page = client.get(reverse("desk:review")).content.decode()
    assert "Salaire ?" in page
    assert pupil.pseudonym in page
    client.post(reverse("desk:review_post", kwargs={"pk": question.pk}), {"action": "approve"})

    client.force_login(exhibitor.user)
    assert "Salaire ?" in client.get(answer_url).content.decode()
    client.post(reverse("desk:answer_post", kwargs={"pk": question.pk}), {"text": "1 900 € brut."})

    pupil_client = client_class_session(pupil)
    assert "1 900 € brut." in pupil_client.get(ask_url(building)).content.decode()

    building_url = reverse("exhibits:building", kwargs={"slug": building.slug})
    assert "1 900 € brut." not in client.get(building_url).content.decode()
    client.force_login(UserFactory(is_staff=True))
    client.post(reverse("desk:publish", kwargs={"pk": question.pk}), {"published": "1"})
    client.logout()
    page = client.get(building_url).content.decode()
    assert "Salaire ?" in page
    assert "1 900 € brut." in page
    assert pupil.pseudonym not in page


def client_class_session(pupil):
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    return other


def test_pages_kept_to_their_people(client, desk):
    building, slot, exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot)
    for name in ("desk:answer", "desk:review"):
        response = client.get(reverse(name))
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            reverse("login"),
        )
    client.force_login(UserFactory())
    assert client.get(reverse("desk:answer")).status_code == 403
    assert client.get(reverse("desk:review")).status_code == 403
    client.force_login(exhibitor.user)
    assert client.get(reverse("desk:review")).status_code == 403
    client.post(reverse("desk:review_post", kwargs={"pk": question.pk}), {"action": "approve"})
    question.refresh_from_db()
    assert question.state == "pending"


def test_an_unknown_review_action_changes_nothing(client, desk):
    building, slot, _exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot)
    client.force_login(UserFactory(is_staff=True))
    response = client.post(reverse("desk:review_post", kwargs={"pk": question.pk}), {"action": "x"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "pending"


def state(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    return response.status_code, response.json()


def test_each_page_s_version_moves_with_what_it_shows(client, desk):
    building, slot, exhibitor = desk
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    question = DeskQuestionFactory(building=building, slot=slot, pupil=pupil)
    pupil_client = client_class_session(pupil)
    teacher = Client()
    teacher.force_login(booking.school_class.teacher.user)
    client.force_login(exhibitor.user)

    def versions():
        return (
            state(pupil_client, "desk:ask_state", slug=building.slug)[1]["version"],
            state(teacher, "desk:review_state")[1]["version"],
            state(client, "desk:answer_state")[1]["version"],
        )

    pages = (
        pupil_client.get(ask_url(building)),
        teacher.get(reverse("desk:review")),
        client.get(reverse("desk:answer")),
    )
    before = versions()
    # The version a page is drawn with is the one its state answers, until something moves.
    assert [page.context["live_version"] for page in pages] == list(before)
    assert versions() == before

    teacher.post(reverse("desk:review_post", kwargs={"pk": question.pk}), {"action": "approve"})
    approved = versions()
    assert [a != b for a, b in zip(approved, before, strict=True)] == [True, True, True]

    client.post(reverse("desk:answer_post", kwargs={"pk": question.pk}), {"text": "Huit heures."})
    answered = versions()
    assert [a != b for a, b in zip(answered, approved, strict=True)] == [True, True, True]

    slot.ends_at = timezone.now() - timezone.timedelta(minutes=1)
    slot.save()
    gone = versions()
    # Who is here shows on the asking and answering pages, not on the review page.
    assert [a != b for a, b in zip(gone, answered, strict=True)] == [True, False, True]


def test_versions_are_kept_to_their_people(client, desk):
    building, slot, exhibitor = desk
    DeskQuestionFactory(building=building, slot=slot)
    assert state(client, "desk:answer_state") == (
        403,
        {"error": "Connectez-vous pour suivre cet accueil."},
    )
    assert state(client, "desk:review_state")[0] == 403
    client.force_login(UserFactory())
    assert state(client, "desk:answer_state") == (
        403,
        {"error": "Cet espace est réservé aux entreprises exposantes."},
    )
    client.force_login(exhibitor.user)
    assert state(client, "desk:review_state") == (
        403,
        {"error": "Cet espace est réservé aux enseignant·es et à l'organisation."},
    )
    missing = client.get(reverse("desk:ask_state", kwargs={"slug": "nowhere"}))
    assert missing.status_code == 404


# --- the host on camera ---------------------------------------------------------------------------


def video_config(response) -> dict | None:
    match = re.search(
        r'<script id="live-video-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(match.group(1)) if match else None


def test_the_host_goes_on_camera_and_everyone_else_only_watches(client, live_janus, desk):
    building, slot, exhibitor = desk
    colleague = ExhibitorFactory(company=exhibitor.company)
    ask_state = reverse("desk:ask_state", kwargs={"slug": building.slug})
    before = client.get(ask_state).json()["version"]
    assert "En direct au stand" not in client.get(ask_url(building)).content.decode()

    client.force_login(colleague.user)  # not the slot's host: no button, no camera
    assert "Passer à la caméra" not in client.get(reverse("desk:answer")).content.decode()
    assert client.get(reverse("desk:camera", kwargs={"pk": slot.pk})).status_code == 404
    client.post(reverse("desk:camera_open", kwargs={"pk": slot.pk}))
    assert client.get(ask_state).json()["version"] == before

    client.force_login(exhibitor.user)
    page = client.get(reverse("desk:answer")).content.decode()
    assert reverse("desk:camera_open", kwargs={"pk": slot.pk}) in page
    response = client.post(reverse("desk:camera_open", kwargs={"pk": slot.pk}))
    assert response["Location"] == reverse("desk:camera", kwargs={"pk": slot.pk})
    response = client.get(response["Location"])
    config = video_config(response)
    assert (config["role"], config["canPublish"], config["publishOnLoad"], config["display"]) == (
        "professional",
        True,
        True,
        "Claire, soudeuse",
    )
    assert f"ws://testserver:{live_janus.ws_port}/" in response["Content-Security-Policy"]
    # On the building's public desk page, the host too only watches.
    assert video_config(client.get(ask_url(building)))["canPublish"] is False

    pupil = booked_class(pupils=1).school_class.pupils.get()
    for watcher in (Client(), client_class_session(pupil)):
        response = watcher.get(ask_url(building))
        page = response.content.decode()
        config = video_config(response)
        assert (config["role"], config["canPublish"], "publisherToken" in config) == (
            "visitor",
            False,
            False,
        )
        assert "En direct au stand" in page
        assert "data-live-video-publish" not in page
        assert watcher.get(ask_state).json()["version"] != before
    building_page = Client().get(reverse("exhibits:building", kwargs={"slug": building.slug}))
    assert "Regarder le direct et poser une question" in building_page.content.decode()

    response = client.post(reverse("desk:camera_stop", kwargs={"pk": slot.pk}))
    assert response["Location"] == reverse("desk:answer")
    assert client.get(reverse("desk:camera", kwargs={"pk": slot.pk}))["Location"] == reverse(
        "desk:answer"
    )
    page = Client().get(ask_url(building)).content.decode()
    assert "En direct au stand" not in page
    assert "live-video-config" not in page


def test_camera_pages_are_kept_to_the_host(client, live_janus, desk):
    _building, slot, _exhibitor = desk
    assert client.get(reverse("desk:camera", kwargs={"pk": slot.pk}))["Location"].startswith(
        reverse("login")
    )
    assert client.get(reverse("desk:camera_state", kwargs={"pk": slot.pk})).status_code == 403
    response = client.post(reverse("desk:camera_open", kwargs={"pk": slot.pk}))
    assert response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(reverse("desk:camera", kwargs={"pk": slot.pk})).status_code == 404
    assert client.get(reverse("desk:camera_state", kwargs={"pk": slot.pk})).status_code == 404
    client.post(reverse("desk:camera_open", kwargs={"pk": slot.pk}))
    slot.refresh_from_db()
    assert slot.camera_opened_at is None


def test_on_camera_a_pupils_question_reaches_the_host_only_once_an_adult_approved_it(
    client, live_janus, desk
):
    building, slot, exhibitor = desk
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    client.force_login(exhibitor.user)
    client.post(reverse("desk:camera_open", kwargs={"pk": slot.pk}))
    camera_url = reverse("desk:camera", kwargs={"pk": slot.pk})
    state_url = reverse("desk:camera_state", kwargs={"pk": slot.pk})
    version = client.get(state_url).json()["version"]

    client_class_session(pupil).post(ask_url(building), {"text": "Vous portez un casque ?"})
    question = DeskQuestion.objects.get()
    assert question.state == "pending"  # nobody approved it, whoever is online
    assert "Vous portez un casque ?" not in client.get(camera_url).content.decode()
    assert client.get(state_url).json()["version"] == version

    teacher = Client()
    teacher.force_login(booking.school_class.teacher.user)
    teacher.post(reverse("desk:review_post", kwargs={"pk": question.pk}), {"action": "approve"})

    assert "Vous portez un casque ?" in client.get(camera_url).content.decode()
    assert client.get(state_url).json()["version"] != version
    assert pupil.pseudonym not in client.get(camera_url).content.decode()
