"""The Forum's audience questions and captions.

Who asks: anyone signed in (an adult's account) and pupils (their generated pseudonym, with their
class). Visitors without an account read only: a question or a vote must belong to someone the
moderators can slow down, and nothing may follow a visitor around to tell their votes apart.

Pupils are minors: a pupil's question, vote and slow-mode bucket point at the pupil's row and go
with it when pupils are purged (CASCADE). Every question waits for an organizer's approval before
anyone else sees it, an adult's as a pupil's.

Captions are cues on the talk's stream time (seconds since it went on air): typed live on the
captioner page, drafted by a speech-to-text engine where one is installed, corrected in the
caption editor; `TalkCaptions` is their WebVTT file, kept for the replay.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from usine.live.models import QUESTION_MAX_LENGTH
from usine.media.folders import FORUM_CAPTIONS_DIR

CAPTION_MAX_LENGTH = 300


def _one_author(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(user__isnull=False) & Q(pupil__isnull=True))
        | (Q(user__isnull=True) & Q(pupil__isnull=False)),
        name=f"{prefix}_one_author",
    )


class AudienceQuestion(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("en attente de modération")
        APPROVED = "approved", _("validée")
        HIDDEN = "hidden", _("masquée")

    talk = models.ForeignKey(
        "forum.Talk",
        models.CASCADE,
        related_name="audience_questions",
        verbose_name=_("intervention"),
    )
    # One of the two: an adult's account or a pupil's pseudonym.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    pupil = models.ForeignKey(
        "schools.Pupil", models.CASCADE, null=True, blank=True, related_name="forum_questions"
    )
    # As the audience reads it, fixed when asked: a pupil's pseudonym, an adult's first name.
    author = models.CharField(_("auteur·e"), max_length=120)
    # A pupil's class and school ("3e B, collège Jean-Moulin"); empty for adults.
    author_class = models.CharField(_("classe"), max_length=240, blank=True)
    text = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PENDING)
    # Why the word filter flagged it for the moderators ("" when it did not).
    flag = models.CharField(_("signalement du filtre"), max_length=20, blank=True)
    upvotes = models.PositiveIntegerField(_("votes"), default=0)
    # The question on screen now (one per talk at most).
    pinned = models.BooleanField(_("épinglée"), default=False)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    # Where the answer starts in the stream (seconds since the talk went on air): a chapter of
    # the replay.
    answered_at_s = models.FloatField(_("temps du direct (s)"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("modérée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("posée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("question du public")
        verbose_name_plural = _("questions du public")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["talk", "state", "upvotes"])]
        constraints = [
            _one_author("forum_question"),
            models.UniqueConstraint(
                fields=["talk"], condition=Q(pinned=True), name="forum_one_pinned_question"
            ),
        ]

    def __str__(self):
        return self.text


class AudienceUpvote(models.Model):
    """One vote for an approved question: one per account or pupil."""

    question = models.ForeignKey(AudienceQuestion, models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    pupil = models.ForeignKey(
        "schools.Pupil", models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            _one_author("forum_upvote"),
            models.UniqueConstraint(
                fields=["question", "user"],
                condition=Q(user__isnull=False),
                name="forum_one_upvote_per_user",
            ),
            models.UniqueConstraint(
                fields=["question", "pupil"],
                condition=Q(pupil__isnull=False),
                name="forum_one_upvote_per_pupil",
            ),
        ]

    def __str__(self):
        return f"{self.user_id or self.pupil_id} → {self.question_id}"


class AudienceMute(models.Model):
    """An asker who may not ask questions in a talk (until `until`, or for good): the rule of
    the live exchanges' mutes (`usine.live.mutes`)."""

    talk = models.ForeignKey("forum.Talk", models.CASCADE, related_name="mutes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    pupil = models.ForeignKey(
        "schools.Pupil", models.CASCADE, null=True, blank=True, related_name="+"
    )
    until = models.DateTimeField(_("jusqu'à"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant·e en sourdine")
        verbose_name_plural = _("participant·es en sourdine")
        constraints = [
            _one_author("forum_mute"),
            models.UniqueConstraint(
                fields=["talk", "user"],
                condition=Q(user__isnull=False),
                name="forum_one_mute_per_user",
            ),
            models.UniqueConstraint(
                fields=["talk", "pupil"],
                condition=Q(pupil__isnull=False),
                name="forum_one_mute_per_pupil",
            ),
        ]

    def __str__(self):
        return f"{self.user_id or self.pupil_id} ({self.talk_id})"


class AudienceAllowance(models.Model):
    """Slow mode's bucket of one asker in one talk (`usine.live.slow_mode`)."""

    talk = models.ForeignKey("forum.Talk", models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    pupil = models.ForeignKey(
        "schools.Pupil", models.CASCADE, null=True, blank=True, related_name="+"
    )
    tokens = models.FloatField()
    refilled_at = models.DateTimeField()

    class Meta:
        constraints = [
            _one_author("forum_allowance"),
            models.UniqueConstraint(
                fields=["talk", "user"],
                condition=Q(user__isnull=False),
                name="forum_one_allowance_per_user",
            ),
            models.UniqueConstraint(
                fields=["talk", "pupil"],
                condition=Q(pupil__isnull=False),
                name="forum_one_allowance_per_pupil",
            ),
        ]

    def __str__(self):
        return f"{self.user_id or self.pupil_id}: {self.tokens:.1f}"


class CaptionCue(models.Model):
    """One caption of a talk, on its stream time."""

    class Source(models.TextChoices):
        TYPED = "typed", _("saisi en direct")
        SPEECH = "speech", _("reconnaissance vocale")
        EDITED = "edited", _("éditeur de sous-titres")

    talk = models.ForeignKey(
        "forum.Talk", models.CASCADE, related_name="caption_cues", verbose_name=_("intervention")
    )
    start_s = models.FloatField(_("début (s)"))
    end_s = models.FloatField(_("fin (s)"))
    text = models.CharField(_("texte"), max_length=CAPTION_MAX_LENGTH)
    source = models.CharField(_("origine"), max_length=10, choices=Source, default=Source.TYPED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sous-titre")
        verbose_name_plural = _("sous-titres")
        ordering = ["start_s", "pk"]
        indexes = [models.Index(fields=["talk", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_s__gt=models.F("start_s")) & Q(start_s__gte=0),
                name="forum_caption_ends_after_start",
            )
        ]

    def __str__(self):
        return self.text


class TalkCaptions(models.Model):
    """The talk's captions as a WebVTT file, rewritten whenever the cues change; the replay is
    public only once they are published (an organizer read them through)."""

    talk = models.OneToOneField("forum.Talk", models.CASCADE, related_name="captions")
    file = models.FileField(_("sous-titres (WebVTT)"), upload_to=FORUM_CAPTIONS_DIR, max_length=255)
    published_at = models.DateTimeField(_("publiés le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sous-titres d'une intervention")
        verbose_name_plural = _("sous-titres des interventions")

    def __str__(self):
        return str(self.talk)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
