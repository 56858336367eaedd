"""Changes to the Forum's programme. Each owns its transaction; the town, the home page and the
Forum's pages hear of it through the cache signals (usine/town/signals.py)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.accounts import invitations
from usine.site import absolute_url

from .errors import ForumError
from .models import Speaker, Stage, Talk, TalkSpeaker
from .photos import normalised_photo

# What may follow what: a talk goes on air, then ends; an ended talk may go back on air (the
# stream dropped and the organizer resumes it).
NEXT_STATES = {
    Talk.State.SCHEDULED: {Talk.State.LIVE},
    Talk.State.LIVE: {Talk.State.ENDED, Talk.State.SCHEDULED},
    Talk.State.ENDED: {Talk.State.LIVE},
}


def set_talk_state(*, talk: Talk, state: str) -> Talk:
    """Puts a talk on air, ends it, or takes it back to scheduled. Raises ForumError when the
    change makes no sense (ending a talk that never started)."""
    with transaction.atomic():
        talk = Talk.objects.select_for_update().get(pk=talk.pk)
        if state == talk.state:
            return talk
        if state not in NEXT_STATES.get(talk.state, set()):
            raise ForumError(
                _("« %(title)s » ne peut pas passer de l'état « %(from)s » à « %(to)s ».")
                % {
                    "title": talk.title,
                    "from": talk.get_state_display(),
                    "to": Talk.State(state).label if state in Talk.State.values else state,
                }
            )
        talk.state = state
        talk.save(update_fields=["state", "updated_at"])
    return talk


# --- the organizers' editing ----------------------------------------------------------------------


def _slug_taken(message, error: IntegrityError):
    return ForumError(message, field="slug") if "slug" in str(error).lower() else error


def save_stage(*, stage: Stage) -> Stage:
    try:
        with transaction.atomic():
            stage.save()
    except IntegrityError as error:
        raise _slug_taken(
            _("Une scène de cette édition porte déjà cet identifiant."), error
        ) from None
    return stage


def save_talk(*, talk: Talk, speakers: list[tuple[Speaker, str]]) -> Talk:
    """Saves the talk and its speakers, in the order given ((speaker, part) pairs)."""
    if talk.stage.edition_id != talk.edition_id:
        raise ForumError(_("Cette scène appartient à une autre édition."), field="stage")
    if any(speaker.edition_id != talk.edition_id for speaker, _part in speakers):
        raise ForumError(_("Un·e intervenant·e appartient à une autre édition."))
    if len({speaker.pk for speaker, _part in speakers}) != len(speakers):
        raise ForumError(_("Chaque intervenant·e ne figure qu'une fois."))
    try:
        with transaction.atomic():
            talk.save()
            talk.speaker_links.all().delete()
            TalkSpeaker.objects.bulk_create(
                TalkSpeaker(talk=talk, speaker=speaker, part=part, position=position)
                for position, (speaker, part) in enumerate(speakers)
            )
    except IntegrityError as error:
        raise _slug_taken(
            _("Une intervention de cette édition porte déjà cet identifiant."), error
        ) from None
    # talk.save() told the town and the pages (town/signals.py), again once this commits: the
    # speakers created after it are read then.
    return talk


def save_speaker(*, speaker: Speaker, photo=None) -> Speaker:
    """Saves the speaker; a new photo is re-encoded and stored under a name nobody can guess."""
    content = normalised_photo(photo) if photo is not None else None
    with transaction.atomic():
        if content is not None:
            old = speaker.photo.name if speaker.photo else ""
            speaker.photo.save(content.name, content, save=False)
            if old:
                transaction.on_commit(lambda: speaker.photo.storage.delete(old))
        speaker.save()
    return speaker


# --- speakers' invitations ------------------------------------------------------------------------


def invite_speaker(*, speaker: Speaker, email: str, invited_by=None) -> Speaker:
    """Gives the speaker an account (a new one, or theirs) and mails them a one-time link to
    their studio. A speaker who already has an account gets the link again."""
    with transaction.atomic():
        try:
            user = invitations.invited_account(email=email, first_name=speaker.name)
        except invitations.InvitationError as error:
            raise ForumError(error.message, field=error.field) from None
        other = (
            Speaker.objects.filter(edition_id=speaker.edition_id, user=user)
            .exclude(pk=speaker.pk)
            .first()
        )
        if other is not None:
            raise ForumError(
                _("Cette adresse est déjà celle de « %(name)s » dans ce programme.")
                % {"name": other.name},
                field="email",
            )
        speaker.user = user
        speaker.invited_by = invited_by if getattr(invited_by, "pk", None) else None
        speaker.invited_at = timezone.now()
        speaker.save(update_fields=["user", "invited_by", "invited_at", "updated_at"])
        transaction.on_commit(lambda: send_invitation(speaker=speaker))
    return speaker


def send_invitation(*, speaker: Speaker) -> None:
    user = speaker.user
    if user.has_usable_password():
        link = absolute_url(reverse("login") + "?next=" + reverse("forum:my_talks"))
    else:
        link = absolute_url(invitations.invitation_path(user, route="forum:welcome"))
    body = render_to_string(
        "forum/email/invitation.txt",
        {
            "speaker": speaker,
            "link": link,
            "edition": speaker.edition,
            "talks": speaker.talks.all(),
        },
    )
    send_mail(
        _("Usine : votre intervention au Forum"), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )


def invited_user(*, uidb64: str, token: str):
    """The account a speaker's link was made for, or ForumError."""
    try:
        return invitations.invited_user(
            uidb64=uidb64,
            token=token,
            invited=lambda user: Speaker.objects.filter(user=user).exists(),
        )
    except invitations.InvalidInvitation as error:
        raise ForumError(error.message) from None


def accept_invitation(*, user, password: str) -> None:
    with transaction.atomic():
        invitations.accept_invitation(user=user, password=password)
