import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from usine.site import absolute_url

from .models import ContactMessage
from .services import contact_message_received

logger = logging.getLogger(__name__)


@task()
def mail_contact_message(message_id: int) -> str:
    """Background adapter: the worker mails the message to the organizers, replying to the
    sender, so a slow mail server never holds the page."""
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "deleted"
    if not settings.ORGANIZER_EMAIL:
        return "no recipient"  # read in the administration only
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Message reçu depuis la page de contact du salon.\n\n"
            "De : %(name)s <%(email)s>\nSujet : %(topic)s\n\n%(text)s\n\n"
            "Dans l'administration : %(url)s\n"
        ) % {
            "name": message.name,
            "email": message.email,
            "topic": message.get_topic_display(),
            "text": message.text,
            "url": absolute_url(reverse("admin:about_contactmessage_change", args=[message.pk])),
        }
        subject = _("[Usine] Contact : %(topic)s") % {"topic": message.get_topic_display()}
    EmailMessage(
        subject=subject,
        body=body,
        to=[settings.ORGANIZER_EMAIL],
        reply_to=[message.email],
    ).send()
    return "sent"


@receiver(contact_message_received, sender=ContactMessage, dispatch_uid="about.queue_the_mail")
def queue_the_mail(sender, message, **kwargs):
    try:
        mail_contact_message.enqueue(message.pk)
    except Exception:
        # The message is stored and listed in the administration; only the e-mail is missing.
        logger.exception("contact message %s not queued for mailing", message.pk)
