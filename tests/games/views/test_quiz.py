import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import ExhibitorFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.games.factories import QuizFactory, quiz_content, right_answers
from tests.schools.helpers import booked_class, seated_session
from tests.users.factories import UserFactory
from usine.games.models import Quiz, QuizPass
from usine.insights.models import Event
from usine.schools.models import BuildingVisit

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def booking():
    return booked_class()


@pytest.fixture
def building(booking):
    building = BuildingFactory(edition=booking.school_class.edition)
    QuizFactory(company=building.company)
    return building


def pupil_client(pupil) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    return client


def answers(building) -> dict:
    return right_answers(Quiz.objects.get(company=building.company).published)


def test_the_building_page_has_the_quiz_at_its_anchor_without_a_token_for_visitors(
    client, building
):
    page = client.get(building.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert '<a href="#quiz">Quiz</a>' in body
    assert '<section id="quiz"' in body
    assert f'action="/batiments/{building.slug}/quiz/"' in body
    assert body.count('type="radio" name="q1"') == 3
    assert "csrfmiddlewaretoken" not in body
    assert not page.cookies


def test_the_quiz_has_a_page_of_its_own(client, building):
    page = client.get(reverse("games:quiz", args=[building.slug]))
    assert page.status_code == 200
    assert "Question 1 ?" in page.content.decode()


def test_a_building_without_quiz_says_so(client, booking):
    building = BuildingFactory(edition=booking.school_class.edition)
    assert '<section id="quiz"' not in client.get(building.get_absolute_url()).content.decode()
    page = client.get(reverse("games:quiz", args=[building.slug]))
    assert page.status_code == 404
    assert "Pas encore de quiz ici" in text_of(page)
    assert client.post(reverse("games:quiz", args=[building.slug])).status_code == 404


def test_a_visitor_plays_without_a_token_and_gets_the_correction_and_no_cookie(building):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("games:quiz", args=[building.slug]), answers(building))
    assert response.status_code == 200
    text = text_of(response)
    assert "3 bonnes réponses sur 3. Quiz réussi, bravo !" in text
    assert "Parce que 2." in text
    assert "passeport" not in text.split("Quiz réussi")[1].split("Question 1")[0]
    assert not response.cookies
    assert QuizPass.objects.count() == 0
    # Counted for the figures, anonymously.
    assert list(
        Event.objects.values_list("kind", "visitor_kind", "building", "page", "amount")
    ) == [("quiz", "public", building.pk, "", 3)]


def test_a_pupil_s_answers_need_the_page_s_token(booking, building):
    client = pupil_client(booking.school_class.pupils.first())
    response = client.post(reverse("games:quiz", args=[building.slug]), answers(building))
    assert response.status_code == 403
    assert QuizPass.objects.count() == 0


