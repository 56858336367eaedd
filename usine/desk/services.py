"""Asking at a building's desk, reviewing, answering and the public FAQ (rules.py says who)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.exhibits import presence
from usine.fair.models import Building
from usine.inputs import clean_text, parse_id
from usine.live import word_filter
from usine.schools.models import Pupil

from . import rules
from .models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, DeskQuestion

# A pupil or a visitor may have this many questions waiting at one desk (not yet answered).
MAX_WAITING = 3
# A phone number split over questions is read across the asker's latest ones (as in the live).
SPLIT_NUMBER_WINDOW = datetime.timedelta(minutes=5)


class DeskError(Exception):
    """A request the desk refuses; nothing was stored."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _text(value, *, max_length: int, empty: str, too_long: str, multiline=False) -> str:
    if value is not None and not isinstance(value, str):
        raise DeskError("invalid", _("Le texte attendu n'en est pas un."))
    value = clean_text(value or "")
    value = value.strip() if multiline else " ".join(value.split())
    if not value:
        raise DeskError("empty", empty)
    if len(value) > max_length:
        raise DeskError("too_long", too_long % {"max": max_length})
    return value


def ask(
    *,
    building: Building,
    text,
    pupil: Pupil | None = None,
    waiting_ids=(),
    now=None,
) -> DeskQuestion:
    """A question at the desk while someone of the company is there. `pupil`: the asking pupil
    (None: a visitor); `waiting_ids`: a visitor's earlier questions (from the browser session)."""
    text = _text(
        text,
        max_length=QUESTION_MAX_LENGTH,
        empty=_("La question est vide."),
        too_long=_("La question est trop longue (%(max)d caractères au plus)."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        slot = presence.current_slot(building=building, now=now)
        if slot is None:
            raise DeskError(
                "closed",
                _("Personne n'est à l'accueil en ce moment : revenez pendant une présence."),
            )
        mine = DeskQuestion.objects.filter(building=building)
        if pupil is not None:
            Pupil.objects.select_for_update().filter(pk=pupil.pk).first()  # one ask at a time
            mine = mine.filter(pupil=pupil)
        else:
            mine = mine.filter(pk__in=list(waiting_ids), asker=DeskQuestion.Asker.VISITOR)
        waiting = mine.filter(state__in=[DeskQuestion.State.PENDING, DeskQuestion.State.OPEN])
        if waiting.count() >= MAX_WAITING:
            raise DeskError(
                "too_many",
                _("Vous avez déjà %(n)d questions en attente ici : attendez une réponse.")
                % {"n": MAX_WAITING},
            )
        previous = list(
            mine.filter(created_at__gte=now - SPLIT_NUMBER_WINDOW)
            .order_by("-created_at")
            .values_list("text", flat=True)[:3]
        )[::-1]
        verdict = word_filter.check(text, previous=previous)
        if verdict.refused:
            raise DeskError(
                "blocked",
                _(
                    "Pas de coordonnées ici : ni e-mail, ni téléphone, ni lien, ni réseau "
                    "social. La question n'a pas été envoyée."
                ),
            )
        return DeskQuestion.objects.create(
            building=building,
            slot=slot,
            asker=DeskQuestion.Asker.PUPIL if pupil is not None else DeskQuestion.Asker.VISITOR,
            pupil=pupil,
            school_class_id=pupil.school_class_id if pupil is not None else None,
            text=text,
            flag=verdict.reason or "",
        )


def review(*, question_id, user, approve: bool, now=None) -> DeskQuestion:
    """An adult allowed by rules.for_reviewer passes a waiting question on to the company
    (`approve`) or sets it aside."""
    with transaction.atomic():
        question = rules.for_reviewer(user).select_for_update().filter(pk=_id(question_id)).first()
        if question is None:
            raise DeskError("not_found", _("Cette question n'existe pas."))
        if question.state != DeskQuestion.State.PENDING:
            raise DeskError("invalid_state", _("Cette question a déjà été relue."))
        question.state = DeskQuestion.State.OPEN if approve else DeskQuestion.State.HIDDEN
        question.moderated_by = user
        question.moderated_at = now or timezone.now()
        question.save(update_fields=["state", "moderated_by", "moderated_at"])
    return question


def answer(*, question_id, user, text, now=None) -> DeskQuestion:
    """The company's person answers an approved question in writing (or corrects an answer)."""
    text = _text(
        text,
        max_length=ANSWER_MAX_LENGTH,
        empty=_("La réponse est vide."),
        too_long=_("La réponse est trop longue (%(max)d caractères au plus)."),
        multiline=True,
    )
    company = rules.desk_company(user)
    if company is None:
        raise DeskError("forbidden", _("Seule l'entreprise du bâtiment répond à son accueil."))
    verdict = word_filter.check(text)
    if not verdict.clean:
        raise DeskError(
            "blocked",
            _(
                "La réponse n'a pas été envoyée : pas de coordonnées (e-mail, téléphone, lien, "
                "réseau social) ni de mot grossier. Les visiteurs trouvent vos contacts publics "
                "sur la page du bâtiment."
            ),
        )
    now = now or timezone.now()
    with transaction.atomic():
        question = (
            rules.for_company(company=company)
            .select_for_update()
            .select_related("building")
            .filter(pk=_id(question_id))
            .first()
        )
        if question is None:
            raise DeskError("not_found", _("Cette question n'existe pas."))
        slot = presence.current_slot(building=question.building, now=now)
        hosting = slot is not None and slot.host_id == user.pk
        question.answer = text
        question.answered_by = user
        question.answered_as = slot.host_label if hosting else company.name
        question.answered_at = now
        question.state = DeskQuestion.State.ANSWERED
        question.save(
            update_fields=["answer", "answered_by", "answered_as", "answered_at", "state"]
        )
    return question


def publish(*, question_id, user, published: bool, now=None) -> DeskQuestion:
    """An organizer puts an answered question in the building's public FAQ, or takes it out."""
    if not rules.may_publish(user):
        raise DeskError("forbidden", _("Seule l'organisation publie la FAQ des bâtiments."))
    with transaction.atomic():
        question = (
            DeskQuestion.objects.select_for_update()
            .filter(pk=_id(question_id), state=DeskQuestion.State.ANSWERED)
            .first()
        )
        if question is None:
            raise DeskError("not_found", _("Cette question n'a pas de réponse à publier."))
        question.published_at = (now or timezone.now()) if published else None
        question.save(update_fields=["published_at"])
    return question


def faq(*, building: Building):
    """The building's public FAQ, latest first."""
    return DeskQuestion.objects.filter(
        building=building, state=DeskQuestion.State.ANSWERED, published_at__isnull=False
    ).order_by("-published_at", "-pk")


def _id(value):
    return parse_id(value)
