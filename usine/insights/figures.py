"""The figures of an edition, read from the roll-ups (never from raw events), as tables whose
small counts are hidden (suppression.py). One function per audience: organizers, an exhibitor,
a teacher."""

import datetime
import statistics
from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from usine.exhibits.models import Testimonial, Trade, shown_testimonials
from usine.fair.models import Building, Edition
from usine.forum.models import Talk
from usine.live.models import LiveRoom, Question
from usine.professionals.models import Professional
from usine.schools.models import Booking, SchoolClass

from . import survey
from .models import DailyCount, DailyVisitors, Device, HourlyCount, Kind, SchoolType, VisitorKind
from .suppression import THRESHOLD, Cell, shown
from .tables import Row, Table, plain, table_of
from .visitors import departement_of, school_type_of


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value or _("non précisé")))


def visitors_by_day(edition: Edition) -> Table:
    rows = defaultdict(lambda: [0, 0])
    for day, kind, visitors in DailyVisitors.objects.filter(edition=edition).values_list(
        "day", "visitor_kind", "visitors"
    ):
        rows[day][0 if kind == VisitorKind.PUPIL else 1] += visitors
    days = sorted(rows)
    # Pupils and the others apart, and no total beside them: a total minus a shown part would
    # give a hidden one.
    return table_of(
        "visiteurs-par-jour",
        _("Visiteurs par jour"),
        [_("élèves"), _("autres visiteurs")],
        [formats.date_format(day, "l j F") for day in days],
        [[rows[d][0] for d in days], [rows[d][1] for d in days]],
        note=_("Un visiteur est compté une fois par jour : rien ne le suit d'un jour à l'autre."),
        stacked=[0, 1],
    )


def visitors_by_hour(edition: Edition) -> Table:
    """The hours of the last day with visits up to today (today during the fair)."""
    hours = HourlyCount.objects.filter(edition=edition)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    latest = hours.order_by("-hour").values_list("hour", flat=True)
    last = latest.filter(hour__lt=midnight).first() or latest.first()
    rows = defaultdict(lambda: [0, 0])
    day = None
    if last is not None:
        day = timezone.localdate(last)
        for hour, kind, visitors in hours.filter(hour__date=day).values_list(
            "hour", "visitor_kind", "visitors"
        ):
            rows[timezone.localtime(hour).hour][0 if kind == VisitorKind.PUPIL else 1] += visitors
    order = sorted(rows)
    title = _("Visiteurs heure par heure")
    if day is not None:
        title = _("Visiteurs heure par heure, %(day)s") % {"day": formats.date_format(day, "l j F")}
    return table_of(
        "visiteurs-par-heure",
        title,
        [_("élèves"), _("autres visiteurs")],
        [f"{hour} h" for hour in order],
        [[rows[h][0] for h in order], [rows[h][1] for h in order]],
        stacked=[0, 1],
    )


def _grouped(edition, kind, field, *, order_by_visitors=True):
    rows = (
        DailyCount.objects.filter(edition=edition, kind=kind)
        .values(field)
        .annotate(v=Sum("visitors"), e=Sum("events"), a=Sum("amount"))
    )
    rows = [row for row in rows if row[field] not in (None, "")]
    rows.sort(key=lambda row: (-row["v"], str(row[field])) if order_by_visitors else row[field])
    return rows


def visitor_kinds(edition: Edition) -> Table:
    rows = (
        DailyVisitors.objects.filter(edition=edition)
        .values("visitor_kind")
        .annotate(v=Sum("visitors"))
        .order_by("-v")
    )
    rows = list(rows)
    return table_of(
        "visiteurs-par-profil",
        _("Qui visite"),
        [_("visiteurs-jours")],
        [_label(VisitorKind, row["visitor_kind"]) for row in rows],
        [[row["v"] for row in rows]],
    )


def devices(edition: Edition) -> Table:
    rows = _grouped(edition, Kind.PAGE, "device")
    return table_of(
        "appareils",
        _("Appareils"),
        [_("visiteurs-jours"), _("pages vues")],
        [_label(Device, row["device"]) for row in rows],
        [[row["v"] for row in rows], [row["e"] for row in rows]],
    )


