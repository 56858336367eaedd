import pytest
from django.core import mail
from django.utils import translation

from tests.exhibits.factories import CompanyFactory
from tests.users.factories import UserFactory
from usine.exhibits.models import Exhibitor

pytestmark = pytest.mark.django_db
URL = "/organisation/exposants/inviter/"


@pytest.fixture(autouse=True)
def _in_french():
    with translation.override("fr"):
        yield


def test_for_organizers_only(client):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_an_organizer_invites_a_companys_person(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(is_staff=True))
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"company": company.pk, "first_name": "Inès", "email": "ines@example.org"}
        )
    assert (response.status_code, response.url) == (302, URL)
    assert Exhibitor.objects.get().company == company
    assert mail.outbox[0].to == ["ines@example.org"]
    page = client.get(URL).content.decode()
    assert "<td>ines@example.org</td><td>invitation en attente</td>" in page


@pytest.mark.parametrize("value", ["", "x" * 5000, "\x00", "99999999999999999999", "@"])
def test_malformed_input_never_fails(client, value):
    client.force_login(UserFactory(is_staff=True))
    company = CompanyFactory()
    valid = {"company": company.pk, "first_name": "Inès", "email": "ines@example.org"}
    for name in ("company", "email"):
        assert client.post(URL, valid | {name: value}).status_code == 200
    assert Exhibitor.objects.count() == 0
    # Any first name the field accepts is kept as typed; NUL bytes are refused.
    expected = 200 if value in ("", "\x00", "x" * 5000) else 302
    assert client.post(URL, valid | {"first_name": value}).status_code == expected
