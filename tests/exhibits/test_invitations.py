import re

import pytest
from django.core import mail
from django.utils import translation

from tests.exhibits.factories import CompanyFactory, ExhibitorFactory
from tests.professionals.factories import ProfessionalFactory
from tests.users.factories import UserFactory
from usine.exhibits import invitations
from usine.exhibits.models import Exhibitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_french():
    with translation.override("fr"):
        yield


def test_the_link_opens_an_account_bound_to_the_company_once(
    client, django_capture_on_commit_callbacks
):
    company = CompanyFactory(name="Vannes d'Aix")
    with django_capture_on_commit_callbacks(execute=True):
        exhibitor = invitations.invite_exhibitor(
            company=company, email=" Ines@Example.org ", first_name="Inès"
        )
    assert (exhibitor.company, exhibitor.user.email) == (company, "ines@example.org")
    assert not exhibitor.user.is_active
    (message,) = mail.outbox
    assert message.to == ["ines@example.org"]
    assert "présenter Vannes d'Aix au salon" in message.body
    link = re.search(r"http://testserver(/exposant/invitation/\S+/)", message.body).group(1)

    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {"new_password1": "un-mot-de-passe-solide-7", "new_password2": "un-mot-de-passe-solide-7"},
    )
    assert (response.status_code, response.url) == (302, "/exposant/")
    assert client.get("/exposant/").status_code == 200
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert again.context["message"] == "Ce lien d'invitation a expiré ou a déjà servi."


def test_an_account_with_a_password_is_sent_to_the_login_page(
    django_capture_on_commit_callbacks,
):
    UserFactory(email="nina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_exhibitor(
            company=CompanyFactory(), email="nina@example.org", first_name="Nina"
        )
    assert "/comptes/login/?next=/exposant/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("same_company", "message"),
    [
        (True, "Cette personne édite déjà le bâtiment de cette entreprise."),
        (False, "Cette adresse édite déjà le bâtiment d'une autre entreprise."),
    ],
)
def test_one_account_edits_one_company(same_company, message):
    exhibitor = ExhibitorFactory(user__email="lea@example.org")
    company = exhibitor.company if same_company else CompanyFactory()
    with pytest.raises(invitations.InvitationError) as error:
        invitations.invite_exhibitor(company=company, email="lea@example.org", first_name="Léa")
    assert (error.value.field, error.value.message) == ("email", message)
    assert Exhibitor.objects.count() == 1


def test_an_organizers_account_is_not_invited():
    UserFactory(email="orga@example.org", is_staff=True)
    with pytest.raises(invitations.InvitationError) as error:
        invitations.invite_exhibitor(
            company=CompanyFactory(), email="orga@example.org", first_name="O"
        )
    assert error.value.message == "Cette adresse est celle d'un compte d'organisation."


def test_a_professionals_link_does_not_open_an_exhibitors_page(client):
    from usine.professionals.services import invitation_path

    professional = ProfessionalFactory()
    link = invitation_path(professional.user).replace("/professionnels/", "/exposant/")
    response = client.get(link)
    assert response.status_code == 400
    assert response.context["message"] == "Ce lien d'invitation n'est pas valide."


@pytest.mark.parametrize("uid", ["", "%00", "x" * 300, "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk"])
def test_malformed_links_are_refused(client, uid):
    response = client.get(f"/exposant/invitation/{uid}a/token/")
    assert response.status_code == 400