def buildings_ranked(edition: Edition) -> Table:
    rows = _grouped(edition, Kind.BUILDING, "building__name")
    return table_of(
        "batiments",
        _("Bâtiments les plus visités"),
        [_("visiteurs-jours"), _("visites")],
        [row["building__name"] for row in rows],
        [[row["v"] for row in rows], [row["e"] for row in rows]],
    )


def trades_ranked(edition: Edition) -> Table:
    rows = _grouped(edition, Kind.TESTIMONIAL, "trade_id")
    names = trade_labels(row["trade_id"] for row in rows)
    rows.sort(key=lambda row: (-row["v"], names[row["trade_id"]]))
    return table_of(
        "metiers",
        _("Métiers les plus regardés (témoignages)"),
        [_("spectateurs-jours"), _("vues")],
        [names[row["trade_id"]] for row in rows],
        [[row["v"] for row in rows], [row["e"] for row in rows]],
    )


def trade_labels(ids) -> dict[int, str]:
    """Trades' names in the reader's language, by id."""
    return {trade.pk: trade.label for trade in Trade.objects.filter(pk__in=list(ids))}


def testimonials_watched(edition: Edition) -> Table:
    rows = (
        DailyCount.objects.filter(edition=edition, kind=Kind.TESTIMONIAL)
        .exclude(testimonial=None)
        .values("testimonial", "testimonial__first_name", "building__name")
        .annotate(v=Sum("visitors"), e=Sum("events"), a=Sum("amount"))
        .order_by("-v", "testimonial")
    )
    rows = list(rows)
    jobs = {
        testimonial.pk: testimonial.job_shown
        for testimonial in Testimonial.objects.filter(
            pk__in={row["testimonial"] for row in rows}
        ).select_related("job__trade")
    }

    def share(index, cells):
        row = rows[index]
        return [shown(row["a"] / row["e"] if row["e"] else 0, hidden=cells[1].hidden)]

    return table_of(
        "temoignages",
        _("Témoignages regardés"),
        [_("spectateurs-jours"), _("vues"), _("part regardée en moyenne (%)")],
        [
            f"{row['testimonial__first_name']}, {jobs[row['testimonial']]}"
            + (f" ({row['building__name']})" if row["building__name"] else "")
            for row in rows
        ],
        [[row["v"] for row in rows], [row["e"] for row in rows]],
        extra=share,
    )


def quizzes(edition: Edition) -> Table:
    """Each building's quiz under the building's name as it is now (a quiz has no other name;
    a renamed building keeps one row)."""
    rows = _grouped(edition, Kind.QUIZ, "building_id")
    names = dict(
        Building.objects.filter(pk__in=[row["building_id"] for row in rows]).values_list(
            "pk", "name"
        )
    )
    rows.sort(key=lambda row: (-row["v"], names[row["building_id"]]))
    return table_of(
        "quiz",
        _("Quiz joués"),
        [_("joueurs-jours"), _("parties")],
        [names[row["building_id"]] for row in rows],
        [[row["v"] for row in rows], [row["e"] for row in rows]],
        note=_("Le quiz de chaque bâtiment, sous le nom du bâtiment."),
    )


