"""Live exchanges: the room of a class session, its questions and the events that carry them.

Pupils are minors: a question or a mute points at the pupil's row (a generated pseudonym) and
nothing else, and every row that names a pupil goes with it when pupils are purged (CASCADE), the
room's events included — their payload holds the pseudonym and the question's text.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

QUESTION_MAX_LENGTH = 200


class LiveRoom(models.Model):
    """The live exchange of one booked class session (one room per booking)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("programmé")
        LIVE = "live", _("en direct")
        ENDED = "ended", _("terminé")

    booking = models.OneToOneField(
        "schools.Booking", models.CASCADE, related_name="live_room", verbose_name=_("réservation")
    )
    # The professional assigned by the scheduler; empty until then.
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_rooms",
        verbose_name=_("professionnel·le"),
    )
    janus_room_id = models.BigIntegerField(_("salle Janus"), null=True, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.SCHEDULED)
    # The room's event sequence: the id of its last stored event. Events take the next number
    # while holding this row's lock, so numbers have no gap and commit in order.
    last_event_seq = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("salle d'échange en direct")
        verbose_name_plural = _("salles d'échange en direct")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.booking)


class Question(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("en attente de modération")
        APPROVED = "approved", _("validée")
        HIDDEN = "hidden", _("masquée")

    room = models.ForeignKey(
        LiveRoom, models.CASCADE, related_name="questions", verbose_name=_("salle")
    )
    author = models.ForeignKey(
        "schools.Pupil", models.CASCADE, related_name="live_questions", verbose_name=_("élève")
    )
    text = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PENDING)
    # Why the word filter flagged it for the moderators ("" when it did not).
    flag = models.CharField(_("signalement du filtre"), max_length=20, blank=True)
    upvotes = models.PositiveIntegerField(_("votes"), default=0)
    created_at = models.DateTimeField(_("posée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["room", "state"])]

    def __str__(self):
        return self.text


class Upvote(models.Model):
    """One pupil's vote for an approved question: a pupil votes once per question."""

    question = models.ForeignKey(Question, models.CASCADE, related_name="votes")
    pupil = models.ForeignKey("schools.Pupil", models.CASCADE, related_name="live_upvotes")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "pupil"], name="one_upvote_per_pupil")
        ]

    def __str__(self):
        return f"{self.pupil_id} → {self.question_id}"


class AskAllowance(models.Model):
    """A pupil's slow-mode token bucket in a room, in the database so every process sees it."""

    room = models.ForeignKey(LiveRoom, models.CASCADE, related_name="+")
    pupil = models.ForeignKey("schools.Pupil", models.CASCADE, related_name="+")
    tokens = models.FloatField()
    refilled_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "pupil"], name="one_allowance_per_pupil")
        ]

    def __str__(self):
        return f"{self.pupil_id}: {self.tokens:.1f}"


