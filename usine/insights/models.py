"""What the fair counts, without knowing who: raw events for the current day, then roll-ups.

No model here holds an IP address, a name, a cookie or anything that follows a visitor from one
day to the next. `Event.visitor` is a hash salted with the day's `DailySalt`; the salt and the
day's raw events are deleted once the day is rolled up, so yesterday's hashes can be neither
recomputed nor matched with today's.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PAGE = "page", _("page vue")
    BUILDING = "building", _("bâtiment visité")
    TESTIMONIAL = "testimonial", _("témoignage regardé")
    QUIZ = "quiz", _("quiz joué")
    QUESTION = "question", _("question posée")
    FORUM = "forum", _("Forum regardé en direct")
    REPLAY = "replay", _("replay du Forum regardé")


class VisitorKind(models.TextChoices):
    PUBLIC = "public", _("public")
    PUPIL = "pupil", _("élève")
    TEACHER = "teacher", _("enseignant·e")
    EXHIBITOR = "exhibitor", _("exposant")
    PROFESSIONAL = "professional", _("professionnel·le")
    ORGANIZER = "organizer", _("organisation")


class Device(models.TextChoices):
    UNKNOWN = "", _("inconnu")
    PHONE = "phone", _("téléphone")
    TABLET = "tablet", _("tablette")
    COMPUTER = "computer", _("ordinateur")


class SchoolType(models.TextChoices):
    NONE = "", _("sans objet")
    COLLEGE = "college", _("collège")
    LYCEE = "lycee", _("lycée général et technologique")
    LYCEE_PRO = "lycee_pro", _("lycée professionnel")
    HIGHER = "higher", _("enseignement supérieur")
    OTHER = "other", _("autre")


class _Facts(models.Model):
    """What an event says, shared by the raw events and their daily roll-up."""

    edition = models.ForeignKey("fair.Edition", models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind)
    # The page's name (town, text view…), a Forum talk's slug (a quiz is its building's).
    page = models.CharField(max_length=80, blank=True)
    building = models.ForeignKey(
        "fair.Building", models.CASCADE, null=True, blank=True, related_name="+"
    )
    testimonial = models.ForeignKey(
        "exhibits.Testimonial", models.CASCADE, null=True, blank=True, related_name="+"
    )
    trade = models.ForeignKey(
        "exhibits.Trade", models.CASCADE, null=True, blank=True, related_name="+"
    )
    visitor_kind = models.CharField(max_length=12, choices=VisitorKind)
    level = models.CharField(max_length=10, blank=True)
    school_type = models.CharField(max_length=10, choices=SchoolType, blank=True)
    departement = models.CharField(max_length=3, blank=True)
    device = models.CharField(max_length=8, choices=Device, blank=True)

    class Meta:
        abstract = True


class Event(_Facts):
    """One thing that happened, kept only until its day is rolled up for good."""

    at = models.DateTimeField(db_index=True)
    # How much: the share of a video watched (%), a quiz's score…
    amount = models.PositiveIntegerField(default=0)
    visitor = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("évènement")
        verbose_name_plural = _("évènements")
        # The roll-up asks whether a new event's visitor was met earlier the same day.
        indexes = [models.Index(fields=["visitor", "at"])]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class DailyCount(_Facts):
    """Events of a day with the same facts: how many, by how many visitors, how much."""

    day = models.DateField()
    events = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    amount = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("décompte du jour")
        verbose_name_plural = _("décomptes du jour")
        indexes = [models.Index(fields=["edition", "day", "kind"])]

    def __str__(self):
        return f"{self.kind} {self.day}"


class HourlyCount(models.Model):
    """Visitors of each kind hour by hour (and events), for the fair's live figures."""

    edition = models.ForeignKey("fair.Edition", models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    visitor_kind = models.CharField(max_length=12, choices=VisitorKind)
    events = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("décompte de l'heure")
        verbose_name_plural = _("décomptes de l'heure")
        indexes = [models.Index(fields=["edition", "hour"])]

    def __str__(self):
        return f"{self.visitor_kind} {self.hour:%Y-%m-%d %H h}"


class DailyVisitors(models.Model):
    """Distinct visitors of a day by kind (a visitor's hash is the same all day, never after)."""

    edition = models.ForeignKey("fair.Edition", models.CASCADE, related_name="+")
    day = models.DateField()
    visitor_kind = models.CharField(max_length=12, choices=VisitorKind)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("visiteurs du jour")
        verbose_name_plural = _("visiteurs du jour")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "day", "visitor_kind"], name="daily_visitors_once"
            )
        ]

    def __str__(self):
        return f"{self.visitor_kind} {self.day}"


class RollupMark(models.Model):
    """The last event already added to the counts (one row): the next roll-up starts after it,
    and its lock lets one roll-up run at a time."""

    last_event = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.last_event)


class DailySalt(models.Model):
    """The day's secret mixed into visitors' hashes; deleted the next day."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class ClosedDay(models.Model):
    """A day rolled up for the last time: its raw events and its salt are gone."""

    day = models.DateField(unique=True)

    def __str__(self):
        return str(self.day)


class SurveyAnswer(models.Model):
    """One pupil's answer to the two questions, before or after the class hour. Anonymous: no
    pupil, no time; the class (for its level and the per-class figures) and, after the hour,
    the buildings visited and the score given before, carried by the pupil's own session."""

    class Moment(models.TextChoices):
        BEFORE = "before", _("avant la visite")
        AFTER = "after", _("après la visite")

    class Gender(models.TextChoices):
        UNSAID = "", _("je préfère ne pas répondre")
        GIRL = "girl", _("une fille")
        BOY = "boy", _("un garçon")
        OTHER = "other", _("autre")

    edition = models.ForeignKey("fair.Edition", models.CASCADE, related_name="+")
    school_class = models.ForeignKey("schools.SchoolClass", models.CASCADE, related_name="+")
    moment = models.CharField(max_length=6, choices=Moment)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    before_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    gender = models.CharField(max_length=6, choices=Gender, blank=True)
    trades = models.ManyToManyField("exhibits.Trade", related_name="+", blank=True)
    buildings = models.ManyToManyField("fair.Building", related_name="+", blank=True)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")

    def __str__(self):
        return f"{self.moment} {self.score}"


class SurveyTaken(models.Model):
    """That a pupil answered (or skipped) at a moment — never what: asked once each time."""

    pupil = models.ForeignKey("schools.Pupil", models.CASCADE, related_name="+")
    moment = models.CharField(max_length=6, choices=SurveyAnswer.Moment)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "moment"], name="survey_taken_once")
        ]

    def __str__(self):
        return self.moment


class FrozenFigures(models.Model):
    """An edition's figures as shown (small cells hidden), kept when its survey answers go."""

    edition = models.OneToOneField("fair.Edition", models.CASCADE, related_name="+")
    figures = models.JSONField()
    frozen_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.edition)