def forum(edition: Edition) -> Table:
    """Each talk's spectators live and on replay, and how long they stayed on average."""
    talks = dict(Talk.objects.filter(edition=edition).values_list("slug", "title"))
    watched = defaultdict(lambda: {Kind.FORUM: (0, 0), Kind.REPLAY: (0, 0)})
    for row in (
        DailyCount.objects.filter(edition=edition, kind__in=[Kind.FORUM, Kind.REPLAY])
        .values("page", "kind")
        .annotate(v=Sum("visitors"), a=Sum("amount"))
    ):
        watched[row["page"]][row["kind"]] = (row["v"], row["a"])
    order = sorted(
        (slug for slug in watched if slug in talks),
        key=lambda slug: (-sum(v for v, _a in watched[slug].values()), talks[slug]),
    )

    def minutes(index, cells):
        slug = order[index]
        return [
            shown(_per_person(*watched[slug][kind]) / 60, hidden=cell.hidden, decimals=1)
            for kind, cell in ((Kind.FORUM, cells[0]), (Kind.REPLAY, cells[1]))
        ]

    return table_of(
        "forum",
        _("Audience du Forum, en direct et en replay"),
        [
            _("spectateurs-jours en direct"),
            _("spectateurs-jours en replay"),
            _("minutes regardées par spectateur, en direct"),
            _("minutes regardées par spectateur, en replay"),
        ],
        [talks[slug] for slug in order],
        [[watched[s][Kind.FORUM][0] for s in order], [watched[s][Kind.REPLAY][0] for s in order]],
        extra=minutes,
        stacked=[0, 1],
        note=_(
            "Un spectateur est compté une fois par jour et par intervention, dès qu'il lance "
            "la lecture ; les minutes sont celles où la vidéo jouait."
        ),
    )


def _per_person(people, amount):
    return amount / people if people else 0


def _bookings(edition: Edition):
    return Booking.objects.filter(slot__edition=edition).select_related(
        "school_class__teacher__school"
    )


def schools_by_departement(edition: Edition) -> Table:
    rows = defaultdict(lambda: [set(), 0, 0])
    for booking in _bookings(edition):
        school_class = booking.school_class
        school = school_class.teacher.school
        row = rows[departement_of(school.uai)]
        row[0].add(school.pk)
        row[1] += 1
        row[2] += school_class.pupil_count
    # A school whose UAI gives no département (a job-seekers' group's counsellor has none) comes
    # last, under a label of its own.
    order = sorted(rows, key=lambda departement: (departement == "", departement))
    return table_of(
        "departements",
        _("Établissements et classes par département"),
        [_("élèves"), _("établissements"), _("classes")],
        [departement or _("Sans département") for departement in order],
        [[rows[d][2] for d in order]],
        extra=lambda i, cells: [plain(len(rows[order[i]][0])), plain(rows[order[i]][1])],
    )


def classes_by_level(edition: Edition) -> Table:
    rows = (
        _bookings(edition)
        .values(level=F("school_class__level"))
        .annotate(classes=Count("pk"), pupils=Sum("school_class__pupil_count"))
        .order_by("level")
    )
    rows = list(rows)
    return table_of(
        "niveaux",
        _("Classes par niveau"),
        [_("élèves"), _("classes"), _("type d'établissement")],
        [_label(SchoolClass.Level, row["level"]) for row in rows],
        [[row["pupils"] for row in rows]],
        extra=lambda i, cells: [
            plain(rows[i]["classes"]),
            Cell(None, _label(SchoolType, school_type_of(rows[i]["level"]))),
        ],
    )


def sessions(edition: Edition, *, now=None) -> Table:
    now = now or timezone.now()
    bookings = Booking.objects.filter(slot__edition=edition)
    held = sum(1 for booking in bookings.select_related("slot") if booking.slot.ends_at <= now)
    exchanges = LiveRoom.objects.filter(
        booking__slot__edition=edition, state=LiveRoom.State.ENDED
    ).count()
    questions = Question.objects.filter(room__booking__slot__edition=edition).count()
    asked = DailyCount.objects.filter(edition=edition, kind=Kind.QUESTION).aggregate(
        n=Sum("events")
    )["n"]
    questions = max(questions, asked or 0)  # the questions of purged pupils stay counted
    rows = [
        (_("sessions réservées"), plain(bookings.count())),
        (_("sessions tenues"), plain(held)),
        (_("échanges en direct terminés"), plain(exchanges)),
        (_("questions posées par les élèves"), shown(questions, hidden=questions < THRESHOLD)),
    ]
    table = Table(
        key="sessions", title=_("Sessions et échanges"), columns=[_("nombre")], chart=None
    )
    table.rows = [Row(str(label), [cell]) for label, cell in rows]
    return table


