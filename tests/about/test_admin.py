import pytest
from django.test import Client

from tests.about.factories import ContactMessageFactory
from tests.users.factories import UserFactory
from usine.about.models import ContactMessage

pytestmark = pytest.mark.django_db


def test_organizers_read_messages_and_mark_them_handled():
    first, second = ContactMessageFactory(), ContactMessageFactory(name="Karim Benali")
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/admin/about/contactmessage/")
    done = client.post(
        "/admin/about/contactmessage/",
        {"action": "mark_handled", "_selected_action": [first.pk, second.pk]},
    )

    assert listing.status_code == 200
    assert "Karim Benali" in listing.content.decode()
    assert done.status_code == 302
    assert ContactMessage.objects.filter(handled=True).count() == 2
    assert client.get("/admin/about/contactmessage/add/").status_code == 403
