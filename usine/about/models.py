from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class ContactMessage(models.Model):
    """A message an adult sent to the organizers from the contact page."""

    class Topic(models.TextChoices):
        QUESTION = "question", _("Une question sur le salon")
        SCHOOL = "school", _("Inscription d'une classe, réservation")
        EXHIBITOR = "exhibitor", _("Exposer, témoigner, intervenir en direct")
        ACCESSIBILITY = "accessibility", _("Un problème d'accessibilité")
        PERSONAL_DATA = "personal_data", _("Mes données personnelles (accès, rectification…)")
        OTHER = "other", _("Autre chose")

    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    topic = models.CharField(_("sujet"), max_length=20, choices=Topic)
    text = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    handled = models.BooleanField(_("traité"), default=False)

    class Meta:
        verbose_name = _("message de contact")
        verbose_name_plural = _("messages de contact")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_topic_display()} — {self.name}"
