"""The two questions asked to pupils before and after their class hour — "Could you see
yourself working in industry?" (1 to 5) and which trades interest them — anonymous and
optional, and what they show once enough pupils answered.

An answer names no pupil: `SurveyTaken` says only that a pupil went through a moment, so each
is asked once. The score given before waits in the pupil's own session until the answer after
the hour, which stores it beside its own (the shift, pupil by pupil, without linking the two
rows); the session forgets it then.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from usine.exhibits.models import Trade
from usine.exhibits.trades import reading_order
from usine.fair.models import Building
from usine.schools import session_clock
from usine.schools.join import booking_in
from usine.schools.models import BuildingVisit, SchoolClass

from .errors import SurveyClosed
from .models import SurveyAnswer, SurveyTaken
from .suppression import shown
from .tables import Table, table_of

BEFORE = SurveyAnswer.Moment.BEFORE
AFTER = SurveyAnswer.Moment.AFTER
BEFORE_SCORE_KEY = "insights:survey-before"
# Which moments this browser's pupil went through, as `taken` last read them.
TAKEN_SESSION_KEY = "insights:survey-taken"
MAX_TRADES = 5


def open_moment(*, claim, now=None) -> str | None:
    """The moment a pupil may answer now: before during the hour of exploration, after from
    the live exchange on (until the seat is gone) — or None."""
    booking = booking_in(claim) if claim is not None else None
    if booking is None:
        return None
    phase = session_clock.clock_for(slot=booking.slot, now=now).phase
    if phase in (session_clock.WAITING, session_clock.EXPLORING):
        return BEFORE
    return AFTER


def answered_late(*, asked, now) -> bool:
    """The questions before the visit sent once the hour of exploration was over: the page
    was drawn before minute 60 (`asked`, the form's moment) and sent after (`now`)."""
    return asked == BEFORE and now == AFTER


def taken(*, pupil, moment, session=None) -> bool:
    """Whether the pupil went through the moment. With the pupil's browser session (the live
    room's link to the last questions, on every load of the page by thirty pupils), read once
    then kept there: only `answer` changes it, and it notes the change in the session it is
    given; another browser gets the seat only once this one has lost it."""
    moment = str(moment)
    known = session.get(TAKEN_SESSION_KEY) if session is not None else None
    if not (isinstance(known, dict) and known.get("pupil") == pupil.pk):
        known = {"pupil": pupil.pk}
    if moment in known:
        return bool(known[moment])
    found = SurveyTaken.objects.filter(pupil=pupil, moment=moment).exists()
    if session is not None:
        session[TAKEN_SESSION_KEY] = {**known, moment: found}
    return found


def _note_taken(*, session, pupil, moment) -> None:
    known = session.get(TAKEN_SESSION_KEY)
    if not (isinstance(known, dict) and known.get("pupil") == pupil.pk):
        known = {"pupil": pupil.pk}
    session[TAKEN_SESSION_KEY] = {**known, str(moment): True}


def answer(*, pupil, moment, session, score=None, trades=(), gender="") -> SurveyAnswer | None:
    """Store a pupil's answer (None when every question was left blank: a skip)."""
    school_class = pupil.school_class
    with transaction.atomic():
        try:
            SurveyTaken.objects.create(pupil=pupil, moment=moment)
        except IntegrityError:
            _note_taken(session=session, pupil=pupil, moment=moment)
            raise SurveyClosed(_("Tu as déjà répondu à ce questionnaire.")) from None
        _note_taken(session=session, pupil=pupil, moment=moment)
        if moment == BEFORE and score is not None:
            session[BEFORE_SCORE_KEY] = score
        before_score = session.pop(BEFORE_SCORE_KEY, None) if moment == AFTER else None
        if score is None and not trades and not gender:
            return None
        row = SurveyAnswer.objects.create(
            edition_id=school_class.edition_id,
            school_class=school_class,
            moment=moment,
            score=score,
            before_score=before_score if score is not None else None,
            gender=gender,
        )
        row.trades.set(trades)
        if moment == AFTER:
            visited = BuildingVisit.objects.filter(pupil=pupil).filter(
                Q(seconds__gt=0) | ~Q(stamp="")
            )
            row.buildings.set(visited.values_list("building_id", flat=True))
    return row


def trade_choices(*, edition):
    """The trades shown in the town this edition (those its job profiles present)."""
    return Trade.objects.filter(job_profiles__company__buildings__edition=edition).distinct()


# --- what the answers show -------------------------------------------------------------------


def _groups(answers, key):
    """Per group and moment: answers with a score, their sum, paired answers, sum of shifts."""
    rows = answers.values(group=F(key), m=F("moment")).annotate(
        n=Count("pk", filter=Q(score__isnull=False)),
        s=Sum("score"),
        p=Count("pk", filter=Q(score__isnull=False, before_score__isnull=False)),
        d=Sum(F("score") - F("before_score"), filter=Q(before_score__isnull=False)),
    )
    found = {}
    for row in rows:
        found.setdefault(row["group"], {})[row["m"]] = row
    return found


def _shift_table(key, title, labels, groups) -> Table:
    def get(group, moment, field):
        return (groups.get(group, {}).get(moment) or {}).get(field) or 0

    order = list(labels)

    def means(index, cells):
        group = order[index]
        before_n, after_n, paired = cells[0], cells[1], cells[2]
        return [
            shown(
                _mean(get(group, BEFORE, "s"), get(group, BEFORE, "n")),
                hidden=before_n.hidden,
                decimals=1,
            ),
            shown(
                _mean(get(group, AFTER, "s"), get(group, AFTER, "n")),
                hidden=after_n.hidden,
                decimals=1,
            ),
            shown(
                _mean(get(group, AFTER, "d"), get(group, AFTER, "p")),
                hidden=paired.hidden,
                decimals=2,
            ),
        ]

    return table_of(
        key,
        title,
        [
            _("réponses avant"),
            _("réponses après"),
            _("réponses avant et après"),
            _("note moyenne avant"),
            _("note moyenne après"),
            _("évolution moyenne"),
        ],
        [labels[group] for group in order],
        [
            [get(g, BEFORE, "n") for g in order],
            [get(g, AFTER, "n") for g in order],
            [get(g, AFTER, "p") for g in order],
        ],
        chart=5,
        extra=means,
        note=_(
            "« Pourrais-tu te voir travailler dans l'industrie ? », de 1 (pas du tout) "
            "à 5 (tout à fait)."
        ),
    )


def _mean(total, count):
    return total / count if count else None


def tables(*, edition) -> list[Table]:
    answers = SurveyAnswer.objects.filter(edition=edition)
    genders = {value: str(label) for value, label in SurveyAnswer.Gender.choices}
    by_gender = _shift_table(
        "questionnaire-genre",
        _("Se voir dans l'industrie : avant et après, selon le genre déclaré"),
        genders,
        _groups(answers, "gender"),
    )
    level_groups = _groups(answers, "school_class__level")
    levels = {v: str(name) for v, name in SchoolClass.Level.choices if v in level_groups}
    by_level = _shift_table(
        "questionnaire-niveau", _("Se voir dans l'industrie, selon le niveau"), levels, level_groups
    )
    building_groups = _groups(answers.filter(moment=AFTER), "buildings")
    names = dict(
        Building.objects.filter(pk__in=[g for g in building_groups if g]).values_list("pk", "name")
    )
    by_building = _shift_table(
        "questionnaire-batiment",
        _("Se voir dans l'industrie, selon les bâtiments visités"),
        dict(sorted(names.items(), key=lambda item: reading_order(item[1]))),
        building_groups,
    )
    return [by_gender, by_level, by_building, trades_table(answers)]


def trades_table(answers, *, key="questionnaire-metiers") -> Table:
    rows = answers.values(trade=F("trades"), m=F("moment")).annotate(n=Count("pk"))
    counts = {}
    for row in rows:
        if row["trade"]:
            counts.setdefault(row["trade"], {BEFORE: 0, AFTER: 0})[row["m"]] = row["n"]
    names = {trade.pk: trade.label for trade in Trade.objects.filter(pk__in=counts)}
    order = sorted(counts, key=lambda pk: (-counts[pk][AFTER], reading_order(names[pk])))
    return table_of(
        key,
        _("Métiers qui intéressent les élèves"),
        [_("avant"), _("après")],
        [names[pk] for pk in order],
        [[counts[n][BEFORE] for n in order], [counts[n][AFTER] for n in order]],
        chart=1,
    )


def class_tables(*, school_class) -> list[Table]:
    """A class's own answers: shown only once ten pupils or more answered."""
    answers = SurveyAnswer.objects.filter(school_class=school_class)
    groups = _groups(answers, "school_class_id")
    overall = _shift_table(
        f"questionnaire-classe-{school_class.pk}",
        _("Se voir dans l'industrie : votre classe avant et après"),
        {school_class.pk: school_class.name},
        groups,
    )
    return [overall, trades_table(answers, key=f"metiers-classe-{school_class.pk}")]


def answer_count(*, school_class) -> int:
    return SurveyAnswer.objects.filter(school_class=school_class).count()