def role_models(edition: Edition) -> Table:
    """Women among each building's published testimonials and invited professionals (adults who
    chose to say it): published facts, not counts of visitors."""
    women = women_by_building(edition)
    table = Table(
        key="modeles",
        title=_("Des femmes dans chaque bâtiment"),
        columns=[_("témoignages"), _("dont de femmes"), _("professionnel·les"), _("dont femmes")],
        chart=1,
    )
    for building in Building.objects.filter(edition=edition).order_by("name"):
        counts = women.get(building.pk, {})
        table.rows.append(
            Row(
                building.name,
                [
                    plain(counts.get("testimonials", 0)),
                    plain(counts.get("women_testimonials", 0)),
                    plain(counts.get("professionals", 0)),
                    plain(counts.get("women_professionals", 0)),
                ],
            )
        )
    return table


def women_by_building(edition: Edition) -> dict[int, dict]:
    buildings = dict(Building.objects.filter(edition=edition).values_list("company_id", "pk"))
    counts = defaultdict(dict)
    testimonials = (
        Testimonial.objects.filter(shown_testimonials(), company_id__in=buildings)
        .values("company_id")
        .annotate(all=Count("pk"), women=Count("pk", filter=Q(gender=Testimonial.Gender.WOMAN)))
    )
    for row in testimonials:
        counts[buildings[row["company_id"]]].update(
            testimonials=row["all"], women_testimonials=row["women"]
        )
    professionals = (
        Professional.objects.filter(edition=edition, company_id__in=buildings)
        .values("company_id")
        .annotate(all=Count("pk"), women=Count("pk", filter=Q(gender=Professional.Gender.WOMAN)))
    )
    for row in professionals:
        counts[buildings[row["company_id"]]].update(
            professionals=row["all"], women_professionals=row["women"]
        )
    return dict(counts)


def women_of(building: Building) -> dict:
    return women_by_building(building.edition).get(building.pk, {})


def buildings_without_women(edition: Edition) -> list[str]:
    women = women_by_building(edition)
    return [
        building.name
        for building in Building.objects.filter(edition=edition).order_by("name")
        if not women.get(building.pk, {}).get("women_testimonials")
        and not women.get(building.pk, {}).get("women_professionals")
    ]


def organizer_tables(edition: Edition) -> list[Table]:
    return [
        visitors_by_day(edition),
        visitors_by_hour(edition),
        visitor_kinds(edition),
        buildings_ranked(edition),
        trades_ranked(edition),
        testimonials_watched(edition),
        quizzes(edition),
        forum(edition),
        sessions(edition),
        schools_by_departement(edition),
        classes_by_level(edition),
        devices(edition),
        *survey.tables(edition=edition),
        role_models(edition),
    ]


# --- an exhibitor's building against the fair's median ------------------------------------------


def building_figures(building: Building) -> Table:
    edition = building.edition
    measures = [
        (_("visiteurs-jours du bâtiment"), Kind.BUILDING, "visitors"),
        (_("visites du bâtiment"), Kind.BUILDING, "events"),
        (_("spectateurs-jours de vos témoignages"), Kind.TESTIMONIAL, "visitors"),
        (_("vues de vos témoignages"), Kind.TESTIMONIAL, "events"),
        (_("joueurs-jours de votre quiz"), Kind.QUIZ, "visitors"),
    ]
    table = Table(
        key="mon-batiment",
        title=_("Votre bâtiment et la médiane du salon"),
        columns=[_("votre bâtiment"), _("médiane des bâtiments")],
    )
    ids = list(Building.objects.filter(edition=edition).values_list("pk", flat=True))
    for label, kind, field in measures:
        per_building = dict.fromkeys(ids, 0)
        for row in (
            DailyCount.objects.filter(edition=edition, kind=kind, building_id__in=ids)
            .values("building_id")
            .annotate(n=Sum(field))
        ):
            per_building[row["building_id"]] = row["n"]
        mine = per_building.get(building.pk, 0)
        median = statistics.median(per_building.values()) if per_building else 0
        table.rows.append(
            Row(
                str(label),
                [shown(mine, hidden=mine < THRESHOLD), shown(median, hidden=median < THRESHOLD)],
            )
        )
    return table
