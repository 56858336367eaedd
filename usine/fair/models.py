from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .timeline import SessionTimeline, timeline_of


class Edition(models.Model):
    """One edition of the fair: a week of dates, a town, a state."""

    class State(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        OPEN = "open", _("ouverte")
        ARCHIVED = "archived", _("archivée")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.DRAFT)
    # The public is minors: organizers may want to read what exhibitors publish before pupils do.
    review_publications = models.BooleanField(
        _("relire les publications des exposants"),
        default=False,
        help_text=_(
            "Le nom, la présentation et le logo d'une entreprise, la description et l'apparence "
            "de son bâtiment attendent l'accord d'un organisateur avant d'être publics."
        ),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="edition_dates_in_order"
            ),
            # The town shows one edition: at most one is open at a time.
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="open"), name="one_open_edition"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def takes_classes(self) -> bool:
        """Whether classes may book, wait for a place or come in for their session: not once
        the edition is archived. An archived one keeps its town, buildings and Forum replays
        open to everyone (archive mode), with its bookings and class sessions closed. A draft
        takes them (teachers only ever see the open edition; the demo loaded beside another
        open edition books its classes in its draft)."""
        return self.state != self.State.ARCHIVED

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Le dernier jour précède le premier.")})


class Building(models.Model):
    """A building of the town: one company's industrial site, placed on the layout."""

    class Look(models.TextChoices):
        HANGAR = "hangar", _("hangar d'avions")
        PORT = "port", _("port avec grues")
        WORKSHOP = "workshop", _("atelier")
        PLANT = "plant", _("usine à cheminées")
        WAREHOUSE = "warehouse", _("entrepôt")
        LAB = "lab", _("laboratoire")
        WIND_TURBINE = "wind_turbine", _("éolienne")
        SHIPYARD = "shipyard", _("chantier naval")
        REFINERY = "refinery", _("raffinerie")
        SILO = "silo", _("silos")

    class Zone(models.TextChoices):
        LAND = "land", _("terre")
        SEA_FRONT = "sea_front", _("front de mer")

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="buildings", verbose_name=_("édition")
    )
    slug = models.SlugField(_("identifiant"), max_length=80)
    name = models.CharField(_("nom"), max_length=120)
    company = models.ForeignKey(
        "exhibits.Company", models.PROTECT, related_name="buildings", verbose_name=_("entreprise")
    )
    look = models.CharField(_("apparence"), max_length=20, choices=Look)
    description = models.TextField(
        _("description du bâtiment"),
        max_length=2000,
        blank=True,
        help_text=_("Ce que l'on fabrique ou fait sur ce site, lu à l'entrée du bâtiment."),
    )
    # Town coordinates in metres: x to the east, z to the south; the sea lies beyond
    # layout.COAST_Z. At orientation 0 a building's front faces +z.
    x = models.FloatField(
        _("position x"), validators=[MinValueValidator(-500), MaxValueValidator(500)]
    )
    z = models.FloatField(
        _("position z"), validators=[MinValueValidator(-500), MaxValueValidator(500)]
    )
    orientation = models.FloatField(
        _("orientation (degrés)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(360)],
    )
    zone = models.CharField(_("zone"), max_length=10, choices=Zone, default=Zone.LAND)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bâtiment")
        verbose_name_plural = _("bâtiments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="building_slug_per_edition"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exhibits:building", kwargs={"slug": self.slug})


class SessionSlot(models.Model):
    """A class session of the edition (1 h 30 by default; its timeline in timeline.py): classes
    book a place in it.

    `booked` counts the bookings. It only changes through a conditional UPDATE
    (`booked < capacity`), and the check constraint makes overbooking impossible even if a
    writer forgot that condition.
    """

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="session_slots", verbose_name=_("édition")
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=90, validators=[MinValueValidator(10)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("nombre de classes"), default=10, validators=[MinValueValidator(1)]
    )
    booked = models.PositiveSmallIntegerField(_("classes inscrites"), default=0, editable=False)

    class Meta:
        verbose_name = _("créneau de session")
        verbose_name_plural = _("créneaux de session")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "starts_at"], name="slot_start_per_edition"),
            models.CheckConstraint(
                condition=Q(booked__lte=models.F("capacity")), name="slot_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(booked__gte=0), name="slot_booked_not_negative"),
        ]

    def __str__(self):
        return formats.date_format(timezone.localtime(self.starts_at), "l j F Y, H:i")

    def save(self, *args, **kwargs):
        # `booked` belongs to the booking service's conditional UPDATEs: saving a slot loaded
        # a moment ago (the admin's form) must not write back its stale count.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if f.name not in ("id", "booked")
            ]
        super().save(*args, **kwargs)

    @property
    def timeline(self) -> SessionTimeline:
        return timeline_of(starts_at=self.starts_at, duration_minutes=self.duration_minutes)

    @property
    def ends_at(self):
        return self.timeline.ends_at

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    def clean(self):
        if self.capacity is not None and self.capacity < self.booked:
            message = _(
                "Déjà %(booked)s classes inscrites : la capacité ne peut pas descendre plus bas."
            )
            raise ValidationError({"capacity": message % {"booked": self.booked}})
