from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import codes
from .uai import validate_uai

MAX_PUPILS = 40
# A class meets one professional: a dozen trades is already a wide wish.
MAX_WISHES = 12


class School(models.Model):
    """Where the adults who bring groups to the fair work: a school, identified by its UAI and
    shared by its teachers, or an organisation that accompanies job seekers (the public
    employment service, a local youth mission…), which has no UAI: its counsellors lead groups
    of adults, with the same codes, pseudonyms, sessions and live exchanges as classes (see
    wording.py for how the pages then speak to them)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("établissement scolaire")
        EMPLOYMENT = "employment", _("structure d'accompagnement vers l'emploi")

    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.SCHOOL)
    uai = models.CharField(
        _("code UAI"), max_length=8, unique=True, null=True, blank=True, validators=[validate_uai]
    )
    name = models.CharField(_("nom de l'établissement"), max_length=160)
    town = models.CharField(_("commune"), max_length=100)

    class Meta:
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["name"]
        constraints = [
            # A school has its UAI; an organisation has none.
            models.CheckConstraint(
                condition=(Q(kind="school") & Q(uai__isnull=False))
                | (Q(kind="employment") & Q(uai__isnull=True)),
                name="school_uai_iff_school",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.town})"

    @property
    def for_adults(self) -> bool:
        return self.kind == self.Kind.EMPLOYMENT


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
        # Groups of adults led by a counsellor.
        JOB_SEEKERS = "jobseekers", _("Demandeur·ses d'emploi")
        TRAINEES = "trainees", _("Stagiaires de la formation professionnelle")
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
    wanted_trades = models.ManyToManyField(
        "exhibits.Trade",
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
    # When the teacher's console last said it was open, for the organizers' fair-day console
    # (refreshed by its socket, as pupils' SeatClaim.last_seen_at).
    teacher_seen_at = models.DateTimeField(_("console ouverte le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["slot__starts_at", "school_class__name"]

    def __str__(self):
        return f"{self.school_class} — {self.slot}"


class WaitingListEntry(models.Model):
    """A class waiting for a place in a full slot; the first in line gets the next free place.

    A class without a booking may wait for a few slots at once; booking any slot (directly or
    from a list) takes it off all of them."""

    slot = models.ForeignKey(
        "fair.SessionSlot", models.CASCADE, related_name="waiting", verbose_name=_("créneau")
    )
    school_class = models.ForeignKey(
        SchoolClass, models.CASCADE, related_name="waiting", verbose_name=_("classe")
    )
    # Where the teacher asked from, for the links of the mail sent when a place frees up (the
    # promotion happens outside any request).
    created_at = models.DateTimeField(_("en attente depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("inscription en liste d'attente")
        verbose_name_plural = _("liste d'attente")
        ordering = ["slot__starts_at", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "school_class"], name="wait_once_per_slot")
        ]

    def __str__(self):
        return f"{self.school_class} — {self.slot}"


# --- The pupil's hour: what a pupil's browser holds and what the pupil visits ---------------------
# Every row below points at a Pupil with CASCADE: it goes when the pupils are purged (retention.py),
# after its figures have been kept in a SessionSummary.


class SeatClaim(models.Model):
    """The browser (by its session key) that holds a pseudonym; one browser per pseudonym.

    Also the pupil's presence for the teacher's console: when the session bar last said it was
    open (`last_seen_at`) and in which building (empty: in the town)."""

    pupil = models.OneToOneField(
        Pupil, models.CASCADE, related_name="seat_claim", verbose_name=_("élève")
    )
    session_key = models.CharField(max_length=40, unique=True)
    claimed_at = models.DateTimeField(_("pris le"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("vu le"), null=True, blank=True)
    building = models.ForeignKey(
        "fair.Building",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bâtiment"),
    )

    class Meta:
        verbose_name = _("pseudonyme pris")
        verbose_name_plural = _("pseudonymes pris")

    def __str__(self):
        return str(self.pupil)


class BuildingVisit(models.Model):
    """A pupil's time in a building; stamped in the passport once long enough, once a
    testimonial of the building was watched, or once its quiz was passed (usine/games)."""

    class Stamp(models.TextChoices):
        TIME = "time", _("temps passé")
        TESTIMONIAL = "testimonial", _("témoignage regardé")
        QUIZ = "quiz", _("quiz réussi")

    pupil = models.ForeignKey(Pupil, models.CASCADE, related_name="visits")
    building = models.ForeignKey("fair.Building", models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(default=0)
    last_ping_at = models.DateTimeField(null=True, blank=True)
    stamped_at = models.DateTimeField(null=True, blank=True)
    stamp = models.CharField(max_length=12, choices=Stamp, blank=True)
    first_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "building"], name="one_visit_per_building")
        ]

    def __str__(self):
        return f"{self.pupil_id} → {self.building_id}"


class TestimonialView(models.Model):
    """A testimonial a pupil watched: one continuous, plausible run over 80 % of its video."""

    pupil = models.ForeignKey(Pupil, models.CASCADE, related_name="testimonial_views")
    testimonial = models.ForeignKey("exhibits.Testimonial", models.CASCADE, related_name="+")
    watched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "testimonial"], name="one_view_per_testimonial"
            )
        ]

    def __str__(self):
        return f"{self.pupil_id} ▶ {self.testimonial_id}"


class TestimonialProgress(models.Model):
    """Where a pupil's player is in a testimonial's video, as last reported, and how many
    seconds of it were watched in one continuous, plausible run (see usine/schools/passport.py)."""

    pupil = models.ForeignKey(Pupil, models.CASCADE, related_name="+")
    testimonial = models.ForeignKey("exhibits.Testimonial", models.CASCADE, related_name="+")
    position = models.FloatField(default=0)
    watched = models.FloatField(default=0)
    reported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "testimonial"], name="one_progress_per_testimonial"
            )
        ]

    def __str__(self):
        return f"{self.pupil_id} ▷ {self.testimonial_id}"


class SessionSummary(models.Model):
    """A class session's figures, kept when its pupils and their activity are purged."""

    booking = models.OneToOneField(Booking, models.CASCADE, related_name="summary")
    pupils_joined = models.PositiveIntegerField(default=0)
    stamps = models.PositiveIntegerField(default=0)
    testimonials_watched = models.PositiveIntegerField(default=0)
    passports_completed = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    # {building name: pupils who got its stamp}
    buildings = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.booking)