class Mute(models.Model):
    """A pseudonym that may not ask questions in a room (until `until`, or for good)."""

    room = models.ForeignKey(LiveRoom, models.CASCADE, related_name="mutes")
    pupil = models.ForeignKey(
        "schools.Pupil", models.CASCADE, related_name="live_mutes", verbose_name=_("élève")
    )
    until = models.DateTimeField(_("jusqu'à"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("élève en sourdine")
        verbose_name_plural = _("élèves en sourdine")
        constraints = [models.UniqueConstraint(fields=["room", "pupil"], name="one_mute_per_pupil")]

    def __str__(self):
        return str(self.pupil)


class RoomEvent(models.Model):
    """What happened in a room, stored before it is broadcast; `seq` is the id clients see.

    A client that reconnects sends the last `seq` it saw and gets the later events its audience
    may see: moderators get everything, the class and the professional only `everyone` events.
    """

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("tout le monde")
        MODERATORS = "moderators", _("modération")

    room = models.ForeignKey(LiveRoom, models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    audience = models.CharField(max_length=10, choices=Audience)
    payload = models.JSONField(default=dict)
    # The pupil the event is about (its payload then holds a pseudonym or a question's text).
    pupil = models.ForeignKey(
        "schools.Pupil", models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["room", "seq"]
        constraints = [models.UniqueConstraint(fields=["room", "seq"], name="event_seq_per_room")]

    def __str__(self):
        return f"{self.room_id}#{self.seq} {self.kind}"


# The roles of access.py and the word filter, as the audit log names them.
ACTOR_ROLES = {
    "teacher": _("enseignant·e"),
    "organizer": _("organisation"),
    "professional": _("professionnel·le"),
    "pupil": _("élève"),
    "filter": _("filtre automatique"),
    "admin": _("administration"),
}


class ModerationAction(models.Model):
    """The audit log: who did what to which question or pseudonym, and when.

    The pupil and question links are cleared (not cascaded) when pupils are purged: the log of
    moderators' actions outlives them without holding any personal data of a minor.
    """

    class Action(models.TextChoices):
        APPROVE = "approve", _("validation")
        HIDE = "hide", _("masquage")
        MUTE = "mute", _("mise en sourdine")
        UNMUTE = "unmute", _("fin de la sourdine")
        REPORT = "report", _("signalement par un participant")
        FREE_SEAT = "free_seat", _("pseudonyme libéré")
        END = "end", _("fin de l'échange")
        REPLACE = "replace", _("changement de professionnel·le")
        FILTER_BLOCK = "filter_block", _("bloquée par le filtre")
        FILTER_FLAG = "filter_flag", _("signalée par le filtre")
        ADMIN_ADD = "admin_add", _("ajout dans l'administration")
        ADMIN_CHANGE = "admin_change", _("modification dans l'administration")
        ADMIN_DELETE = "admin_delete", _("suppression dans l'administration")
        PIN = "pin", _("épinglage à l'écran")
        UNPIN = "unpin", _("retrait de l'écran")
        ANSWER = "answer", _("question répondue")

    # Empty once the room is deleted (an organizer deleting it, or its booking, in the admin):
    # the log keeps what was done, `detail` naming the object.
    room = models.ForeignKey(
        LiveRoom, models.SET_NULL, null=True, blank=True, related_name="moderation_actions"
    )
    # Empty for the word filter's own actions.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(_("rôle"), max_length=20)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    question = models.ForeignKey(
        Question, models.SET_NULL, null=True, blank=True, related_name="moderation_actions"
    )
    pupil = models.ForeignKey(
        "schools.Pupil", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=40, blank=True)
    # The Forum's audience questions are moderated by the same rules and logged here too.
    talk = models.ForeignKey(
        "forum.Talk",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("intervention du Forum"),
    )
    audience_question = models.ForeignKey(
        "forum.AudienceQuestion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("question du Forum"),
    )
    # For the admin's edits: what was edited and how ("Question « … » : Modification de État.").
    detail = models.CharField(_("détail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.actor_role_label})"

    @property
    def actor_role_label(self) -> str:
        """Who acted, in the fair's words (the log is read in French)."""
        return str(ACTOR_ROLES.get(self.actor_role, self.actor_role))


class RoomPresence(models.Model):
    """An adult's connection to a room (teacher, professional, organizer), for the consoles.

    In the database, as pupils' presence (schools' SeatClaim.last_seen_at): each room socket
    refreshes it while open, so a console is right whichever process serves whom."""

    room = models.ForeignKey(LiveRoom, models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    role = models.CharField(_("rôle"), max_length=20)
    last_seen_at = models.DateTimeField(_("vu·e le"), null=True, blank=True)

    class Meta:
        verbose_name = _("présence dans une salle")
        verbose_name_plural = _("présences dans les salles")
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="one_presence_per_adult")
        ]

    def __str__(self):
        return f"{self.user_id} ({self.role})"
