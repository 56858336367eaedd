"""The Forum's programme: its stages, its talks and their speakers.

A talk happens on one stage of one edition, from `starts_at` to `ends_at`. Its `state` is what
the audience is told: `scheduled` until an organizer puts it on air, `live` while it is streamed,
`ended` once it is over (its replay, if any, then belongs to `stream.py`). The state changes only
through `usine.forum.services.set_talk_state`, which tells the town and the home page.

A speaker is a person of the programme (a minister, a federation head…), an adult with a public
name. They need no account to appear; an organizer may invite them by a one-time link
(`usine.accounts.invitations`), after which `user` is set and they see their talks' studio.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usine.media.folders import SPEAKER_PHOTO_DIR


def speaker_photo_path(instance, filename: str) -> str:
    """A name nobody can guess, whatever the uploaded file was called."""
    suffix = PurePath(filename).suffix.lower()[:5] or ".jpg"
    return f"{SPEAKER_PHOTO_DIR}{secrets.token_urlsafe(12)}{suffix}"


class Stage(models.Model):
    """A room of the Forum with its own programme (and its own live stream)."""

    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="forum_stages", verbose_name=_("édition")
    )
    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(_("identifiant"), max_length=60)
    order = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les scènes sont présentées dans cet ordre.")
    )

    class Meta:
        verbose_name = _("scène du Forum")
        verbose_name_plural = _("scènes du Forum")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="forum_stage_slug_per_edition")
        ]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    """A person who speaks at the Forum, as the programme presents them."""

    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="forum_speakers", verbose_name=_("édition")
    )
    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(
        _("fonction"), max_length=160, help_text=_("Par exemple : ministre de l'Industrie.")
    )
    company = models.CharField(
        _("organisation"),
        max_length=120,
        blank=True,
        help_text=_("Entreprise, fédération ou administration."),
    )
    photo = models.ImageField(_("photo"), upload_to=speaker_photo_path, blank=True)
    photo_alt = models.CharField(
        _("description de la photo"),
        max_length=200,
        blank=True,
        help_text=_("Lue par les lecteurs d'écran ; obligatoire avec une photo."),
    )
    # Set once the speaker accepted an invitation: they then see their talks' studio.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_speakers",
        verbose_name=_("compte"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité·e par"),
    )
    invited_at = models.DateTimeField(_("invité·e le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intervenant·e du Forum")
        verbose_name_plural = _("intervenant·es du Forum")
        ordering = ["name", "pk"]
        constraints = [
            # One speaker record per account and edition: their studio lists all their talks.
            models.UniqueConstraint(
                fields=["user", "edition"],
                condition=Q(user__isnull=False),
                name="forum_one_speaker_per_account",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("Décrivez la photo pour qui ne la voit pas.")})


class Talk(models.Model):
    """A talk or round table of the programme, on one stage at one time."""

    class Kind(models.TextChoices):
        TALK = "talk", _("conférence")
        ROUND_TABLE = "round_table", _("table ronde")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("à venir")
        LIVE = "live", _("en direct")
        ENDED = "ended", _("terminée")

    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="forum_talks", verbose_name=_("édition")
    )
    stage = models.ForeignKey(Stage, models.PROTECT, related_name="talks", verbose_name=_("scène"))
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80)
    abstract = models.TextField(_("résumé"), max_length=3000, blank=True)
    kind = models.CharField(_("format"), max_length=12, choices=Kind, default=Kind.TALK)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    state = models.CharField(
        _("état"), max_length=10, choices=State, default=State.SCHEDULED, editable=False
    )
    speakers = models.ManyToManyField(
        Speaker,
        through="TalkSpeaker",
        related_name="talks",
        blank=True,
        verbose_name=_("intervenant·es"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intervention du Forum")
        verbose_name_plural = _("interventions du Forum")
        ordering = ["starts_at", "stage__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="forum_talk_slug_per_edition"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="forum_talk_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["edition", "state", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:talk", kwargs={"slug": self.slug})

    @property
    def day(self):
        """The talk's date where the fair happens (the programme is shown by day)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    def ordered_speakers(self):
        """The speakers in the programme's order."""
        return [link.speaker for link in self.speaker_links.select_related("speaker")]

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit suivre le début.")
        if self.stage_id and self.edition_id and self.stage.edition_id != self.edition_id:
            errors["stage"] = _("Cette scène appartient à une autre édition.")
        if errors:
            raise ValidationError(errors)


class TalkSpeaker(models.Model):
    """A speaker's place in one talk: the programme lists them by `position`."""

    class Part(models.TextChoices):
        SPEAKER = "speaker", _("intervenant·e")
        MODERATOR = "moderator", _("animation")

    talk = models.ForeignKey(
        Talk, models.CASCADE, related_name="speaker_links", verbose_name=_("intervention")
    )
    speaker = models.ForeignKey(
        Speaker, models.CASCADE, related_name="talk_links", verbose_name=_("intervenant·e")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    part = models.CharField(_("rôle"), max_length=10, choices=Part, default=Part.SPEAKER)

    class Meta:
        verbose_name = _("intervenant·e d'une intervention")
        verbose_name_plural = _("intervenant·es d'une intervention")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "speaker"], name="forum_speaker_once_per_talk")
        ]

    def __str__(self):
        return f"{self.speaker} — {self.talk}"
