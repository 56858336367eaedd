"""Questions asked at a building's desk, their answers and the building's FAQ.

Pupils are minors: a pupil's question points at the pupil's row (a generated pseudonym) and
nothing else; the link is cleared when pupils are purged, so an answered question kept in the
public FAQ outlives them without any personal data. A visitor's question holds no data about
the visitor at all.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

QUESTION_MAX_LENGTH = 200
ANSWER_MAX_LENGTH = 1000


class DeskQuestion(models.Model):
    class Asker(models.TextChoices):
        PUPIL = "pupil", _("élève ou participant·e d'un groupe")
        VISITOR = "visitor", _("visiteur·se")

    class State(models.TextChoices):
        PENDING = "pending", _("à relire")
        OPEN = "open", _("transmise à l'entreprise")
        ANSWERED = "answered", _("répondue")
        HIDDEN = "hidden", _("écartée")

    building = models.ForeignKey(
        "fair.Building", models.CASCADE, related_name="desk_questions", verbose_name=_("bâtiment")
    )
    # The presence during which it was asked (kept empty once that presence is removed).
    slot = models.ForeignKey(
        "exhibits.PresenceSlot",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("présence"),
    )
    asker = models.CharField(_("posée par"), max_length=10, choices=Asker)
    pupil = models.ForeignKey(
        "schools.Pupil",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk_questions",
        verbose_name=_("élève"),
    )
    # The class of a pupil's question, for its teacher (kept when the pupils are purged).
    school_class = models.ForeignKey(
        "schools.SchoolClass",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk_questions",
        verbose_name=_("classe"),
    )
    text = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PENDING)
    # Why the word filter flagged it for the moderators ("" when it did not).
    flag = models.CharField(_("signalement du filtre"), max_length=20, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("relue le"), null=True, blank=True)
    answer = models.TextField(_("réponse"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the public reads as the answer's author, e.g. "Claire, soudeuse".
    answered_as = models.CharField(_("répondu par"), max_length=80, blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    # Set by an organizer: the question and its answer are in the building's public FAQ.
    published_at = models.DateTimeField(_("dans la FAQ depuis"), null=True, blank=True)
    created_at = models.DateTimeField(_("posée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("question à l'accueil")
        verbose_name_plural = _("questions à l'accueil")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["building", "state"]),
            models.Index(fields=["building", "published_at"]),
        ]

    def __str__(self):
        return self.text

    @property
    def in_faq(self) -> bool:
        return self.published_at is not None
