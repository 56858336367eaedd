import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.schools.factories import PupilFactory
from usine.about.models import ContactMessage
from usine.about.services import MESSAGES_PER_ADDRESS
from usine.schools.join import PUPIL_SESSION_KEY

pytestmark = pytest.mark.django_db

PAGES = [
    ("/mentions-legales/", "Mentions légales", "Legal notice"),
    ("/donnees-personnelles/", "Données personnelles", "Personal data"),
    ("/accessibilite/", "Déclaration d'accessibilité", "Accessibility statement"),
    ("/contact/", "Écrire aux organisateurs du salon", "Write to the fair's organizers"),
]
VALID = {
    "name": "Claire Martin",
    "email": " Claire.Martin@ac-paris.fr ",
    "topic": "school",
    "text": "Bonjour, peut-on inscrire deux classes sur le même créneau ?",
    "adult": "on",
}


@pytest.mark.parametrize(("path", "french", "english"), PAGES)
def test_each_page_is_in_french_then_english(client, path, french, english):
    page = client.get(path)
    assert page.status_code == 200
    assert f"<h1>{french}</h1>" in page.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": path})
    page = client.get(path)
    assert page.status_code == 200
    assert f"<h1>{english}</h1>" in page.content.decode()


def test_the_legal_notice_names_the_publisher_and_host_from_settings(client, settings):
    settings.ORGANIZER_NAME = "Association Industrie Demain"
    settings.ORGANIZER_ADDRESS = "12 rue des Forges, 44600 Saint-Nazaire"
    settings.ORGANIZER_EMAIL = "contact@industrie-demain.fr"
    settings.PUBLICATION_DIRECTOR = "Anne Leroy"
    settings.HOSTING_PROVIDER = "OVH SAS"
    settings.HOSTING_ADDRESS = "2 rue Kellermann, 59100 Roubaix"

    text = client.get("/mentions-legales/").content.decode()

    for value in (
        "Association Industrie Demain",
        "12 rue des Forges, 44600 Saint-Nazaire",
        '<a href="mailto:contact@industrie-demain.fr">contact@industrie-demain.fr</a>',
        "Anne Leroy",
        "OVH SAS",
        "2 rue Kellermann, 59100 Roubaix",
    ):
        assert value in text
    assert "non renseigné" not in text


def test_an_unset_publisher_says_which_setting_to_fill(client, settings):
    settings.ORGANIZER_NAME = ""
    settings.HOSTING_PROVIDER = ""

    text = client.get("/mentions-legales/").content.decode()

    assert '<span class="unset">non renseigné (réglage ORGANIZER_NAME)</span>' in text
    assert '<span class="unset">non renseigné (réglage HOSTING_PROVIDER)</span>' in text


def test_the_privacy_policy_gives_the_retention_periods_of_the_settings(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 45
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 180
    settings.DATA_PROTECTION_EMAIL = "dpo@industrie-demain.fr"

    text = " ".join(client.get("/donnees-personnelles/").content.decode().split())

    assert "supprimé 45 jours après le dernier jour de l'édition" in text
    assert "anonymisé 45 jours après la fin de l'édition" in text
    assert "supprimé 180 jours après sa réception" in text
    assert '<a href="mailto:dpo@industrie-demain.fr">' in text
    for cookie in ("sessionid", "csrftoken", "django_language"):
        assert f"<code>{cookie}</code>" in text


def test_the_accessibility_statement_follows_the_rgaa_structure(client):
    text = client.get("/accessibilite/").content.decode()

    headings = [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Technologies utilisées pour la réalisation du site",
        "Environnement de test",
        "Retour d'information et contact",
        "Voies de recours",
    ]
    positions = [text.index(f">{heading}</h") for heading in headings]
    assert positions == sorted(positions)
    assert "<strong>partiellement conforme</strong>" in text
    assert "1 décembre 2026" in text


# --- the contact form -----------------------------------------------------------------------------


def test_a_message_is_stored_queued_for_mailing_and_thanked(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", VALID)

    assert response.status_code == 302
    assert response["Location"] == "/contact/envoye/"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.topic) == (
        "Claire Martin",
        "claire.martin@ac-paris.fr",
        "school",
    )
    assert message.text == VALID["text"]
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "usine.about.tasks.mail_contact_message"
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}
    thanks = client.get(response["Location"]).content.decode()
    assert "Merci, votre message est bien arrivé aux organisateurs du salon." in thanks


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "Ce champ est obligatoire."),
        ({"email": "claire"}, "email", "Saisissez une adresse de courriel valide."),
        ({"topic": "insults"}, "topic", "Sélectionnez un choix valide."),
        ({"text": "Bonjour"}, "text", "au moins 10 caractères"),
        ({"text": "é" * 5001}, "text", "au plus 5000 caractères"),
        ({"text": "\x00\x01\x02\x1b" * 3}, "text", "Ce champ est obligatoire."),
        ({"adult": ""}, "adult", "Ce formulaire est réservé aux adultes."),
        ({"name": "x" * 121}, "name", "au plus 120 caractères"),
    ],
)
def test_bad_input_gets_form_errors_and_stores_nothing(client, changes, field, error):
    response = client.post("/contact/", {**VALID, **changes})

    assert response.status_code == 400
    assert error in " ".join(str(e) for e in response.context["form"].errors[field])
    assert 'role="alert"' in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_an_address_sending_too_many_messages_is_asked_to_wait(client):
    for _ in range(MESSAGES_PER_ADDRESS):
        assert client.post("/contact/", VALID).status_code == 302

    response = client.post("/contact/", VALID)

    assert response.status_code == 429
    assert "Beaucoup de messages sont partis de cette connexion" in response.content.decode()
    assert ContactMessage.objects.count() == MESSAGES_PER_ADDRESS
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/contact/", VALID).status_code == 302


def test_a_pupils_browser_is_sent_to_the_teacher_not_to_a_form(client):
    pupil = PupilFactory()
    session = client.session
    session[PUPIL_SESSION_KEY] = pupil.pk
    session.save()

    page = client.get("/contact/")
    posted = client.post("/contact/", VALID)

    assert "pose ta question à ton professeur" in page.content.decode()
    assert '<form method="post" novalidate' not in page.content.decode()
    assert posted.status_code == 200
    assert not ContactMessage.objects.exists()
