"""Games that teach trades: each building's quiz, the orientation quiz, the class challenge.

Pupils are minors: every row that names a pupil points at the pupil's row (a pseudonym) and goes
with it when pupils are purged (CASCADE) — except the challenge's points, whose pupil link is
cleared instead, so that a class keeps what it earned (and a teacher removing pupils moves
nothing).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Quiz(models.Model):
    """A company's building quiz: 3 to 5 questions with explanations (see quiz.py for the
    content's shape).

    The exhibitor edits `draft`; the public plays `published`, copied from the draft once an
    organizer approves it (or at once when the edition does not ask for review)."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("publié")
        PENDING = "pending", _("en attente de relecture")
        REFUSED = "refused", _("refusé")

    company = models.OneToOneField(
        "exhibits.Company", models.CASCADE, related_name="quiz", verbose_name=_("entreprise")
    )
    draft = models.JSONField(_("version en cours"), default=dict)
    published = models.JSONField(_("version publiée"), default=dict, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PENDING)
    refusal_reason = models.TextField(_("motif du refus"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("proposé le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quiz")
        ordering = ["company__name"]

    def __str__(self):
        return str(self.company)


class QuizPass(models.Model):
    """A pupil answered a building's quiz well enough: the proof behind the quiz's stamp, once
    per pupil and quiz."""

    pupil = models.ForeignKey("schools.Pupil", models.CASCADE, related_name="quiz_passes")
    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="passes")
    building = models.ForeignKey("fair.Building", models.CASCADE, related_name="+")
    correct = models.PositiveSmallIntegerField()
    passed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "quiz"], name="one_pass_per_pupil_quiz")
        ]

    def __str__(self):
        return f"{self.pupil_id} ✓ {self.quiz_id}"


class OrientationKept(models.Model):
    """A pupil's "which trade for me?" profile, kept in the passport: three RIASEC letters,
    nothing else."""

    pupil = models.OneToOneField("schools.Pupil", models.CASCADE, related_name="orientation")
    code = models.CharField(max_length=3)
    kept_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.pupil_id}: {self.code}"


class ChallengeEntry(models.Model):
    """A class in the challenge, with the size its score is divided by: the pupils it had at
    its first point, fixed then (pupils added or removed later move nothing)."""

    school_class = models.OneToOneField(
        "schools.SchoolClass", models.CASCADE, related_name="challenge", verbose_name=_("classe")
    )
    size = models.PositiveSmallIntegerField(_("élèves comptés"))
    points = models.PositiveIntegerField(_("points"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("classe au défi")
        verbose_name_plural = _("classes au défi")
        constraints = [models.CheckConstraint(condition=Q(size__gte=1), name="challenge_size_1")]

    def __str__(self):
        return str(self.school_class)


class ChallengePoint(models.Model):
    """One point a pupil earned for the class, from one proof (`proof` names it: a stamp, a quiz
    pass, an approved question), on the fair's day it was earned."""

    class Kind(models.TextChoices):
        STAMP = "stamp", _("tampon du passeport")
        QUIZ = "quiz", _("quiz réussi")
        QUESTION = "question", _("question validée")

    entry = models.ForeignKey(ChallengeEntry, models.CASCADE, related_name="earned_points")
    pupil = models.ForeignKey(
        "schools.Pupil", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    proof = models.CharField(max_length=60)
    day = models.DateField()
    earned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "proof"], name="one_point_per_proof")
        ]
        indexes = [models.Index(fields=["day", "entry"])]

    def __str__(self):
        return f"{self.entry_id} +1 {self.proof}"


class ChallengeWinner(models.Model):
    """A class the organizers chose as a winner of an edition's challenge, and its prize."""

    edition = models.ForeignKey(
        "fair.Edition", models.CASCADE, related_name="+", verbose_name=_("édition")
    )
    school_class = models.ForeignKey(
        "schools.SchoolClass", models.CASCADE, related_name="+", verbose_name=_("classe")
    )
    title = models.CharField(
        _("palmarès"), max_length=120, help_text=_("ex. : 1er prix, meilleure classe de 4e")
    )
    prize = models.CharField(
        _("prix"), max_length=300, help_text=_("ex. : la visite du chantier naval de La Ciotat")
    )
    told_at = models.DateTimeField(_("enseignant·e prévenu·e le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("classe lauréate")
        verbose_name_plural = _("classes lauréates")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "school_class"], name="one_prize_per_class")
        ]

    def __str__(self):
        return f"{self.school_class} — {self.title}"
