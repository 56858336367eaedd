"""Professionals who talk with classes, the slots they declared, and the scheduler's runs.

A professional is an adult: their profile may hold a free-text presentation. Their self-declared
gender is optional and only ever read in aggregate (the scheduler's women target share, counts on
the organizer's pages); it is never shown next to their name.

`ScheduleRun` keeps every run of the scheduler with its `Assignment` rows; the latest finished run
of an edition is the current assignment, the "previous solution" a re-solve starts from.
LiveRoom.professional mirrors it, for the live rooms.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PRESENTATION_MAX_LENGTH = 600
MAX_EXCHANGES_PER_DAY = 8


def default_max_per_day() -> int:
    return int(getattr(settings, "LIVE_MAX_EXCHANGES_PER_DAY", 3))


class Professional(models.Model):
    """One person's profile for one edition: who they are, what they do, when they can talk."""

    class Gender(models.TextChoices):
        UNSAID = "", _("je préfère ne pas répondre")
        WOMAN = "woman", _("femme")
        MAN = "man", _("homme")
        OTHER = "other", _("autre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="professional_profiles",
        verbose_name=_("compte"),
    )
    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="professionals", verbose_name=_("édition")
    )
    first_name = models.CharField(_("prénom"), max_length=60)
    company = models.ForeignKey(
        "exhibits.Company",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("entreprise"),
    )
    job = models.ForeignKey(
        "exhibits.JobProfile",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("métier"),
    )
    # The trade the scheduler matches with classes' wishes: their job profile's, when they have one.
    trade = models.ForeignKey(
        "exhibits.Trade",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("métier du répertoire"),
    )
    presentation = models.TextField(
        _("présentation courte"), max_length=PRESENTATION_MAX_LENGTH, blank=True
    )
    gender = models.CharField(
        _("genre (facultatif)"), max_length=10, choices=Gender, default=Gender.UNSAID, blank=True
    )
    # A professional is never scheduled before accepting the charter for exchanges with minors.
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"), null=True, blank=True)
    max_per_day = models.PositiveSmallIntegerField(
        _("échanges par jour au plus"),
        default=default_max_per_day,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EXCHANGES_PER_DAY)],
    )
    available_slots = models.ManyToManyField(
        "fair.SessionSlot",
        related_name="available_professionals",
        blank=True,
        verbose_name=_("créneaux possibles"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité·e par"),
    )
    invited_at = models.DateTimeField(_("invité·e le"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The tables keep the names they had when professionals were part of `live`.
        db_table = "live_professional"
        verbose_name = _("professionnel·le")
        verbose_name_plural = _("professionnel·les")
        ordering = ["first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "edition"], name="one_profile_per_edition")
        ]

    def __str__(self):
        trade = self.trade.name if self.trade_id else _("métier à préciser")
        return f"{self.first_name} ({trade})"

    @property
    def can_be_scheduled(self) -> bool:
        return self.charter_accepted_at is not None and self.trade_id is not None


class ScheduleRun(models.Model):
    """One run of the scheduler (from scratch, or a re-solve after a cancellation)."""

    class Kind(models.TextChoices):
        SOLVE = "solve", _("calcul complet")
        RESOLVE = "resolve", _("recalcul après une annulation")
        REPLACE = "replace", _("remplacement le jour du salon")

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échec")

    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="schedule_runs", verbose_name=_("édition")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.SOLVE)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    women_target_share = models.FloatField(
        _("part visée de femmes"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lancé par"),
    )
    # The run this one re-solved (re-solves only).
    previous = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # The organizer's report: counts, reasons, coverage, backups (ids; the page names them).
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        db_table = "live_schedulerun"
        verbose_name = _("calcul du planning")
        verbose_name_plural = _("calculs du planning")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"


class Assignment(models.Model):
    """A professional given to a booked class session by one run."""

    run = models.ForeignKey(
        ScheduleRun, models.CASCADE, related_name="assignments", verbose_name=_("calcul")
    )
    booking = models.ForeignKey(
        "schools.Booking",
        models.CASCADE,
        related_name="live_assignments",
        verbose_name=_("réservation"),
    )
    professional = models.ForeignKey(
        Professional, models.CASCADE, related_name="assignments", verbose_name=_("professionnel·le")
    )

    class Meta:
        db_table = "live_assignment"
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        ordering = ["booking__slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "booking"], name="one_professional_per_session")
        ]

    def __str__(self):
        return f"{self.professional} → {self.booking}"


class SlotMessage(models.Model):
    """A message from the organizers to every teacher of a session slot (sent by e-mail)."""

    MAX_LENGTH = 2000

    slot = models.ForeignKey(
        "fair.SessionSlot", models.CASCADE, related_name="messages", verbose_name=_("créneau")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    text = models.TextField(_("message"), max_length=MAX_LENGTH)
    recipients = models.PositiveSmallIntegerField(_("destinataires"), default=0)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message aux enseignant·es d'un créneau")
        verbose_name_plural = _("messages aux enseignant·es des créneaux")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]


class Reminder(models.Model):
    """A reminder e-mail sent the day before a session: to the class's teacher (no
    professional) or to the professional who runs its exchange. One each, ever."""

    booking = models.ForeignKey(
        "schools.Booking", models.CASCADE, related_name="reminders", verbose_name=_("réservation")
    )
    professional = models.ForeignKey(
        Professional,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("professionnel·le"),
    )
    sent_at = models.DateTimeField(_("envoyé le"))

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        constraints = [
            models.UniqueConstraint(
                fields=["booking"],
                condition=models.Q(professional__isnull=True),
                name="one_teacher_reminder_per_booking",
            ),
            models.UniqueConstraint(
                fields=["booking", "professional"], name="one_reminder_per_exchange"
            ),
        ]

    def __str__(self):
        return f"{self.booking} — {self.professional or _('enseignant·e')}"
