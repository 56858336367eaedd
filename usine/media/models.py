from django.db import models
from django.utils.translation import gettext_lazy as _

from .folders import CAPTIONS_DIR, SOURCE_DIR


class Video(models.Model):
    """An uploaded video and its HLS renditions, poster and WebVTT captions."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        PROCESSING = "processing", _("en cours de conversion")
        READY = "ready", _("prête")
        FAILED = "failed", _("échec")

    source = models.FileField(_("fichier source"), upload_to=SOURCE_DIR, max_length=255)
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progression (%)"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    duration_s = models.FloatField(_("durée (s)"), null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # Paths relative to MEDIA_ROOT (storage names), filled in when transcoding succeeds.
    playlist = models.CharField(_("liste de lecture HLS"), max_length=255, blank=True)
    poster = models.CharField(_("affiche"), max_length=255, blank=True)
    captions = models.FileField(
        _("sous-titres (WebVTT)"), upload_to=CAPTIONS_DIR, blank=True, max_length=255
    )
    captions_language = models.CharField(_("langue des sous-titres"), max_length=8, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vidéo")
        verbose_name_plural = _("vidéos")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
