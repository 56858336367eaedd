import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.about.factories import ContactMessageFactory
from usine.about.errors import TooManyMessages
from usine.about.models import ContactMessage
from usine.about.services import (
    MESSAGES_PER_ADDRESS,
    MESSAGES_PER_WINDOW,
    purge_contact_messages,
    send_contact_message,
)
from usine.about.tasks import mail_contact_message
from usine.schools.retention import purge_personal_data

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Claire Martin",
    "email": "claire.martin@ac-paris.fr",
    "topic": "accessibility",
    "text": "La vue texte ne lit pas les horaires.",
}


def test_the_sender_address_is_counted_not_stored():
    message = send_contact_message(**MESSAGE, address="203.0.113.9")

    stored = ContactMessage.objects.values().get(pk=message.pk)
    assert "203.0.113.9" not in [str(value) for value in stored.values()]


def test_each_address_may_send_a_few_messages_an_hour():
    for _ in range(MESSAGES_PER_ADDRESS):
        send_contact_message(**MESSAGE, address="203.0.113.9")

    with pytest.raises(TooManyMessages):
        send_contact_message(**MESSAGE, address="203.0.113.9")
    send_contact_message(**MESSAGE, address="203.0.113.10")
    assert ContactMessage.objects.count() == MESSAGES_PER_ADDRESS + 1


def test_all_addresses_together_are_capped_too(monkeypatch):
    monkeypatch.setattr("usine.about.services.MESSAGES_PER_WINDOW", 3)
    for number in range(3):
        send_contact_message(**MESSAGE, address=f"198.51.100.{number}")

    with pytest.raises(TooManyMessages):
        send_contact_message(**MESSAGE, address="198.51.100.200")
    assert MESSAGES_PER_WINDOW == 200


def test_the_mail_goes_to_the_organizers_with_a_reply_to_the_sender(settings):
    settings.ORGANIZER_EMAIL = "contact@industrie-demain.fr"
    message = ContactMessageFactory(topic="accessibility", text="La vue texte ne lit pas.")

    assert mail_contact_message.call(message.pk) == "sent"

    sent = mail.outbox[0]
    assert sent.to == ["contact@industrie-demain.fr"]
    assert sent.reply_to == ["claire.martin@ac-paris.fr"]
    assert sent.subject == "[Usine] Contact : Un problème d'accessibilité"
    assert "De : Claire Martin <claire.martin@ac-paris.fr>" in sent.body
    assert "La vue texte ne lit pas." in sent.body
    assert f"http://testserver/admin/about/contactmessage/{message.pk}/change/" in sent.body


def test_without_an_organizer_address_the_message_waits_in_the_administration(settings):
    settings.ORGANIZER_EMAIL = ""
    message = ContactMessageFactory()

    assert mail_contact_message.call(message.pk) == "no recipient"
    assert mail.outbox == []


def test_messages_past_their_retention_period_are_deleted():
    now = timezone.now()
    old = ContactMessageFactory()
    recent = ContactMessageFactory()
    ContactMessage.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=366))
    ContactMessage.objects.filter(pk=recent.pk).update(
        created_at=now - datetime.timedelta(days=364)
    )

    assert purge_contact_messages(now=now, days=365) == 1
    assert list(ContactMessage.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_personal_data_purge_deletes_old_contact_messages(settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 30
    old = ContactMessageFactory()
    ContactMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    kept = ContactMessageFactory()

    purge_personal_data()

    assert list(ContactMessage.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_flooding_address_does_not_use_up_everyones_allowance(monkeypatch):
    monkeypatch.setattr("usine.about.services.MESSAGES_PER_WINDOW", MESSAGES_PER_ADDRESS + 2)
    for _ in range(MESSAGES_PER_ADDRESS):
        send_contact_message(**MESSAGE, address="203.0.113.9")
    for _ in range(20):
        with pytest.raises(TooManyMessages):
            send_contact_message(**MESSAGE, address="203.0.113.9")

    send_contact_message(**MESSAGE, address="198.51.100.1")
    send_contact_message(**MESSAGE, address="198.51.100.2")
    with pytest.raises(TooManyMessages):
        send_contact_message(**MESSAGE, address="198.51.100.3")
