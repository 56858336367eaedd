from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import codes
from .uai import validate_uai

MAX_PUPILS = 40


class School(models.Model):
    """A school, identified by its UAI; shared by its teachers."""

    uai = models.CharField(_("code UAI"), max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField(_("nom de l'établissement"), max_length=160)
    town = models.CharField(_("commune"), max_length=100)

    class Meta:
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.town})"


class Teacher(models.Model):
    """The teacher's side of a user account. The e-mail address is the account's login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="teacher", verbose_name=_("compte")
    )
    school = models.ForeignKey(
        School, models.PROTECT, related_name="teachers", verbose_name=_("établissement")
    )
    email_confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    # Asked to be anonymised once the retention period after the edition is over.
    wants_anonymisation = models.BooleanField(
        _("anonymiser mon compte après le salon"), default=False
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enseignant·e")
        verbose_name_plural = _("enseignant·es")

    def __str__(self):
        return self.user.get_full_name() or self.user.email


class SchoolClass(models.Model):
    """A class registered by a teacher for one edition of the fair."""

    class Level(models.TextChoices):
        SIXIEME = "6e", _("6e")
        CINQUIEME = "5e", _("5e")
        QUATRIEME = "4e", _("4e")
        TROISIEME = "3e", _("3e")
        SECONDE = "2nde", _("Seconde")
        PREMIERE = "1re", _("Première")
        TERMINALE = "tle", _("Terminale")
        CAP = "cap", _("CAP")
        BAC_PRO = "bac_pro", _("Bac pro")
        BTS = "bts", _("BTS")
        BUT = "but", _("BUT")
        OTHER = "other", _("Autre")

    teacher = models.ForeignKey(
        Teacher, models.CASCADE, related_name="classes", verbose_name=_("enseignant·e")
    )
    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="school_classes", verbose_name=_("édition")
    )
    name = models.CharField(_("nom de la classe"), max_length=60, help_text=_("ex. : 3e B"))
    level = models.CharField(_("niveau"), max_length=10, choices=Level)
    # Kept equal to the number of pseudonyms by the services while pupils exist, and kept after
    # the pupils are purged: the edition's figures are computed from it.
    pupil_count = models.PositiveSmallIntegerField(
        _("nombre d'élèves"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PUPILS)]
    )
    wanted_jobs = models.ManyToManyField(
        "exhibits.JobProfile",
        related_name="interested_classes",
        verbose_name=_("métiers à découvrir"),
        blank=True,
    )
    code = models.CharField(_("code de classe"), max_length=codes.LENGTH, unique=True)
    code_changed_at = models.DateTimeField(_("code créé le"), auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("classe")
        verbose_name_plural = _("classes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "edition", "name"], name="class_name_per_teacher_edition"
            ),
            models.CheckConstraint(
                condition=Q(pupil_count__gte=1, pupil_count__lte=MAX_PUPILS),
                name="class_pupil_count_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:class", kwargs={"pk": self.pk})

    @property
    def code_display(self) -> str:
        return codes.grouped(self.code)


class Pupil(models.Model):
    """A pupil is only a generated pseudonym inside a class (pupils are minors).

    Nothing else goes here — no name, no e-mail, no IP address: tests list these fields.
    What a pupil's browser holds (a seat claim) lives in its own model, purged with the pupils.
    """

    school_class = models.ForeignKey(
        SchoolClass, models.CASCADE, related_name="pupils", verbose_name=_("classe")
    )
    pseudonym = models.CharField(_("pseudonyme"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("élève")
        verbose_name_plural = _("élèves")
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "pseudonym"], name="pseudonym_unique_in_class"
            )
        ]

    def __str__(self):
        return self.pseudonym


class Booking(models.Model):
    """A class's place in a session slot. A class holds at most one booking."""

    school_class = models.OneToOneField(
        SchoolClass, models.CASCADE, related_name="booking", verbose_name=_("classe")
    )
    slot = models.ForeignKey(
        "fair.SessionSlot", models.PROTECT, related_name="bookings", verbose_name=_("créneau")
    )
    created_at = models.DateTimeField(_("réservé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["slot__starts_at", "school_class__name"]

    def __str__(self):
        return f"{self.school_class} — {self.slot}"
