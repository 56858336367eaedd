from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from usine.fair.models import Building

from . import trades


class Sector(models.TextChoices):
    METALLURGY = "metallurgy", _("métallurgie")
    AERONAUTICS = "aeronautics", _("aéronautique")
    SHIPBUILDING = "shipbuilding", _("construction navale")
    ENERGY = "energy", _("énergie")
    CHEMISTRY = "chemistry", _("chimie")
    AGRIFOOD = "agrifood", _("agroalimentaire")
    LOGISTICS = "logistics", _("logistique")
    ELECTRONICS = "electronics", _("électronique")
    AUTOMOTIVE = "automotive", _("automobile")
    MECHANICS = "mechanics", _("mécanique")
    PORT = "port", _("activités portuaires")


class Trade(models.Model):
    """A trade as the French national job directory (ROME) names it, shared by every company.

    Job profiles and professionals point to a trade; classes wish for trades, and the scheduler
    matches a class with a professional of a trade it asked for, whatever their company.
    """

    class Family(models.TextChoices):
        METAL = "metal", _("Soudage, chaudronnerie, usinage")
        ASSEMBLY = "assembly", _("Montage et fabrication")
        ELECTRICITY = "electricity", _("Électricité, électronique, automatisme")
        MAINTENANCE = "maintenance", _("Maintenance")
        PRODUCTION = "production", _("Conduite de production")
        QUALITY = "quality", _("Qualité, essais, laboratoire")
        DESIGN = "design", _("Études, méthodes, ingénierie")
        LOGISTICS = "logistics", _("Logistique et manutention")
        SEA = "sea", _("Mer et port")

    code = models.CharField(
        _("code ROME"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(trades.ROME_CODE, _("Un code ROME : une lettre et 4 chiffres."))
        ],
        help_text=_("Le code de la fiche du répertoire France Travail, ex. : H2913."),
    )
    name = models.CharField(
        _("métier"), max_length=120, unique=True, help_text=_("ex. : Soudeur·se")
    )
    masculine = models.CharField(_("forme masculine"), max_length=120, help_text=_("ex. : Soudeur"))
    feminine = models.CharField(_("forme féminine"), max_length=120, help_text=_("ex. : Soudeuse"))
    name_en = models.CharField(_("nom en anglais"), max_length=120, help_text=_("ex. : Welder"))
    family = models.CharField(_("famille de métiers"), max_length=20, choices=Family)
    keywords = models.CharField(
        _("mots-clés"),
        max_length=300,
        blank=True,
        help_text=_("Pour la recherche, séparés par des virgules, ex. : soudure, TIG, MIG"),
    )

    class Meta:
        verbose_name = _("métier")
        verbose_name_plural = _("métiers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="trade_rome_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Company(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector)
    city = models.CharField(_("ville"), max_length=80)
    description = models.TextField(_("présentation courte"), max_length=1000)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Exhibitor(models.Model):
    """An account that edits one company's building content (never the admin)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="exhibitor", verbose_name=_("compte")
    )
    company = models.ForeignKey(
        Company, models.CASCADE, related_name="exhibitors", verbose_name=_("entreprise")
    )

    class Meta:
        verbose_name = _("exposant")
        verbose_name_plural = _("exposants")

    def __str__(self):
        return f"{self.user} — {self.company}"


class TrainingRoute(models.Model):
    """A diploma or path that leads to a job: CAP, Bac pro, BTS, apprenticeship…"""

    class Kind(models.TextChoices):
        CAP = "cap", _("CAP")
        BAC_PRO = "bac_pro", _("Bac pro")
        MC = "mc", _("Mention complémentaire")
        TITRE_PRO = "titre_pro", _("Titre professionnel")
        BTS = "bts", _("BTS")
        BUT = "but", _("BUT")
        LICENCE_PRO = "licence_pro", _("Licence pro")
        APPRENTICESHIP = "apprenticeship", _("Apprentissage")
        ENGINEERING = "engineering", _("École d'ingénieurs")

    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    name = models.CharField(_("intitulé"), max_length=160, unique=True)
    duration_years = models.DecimalField(_("durée (années)"), max_digits=3, decimal_places=1)
    after = models.CharField(
        _("accessible après"), max_length=80, help_text=_("ex. : la 3e, le bac")
    )
    after_en = models.CharField(
        _("accessible après, en anglais"),
        max_length=80,
        blank=True,
        help_text=_("ex. : Year 10 (3e), the baccalauréat"),
    )

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def access(self) -> str:
        """How long it lasts and after what, in the reader's language: « 2 ans après la 3e »,
        « 7 mois après le bac » (under a year, in months)."""
        after = self.after_en if get_language() == "en" and self.after_en else self.after
        years = Decimal(self.duration_years)
        if years < 1:
            months = max(1, round(years * 12))
            return ngettext(
                "%(months)s mois après %(after)s", "%(months)s mois après %(after)s", months
            ) % {"months": months, "after": after}
        # A fraction of years reads in the plural (« 1,5 ans », "1.5 years").
        count = int(years) if years == int(years) else 2
        return ngettext("%(years)s an après %(after)s", "%(years)s ans après %(after)s", count) % {
            "years": floatformat(years, "-1"),
            "after": after,
        }


class JobProfile(models.Model):
    company = models.ForeignKey(
        Company, models.CASCADE, related_name="job_profiles", verbose_name=_("entreprise")
    )
    trade = models.ForeignKey(
        Trade,
        models.PROTECT,
        related_name="job_profiles",
        verbose_name=_("métier du répertoire"),
        help_text=_("Les classes choisissent des métiers : ce lien les relie à cette fiche."),
    )
    title = models.CharField(_("intitulé dans l'entreprise"), max_length=120)
    description = models.TextField(_("en quoi consiste le travail"), max_length=3000)
    skills = models.TextField(_("compétences"), max_length=2000, help_text=_("une par ligne"))
    working_conditions = models.TextField(_("conditions de travail"), max_length=2000)
    salary_min = models.PositiveIntegerField(_("salaire brut mensuel min. (€)"))
    salary_max = models.PositiveIntegerField(_("salaire brut mensuel max. (€)"))
    in_shortage = models.BooleanField(
        _("métier en tension"), default=False, help_text=_("l'industrie peine à recruter")
    )
    training_routes = models.ManyToManyField(
        TrainingRoute, related_name="job_profiles", verbose_name=_("formations"), blank=True
    )

    class Meta:
        verbose_name = _("fiche métier")
        verbose_name_plural = _("fiches métier")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_max__gte=models.F("salary_min")), name="job_salary_range_order"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_max < self.salary_min
        ):
            raise ValidationError({"salary_max": _("Le maximum est inférieur au minimum.")})

    @property
    def skill_list(self):
        return [line.strip() for line in self.skills.splitlines() if line.strip()]


def shown_testimonials(prefix: str = "") -> Q:
    """The testimonials visitors see: published, their video ready and captioned (no video is
    shown without its captions). Every count of testimonials shown uses it, so that a building
    never counts one its page does not show. `prefix`: the path from the model queried, e.g.
    "company__testimonials__"."""
    return Q(**{f"{prefix}published": True, f"{prefix}video__status": "ready"}) & ~Q(
        **{f"{prefix}video__captions": ""}
    )


class Testimonial(models.Model):
    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("professionnel·le")
        APPRENTICE = "apprentice", _("apprenti·e")

    class Gender(models.TextChoices):
        # Only used in aggregate, for the fair's goal of showing women in industry.
        WOMAN = "woman", _("femme")
        MAN = "man", _("homme")
        UNSAID = "unsaid", _("non précisé")

    company = models.ForeignKey(
        Company, models.CASCADE, related_name="testimonials", verbose_name=_("entreprise")
    )
    first_name = models.CharField(_("prénom"), max_length=60)
    role = models.CharField(_("statut"), max_length=20, choices=Role)
    gender = models.CharField(_("genre"), max_length=10, choices=Gender, default=Gender.UNSAID)
    job = models.ForeignKey(
        JobProfile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("métier présenté"),
    )
    job_label = models.CharField(
        _("intitulé du poste"), max_length=120, help_text=_("tel que la personne le dit")
    )
    # Ten minutes of speech (the longest video) are some 1,500 words.
    transcript = models.TextField(_("transcription"), max_length=15000, blank=True)
    # The published video stays online while a replacement is uploaded and transcoded.
    video = models.ForeignKey(
        "media.Video",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vidéo publiée"),
    )
    pending_video = models.ForeignKey(
        "media.Video",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vidéo en préparation"),
    )
    published = models.BooleanField(_("publié"), default=False)
    # Under review (review.py): the exhibitor asked to put this online and an organizer has
    # not answered yet; or the organizer's reason for refusing, for the exhibitor.
    awaiting_review = models.BooleanField(_("en attente de relecture"), default=False)
    review_refusal = models.TextField(_("motif du refus"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.first_name}, {self.job_label}"

    @property
    def job_shown(self) -> str:
        """The job in the reader's language: the person's own French words, or in English the
        catalogue's English name of the trade the testimonial presents (their words have no
        English; the role badge beside them says apprentice, employee…)."""
        if get_language() == "en" and self.job_id is not None and self.job.trade.name_en:
            return self.job.trade.name_en
        return self.job_label

    @property
    def can_be_published(self) -> bool:
        return bool(self.video and self.video.is_ready and self.video.captions)


class Demo(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", _("vidéo")
        PHOTOS = "photos", _("série de photos")

    company = models.ForeignKey(
        Company, models.CASCADE, related_name="demos", verbose_name=_("entreprise")
    )
    title = models.CharField(_("titre"), max_length=120)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    video = models.ForeignKey(
        "media.Video",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vidéo"),
    )
    pending_video = models.ForeignKey(
        "media.Video",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vidéo en préparation"),
    )
    # Under review (review.py): the exhibitor asked to put this online and an organizer has
    # not answered yet; or the organizer's reason for refusing, for the exhibitor.
    awaiting_review = models.BooleanField(_("en attente de relecture"), default=False)
    review_refusal = models.TextField(_("motif du refus"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("démonstration")
        verbose_name_plural = _("démonstrations")
        ordering = ["title"]

    def __str__(self):
        return self.title


class DemoPhoto(models.Model):
    demo = models.ForeignKey(Demo, models.CASCADE, related_name="photos", verbose_name=_("démo"))
    image = models.ImageField(_("photo"), upload_to="demos/")
    alt_text = models.CharField(
        _("description de la photo"), max_length=200, help_text=_("lue par les lecteurs d'écran")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("photo de démo")
        verbose_name_plural = _("photos de démo")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text


class CompanyDraft(models.Model):
    """A change of a company's public face waiting for an organizer (when its edition asks for
    review): the public keeps seeing the company and building as last approved.

    One per company: a new change replaces the waiting one. Approval copies it onto the
    company and building, then deletes it; a refusal keeps it with its reason for the exhibitor.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("en attente de relecture")
        REFUSED = "refused", _("refusée")

    company = models.OneToOneField(
        Company, models.CASCADE, related_name="draft", verbose_name=_("entreprise")
    )
    building = models.ForeignKey(
        Building,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bâtiment"),
    )
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("présentation courte"), max_length=1000)
    # Empty: the logo does not change.
    logo = models.ImageField(_("nouveau logo"), upload_to="logos/drafts/", blank=True)
    building_description = models.TextField(
        _("description du bâtiment"), max_length=2000, blank=True
    )
    look = models.CharField(_("apparence"), max_length=20, choices=Building.Look, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PENDING)
    refusal_reason = models.TextField(_("motif du refus"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("proposée le"))

    class Meta:
        verbose_name = _("modification à relire")
        verbose_name_plural = _("modifications à relire")
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return str(self.company)


class PresenceSlot(models.Model):
    """A time when someone of the company is at its building's desk to answer visitors' and
    pupils' questions in writing, and on camera if they choose (usine/desk/). Shown on the
    building's page and in the town."""

    building = models.ForeignKey(
        Building, models.CASCADE, related_name="presence_slots", verbose_name=_("bâtiment")
    )
    # The account that answers during the slot: one of the company's exhibitors or professionals.
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="presence_slots",
        verbose_name=_("qui est à l'accueil"),
    )
    # What visitors read, e.g. "Claire, soudeuse" (a first name and a job, never a surname).
    host_label = models.CharField(
        _("présenté·e comme"), max_length=80, help_text=_("ex. : Claire, soudeuse")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    # Set while the host is on camera at the desk (usine/desk/camera.py); the slot's end ends it.
    camera_opened_at = models.DateTimeField(_("à la caméra depuis"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("présence à l'accueil")
        verbose_name_plural = _("présences à l'accueil")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="presence_slot_in_order"
            )
        ]
        indexes = [models.Index(fields=["building", "ends_at"])]

    def __str__(self):
        return f"{self.host_label} ({self.starts_at:%Y-%m-%d %H:%M})"
