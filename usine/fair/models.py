from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
    # Town coordinates in metres: x to the east, z to the south; the sea lies at z > 0.
    x = models.FloatField(_("position x"), validators=[MinValueValidator(-500), MaxValueValidator(500)])
    z = models.FloatField(_("position z"), validators=[MinValueValidator(-500), MaxValueValidator(500)])
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