def test_a_pupil_in_session_passing_the_quiz_gets_the_stamp(booking, building):
    pupil = booking.school_class.pupils.first()
    client = pupil_client(pupil)
    page = client.get(building.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)" form="quiz-form"', page).group(1)
    url = reverse("games:quiz", args=[building.slug])
    response = client.post(url, answers(building) | {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert f"Ton passeport a reçu le tampon de « {building.name} »." in text_of(response)
    assert BuildingVisit.objects.get(pupil=pupil).stamp == BuildingVisit.Stamp.QUIZ
    again = client.post(url, answers(building) | {"csrfmiddlewaretoken": token})
    assert "Tu avais déjà réussi ce quiz : il compte une seule fois." in text_of(again)


def test_the_quiz_answers_json_to_its_script(booking, building):
    client = Client()
    response = client.post(
        reverse("games:quiz", args=[building.slug]),
        {"q1": "2"},
        headers={"accept": "application/json"},
    )
    data = response.json()
    assert (data["passed"], data["stamped"]) == (False, False)
    assert "0 bonne réponse sur 3." in html.unescape(data["html"])  # French: 0 is singular


@pytest.mark.parametrize(
    ("language", "given", "score"),
    [
        ("fr", {"q1": "2"}, "0 bonne réponse sur 3."),
        ("fr", {"q1": "0"}, "1 bonne réponse sur 3."),
        ("fr", {"q1": "0", "q2": "1"}, "2 bonnes réponses sur 3."),
        ("en", {"q1": "2"}, "0 right answers out of 3."),
        ("en", {"q1": "0"}, "1 right answer out of 3."),
        ("en", {"q1": "0", "q2": "1"}, "2 right answers out of 3."),
    ],
)
def test_the_quiz_score_is_singular_or_plural_in_each_language(building, language, given, score):
    response = Client().post(
        reverse("games:quiz", args=[building.slug]),
        given,
        headers={"accept": "application/json", "accept-language": language},
    )
    assert f'<p class="quiz-score"><strong>{score}</strong>' in response.json()["html"]


def test_the_quiz_reads_english(client, building):
    page = client.get(
        reverse("games:quiz", args=[building.slug]), headers={"accept-language": "en"}
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("games:quiz", args=[building.slug]))
    assert "Question 1?" in page.content.decode()
    assert "Answer 1.0" in page.content.decode()


# --- The exhibitor and the organizers ---


@pytest.fixture
def exhibitor(booking):
    exhibitor = ExhibitorFactory()
    BuildingFactory(edition=booking.school_class.edition, company=exhibitor.company)
    return exhibitor


def form_data(content) -> dict:
    data = {}
    for n, question in enumerate(content["questions"], start=1):
        data |= {
            f"q{n}_text": question["text"],
            f"q{n}_answer": str(question["answer"]),
            f"q{n}_explanation": question["explanation"],
        }
        for m, choice in enumerate(question["choices"], start=1):
            data[f"q{n}_choice{m}"] = choice
    return data


def test_the_exhibitor_writes_a_quiz_that_goes_online(client, exhibitor):
    client.force_login(exhibitor.user)
    assert client.get(reverse("games:quiz_edit")).status_code == 200
    response = client.post(reverse("games:quiz_edit"), form_data(quiz_content(3)), follow=True)
    assert "Quiz publié." in text_of(response)
    quiz = Quiz.objects.get(company=exhibitor.company)
    assert quiz.published["questions"][2]["answer"] == 2
    assert "Question 3 ?" in client.get(reverse("games:quiz_edit")).content.decode()


def test_a_blank_choice_before_the_right_one_keeps_the_right_one(client, exhibitor):
    client.force_login(exhibitor.user)
    data = form_data(quiz_content(3)) | {"q3_choice2": "", "q3_choice4": "Quatre"}
    data["q3_answer"] = "3"
    client.post(reverse("games:quiz_edit"), data)
    question = Quiz.objects.get(company=exhibitor.company).published["questions"][2]
    assert question["choices"] == ["Réponse 3.0", "Réponse 3.2", "Quatre"]
    assert question["answer"] == 2


def test_an_incomplete_quiz_shows_the_error_beside_its_field(client, exhibitor):
    client.force_login(exhibitor.user)
    data = form_data(quiz_content(3))
    del data["q2_answer"]
    response = client.post(reverse("games:quiz_edit"), data)
    assert response.status_code == 400
    assert "Indiquez la bonne réponse." in text_of(response)
    assert not Quiz.objects.exists()


def test_the_organizers_approve_a_quiz_waiting_for_review(client):
    edition = EditionFactory(review_publications=True)
    exhibitor = ExhibitorFactory()
    BuildingFactory(edition=edition, company=exhibitor.company)
    client.force_login(exhibitor.user)
    response = client.post(reverse("games:quiz_edit"), form_data(quiz_content(3)), follow=True)
    assert "il attend l'accord des organisateurs" in text_of(response)
    quiz = Quiz.objects.get()
    organizer = Client()
    organizer.force_login(UserFactory(is_staff=True))
    assert "Question 2 ?" in text_of(organizer.get(reverse("games:quiz_pending")))
    refused = organizer.post(reverse("games:quiz_refuse", args=[quiz.pk]), {"refusal_reason": ""})
    assert refused.status_code == 400
    organizer.post(reverse("games:quiz_approve", args=[quiz.pk]))
    quiz.refresh_from_db()
    assert quiz.state == Quiz.State.PUBLISHED


@pytest.mark.parametrize(
    "url",
    [
        "/exposant/quiz/",
        "/organisation/publications/quiz/",
        "/organisation/publications/quiz/1/accepter/",
    ],
)
def test_the_quiz_s_back_office_is_for_its_people_only(client, url):
    client.force_login(UserFactory())
    assert client.get(url).status_code in (403, 405)


def test_a_stamp_from_the_quiz_s_script_comes_with_the_passport_for_the_session_bar(
    booking, building
):
    pupil = booking.school_class.pupils.first()
    client = pupil_client(pupil)
    page = client.get(building.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)" form="quiz-form"', page).group(1)
    response = client.post(
        reverse("games:quiz", args=[building.slug]),
        answers(building) | {"csrfmiddlewaretoken": token},
        headers={"accept": "application/json"},
    )
    data = response.json()
    assert (data["passed"], data["stamped"]) == (True, True)
    assert (data["passport"]["buildings"], data["passport"]["new_stamp"]) == (1, building.name)
    assert data["passport"]["stamps"] == [
        {"building": building.slug, "name": building.name, "sector": "métallurgie"}
    ]


def test_the_correction_names_the_right_answer_only_where_it_was_missed(client, building):
    content = Quiz.objects.get(company=building.company).published
    given = answers(building)
    first = content["questions"][0]
    wrong = next(
        index for index, _choice in enumerate(first["choices"]) if index != first["answer"]
    )
    given["q1"] = str(wrong)
    response = client.post(reverse("games:quiz", args=[building.slug]), given)
    marks = [
        " ".join(item.split())
        for item in re.findall(
            r'<span class="badge quiz-\w+">.*?</p>', response.content.decode(), re.S
        )
    ]
    right_choice = first["choices"][first["answer"]]
    assert [re.sub(r"<[^>]+>", "", mark).strip() for mark in marks] == [
        f"Faux Bonne réponse : {right_choice}",
        "Juste",
        "Juste",
    ]
