"""The contact form's rule: store the message, refuse floods. A stored message is announced with
the `contact_message_received` signal once committed; `tasks` queues its e-mail to the
organizers."""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .errors import TooManyMessages
from .models import ContactMessage

# Sent once a message is committed, with `message`.
contact_message_received = Signal()

# A person writes once or twice; a school's teachers share one address, hence a few more. Past
# that, or past what the organizers can read in an hour, the form waits: a flood fills neither
# the database nor the organizers' inbox (nor the fair's sending quota).
WINDOW_SECONDS = 3600
MESSAGES_PER_ADDRESS = 5
MESSAGES_PER_WINDOW = 200


def _count(key: str) -> int:
    """One more on a counter of the cache every process shares; the folder cache's incr is not
    atomic, which at worst lets one message more through when two processes count at once."""
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        return 1


def _allowed(address: str) -> bool:
    window = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256((address or "?").encode()).hexdigest()[:24]
    if _count(f"about:contact:{digest}:{window}") > MESSAGES_PER_ADDRESS:
        return False  # not counted for everyone: one flooding address cannot close the form
    return _count(f"about:contact:all:{window}") <= MESSAGES_PER_WINDOW


def send_contact_message(
    *, name: str, email: str, topic: str, text: str, address: str
) -> ContactMessage:
    """Stores the message and mails it to the organizers once stored. `address` (the sender's
    IP address) is only counted, hashed, in the cache; it is never stored with the message."""
    if not _allowed(address):
        raise TooManyMessages
    with transaction.atomic():
        message = ContactMessage.objects.create(name=name, email=email, topic=topic, text=text)
        transaction.on_commit(
            lambda: contact_message_received.send(sender=ContactMessage, message=message)
        )
    return message


def purge_contact_messages(*, now=None, days: int | None = None) -> int:
    """Deletes the messages older than the retention period; returns how many went."""
    days = settings.CONTACT_MESSAGE_RETENTION_DAYS if days is None else days
    limit = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _by_model = ContactMessage.objects.filter(created_at__lt=limit).delete()
    return deleted
