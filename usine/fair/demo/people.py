"""The demo's people: a school with its teacher and classes, and professionals who talk with them.

Everything goes through the schools and live services, so the class codes, the pupils'
pseudonyms, the bookings' counters and the professionals' profiles are the real thing. Pupils are
pseudonyms only; the professionals' accounts cannot log in (unusable passwords) but stay active,
as the scheduler only takes professionals with an open account.

The first class is in session when the demo is loaded during the fair week: it is booked into the
slot whose hour of exploration is in progress (slots_demo.create_running_demo_slot), so a visitor
can join it as a pupil at once with its code. The other booked class keeps a usual slot still
ahead at load time.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from usine.exhibits.models import JobProfile
from usine.live import professionals as live
from usine.live.models_professionals import Professional
from usine.schools import booking as bookings
from usine.schools import services as schools
from usine.schools.models import School, SchoolClass, Teacher
from usine.schools.uai import check_letter

from ..models import Edition, SessionSlot
from ..slots_demo import DEFAULT_START_TIMES, PARIS

TEACHER_USERNAME = "enseignant-demo"
SCHOOL_DIGITS = "0131234"  # not a real school: the check letter is computed (uai.check_letter)
SCHOOL_NAME = "Lycée professionnel Pierre-Mendès-France"
SCHOOL_TOWN = "Vitrolles"


@dataclass(frozen=True)
class DemoClass:
    name: str
    level: str
    pupil_count: int
    wanted_jobs: tuple[str, ...]  # job profile titles
    # Index in the edition's usual slots (by start time) of its booking, if booked; a slot that
    # has started at load time gives way to the next one ahead with the same professionals.
    slot: int | None
    running: bool = False  # booked into the session in progress at load time, if there is one


CLASSES = (
    DemoClass(
        "3e Prépa-métiers B",
        SchoolClass.Level.TROISIEME,
        18,
        ("Soudeur·se", "Cariste", "Conducteur·rice de ligne de production"),
        slot=1,  # Monday, 10:15, when no session is in progress at load time
        running=True,
    ),
    DemoClass(
        "1re Bac pro MELEC",
        SchoolClass.Level.BAC_PRO,
        24,
        ("Électricien·ne industriel·le", "Automaticien·ne", "Technicien·ne instrumentiste"),
        slot=6,  # Tuesday, 13:30
    ),
    DemoClass(
        "2de Bac pro TCI",
        SchoolClass.Level.BAC_PRO,
        15,
        ("Chaudronnier·ère", "Tuyauteur·se industriel·le", "Soudeur·se"),
        slot=None,
    ),
)


@dataclass(frozen=True)
class DemoProfessional:
    first_name: str
    gender: str
    site: str  # company slug
    job: str  # job profile title at that company
    presentation: str


W, M = Professional.Gender.WOMAN, Professional.Gender.MAN
PROFESSIONALS = (
    DemoProfessional("Inès", W, "chaudronnerie-vitrolles", "Soudeur·se",
                     "Soudeuse depuis six ans, je prépare des pièces pour la pétrochimie."),
    DemoProfessional("Karim", M, "logistique-rognac", "Cariste",
                     "Je conduis des chariots dans un entrepôt de 40 000 m², jour et nuit."),
    DemoProfessional("Sophie", W, "conserverie-cavaillon", "Conducteur·rice de ligne de production",
                     "Je pilote une ligne qui remplit 20 000 boîtes par heure."),
    DemoProfessional("Thomas", M, "acierie-fos", "Électricien·ne industriel·le",
                     "Électricien à l'aciérie, je dépanne des moteurs plus grands que moi."),
    DemoProfessional("Léa", W, "faisceaux-aubagne", "Automaticien·ne",
                     "Je programme les robots qui assemblent les faisceaux électriques."),
    DemoProfessional("Mehdi", M, "raffinerie-martigues", "Technicien·ne instrumentiste",
                     "Capteurs, vannes, régulation : je règle ce qui mesure la raffinerie."),
    DemoProfessional("Julie", W, "maintenance-navale-toulon", "Chaudronnier·ère",
                     "Chaudronnière sur les coques des navires, j'ai appris en apprentissage."),
    DemoProfessional("Nicolas", M, "chantier-la-ciotat", "Tuyauteur·se industriel·le",
                     "Je fais passer les tuyauteries à bord des yachts en construction."),
    DemoProfessional("Amina", W, "helicopteres-marignane", "Ajusteur·se monteur·se aéronautique",
                     "J'assemble des hélicoptères, rivet après rivet, au micron près."),
    DemoProfessional("Lucas", M, "usinage-aero-salon",
                     "Usineur·se sur machine à commande numérique",
                     "Je règle des machines à cinq axes qui usinent des pièces d'avion."),
    DemoProfessional("Chloé", W, "eolien-port-saint-louis", "Technicien·ne de maintenance éolienne",
                     "Je monte à 100 mètres pour entretenir les éoliennes en mer."),
    DemoProfessional("Hugo", M, "semiconducteurs-rousset", "Technicien·ne en électronique",
                     "En salle blanche, je teste les puces avant leur départ."),
)  # fmt: skip

# The day has four sessions (8:30, 10:15, 13:30, 15:15): odd-numbered professionals take the
# 10:15 and 15:15 ones, even-numbered the others, every day. The session in progress at load time
# is declared by those who declared the running class's usual slot. Each booked class thus has
# two professionals of the jobs it wants to discover available.


@dataclass(frozen=True)
class DemoPeople:
    teacher: Teacher
    classes: int
    bookings: int
    professionals: int
    running_class: SchoolClass | None  # in session at load time


def usernames() -> list[str]:
    return [TEACHER_USERNAME] + [f"pro-{n}" for n in range(1, len(PROFESSIONALS) + 1)]


def create_people(
    *,
    edition: Edition,
    password: str,
    now: datetime.datetime,
    running_slot: SessionSlot | None = None,
) -> DemoPeople:
    """The demo school, teacher, classes, bookings and professionals (in the caller's
    transaction; the edition's slots and job profiles must exist). `now` is the load time;
    `running_slot`, if any, the session in progress then (see the module's docstring)."""
    slots = usual_slots(edition=edition)
    jobs = schools.edition_job_profiles(edition=edition)
    teacher = _create_teacher(password=password)
    booked = 0
    running_class = None
    for spec in CLASSES:
        school_class = schools.create_class(
            teacher=teacher,
            edition=edition,
            name=spec.name,
            level=spec.level,
            pupil_count=spec.pupil_count,
            wanted_jobs=jobs.filter(title__in=spec.wanted_jobs),
        )
        if spec.running and running_slot is not None:
            slot = running_slot
            running_class = school_class
        elif spec.slot is not None:
            slot = slot_ahead(slots, spec.slot, now=now)
        else:
            continue
        # Booked a month before the fair, as a teacher would have (`book` refuses past slots).
        bookings.book(
            teacher=teacher,
            class_id=school_class.pk,
            slot_id=slot.pk,
            now=slot.starts_at - datetime.timedelta(days=30),
        )
        booked += 1
    # The session in progress stands in for the running class's usual slot: the professionals
    # who declared that one declare it too.
    usual = next((slots[spec.slot] for spec in CLASSES if spec.running), None)
    for number, spec in enumerate(PROFESSIONALS, start=1):
        declared = slots[number % 2 :: 2]
        if running_slot is not None and usual in declared and running_slot not in declared:
            declared.append(running_slot)
        _create_professional(edition=edition, username=f"pro-{number}", spec=spec, slots=declared)
    return DemoPeople(
        teacher=teacher,
        classes=len(CLASSES),
        bookings=booked,
        professionals=len(PROFESSIONALS),
        running_class=running_class,
    )


def usual_slots(*, edition: Edition) -> list[SessionSlot]:
    """The edition's slots at the day's usual start times, by start time (not the one added
    for the session in progress at load time, unless it starts at a usual time)."""
    return [
        slot
        for slot in SessionSlot.objects.filter(edition=edition).order_by("starts_at")
        if slot.starts_at.astimezone(PARIS).time() in DEFAULT_START_TIMES
    ]


def slot_ahead(slots: list[SessionSlot], index: int, *, now: datetime.datetime) -> SessionSlot:
    """`slots[index]`, or if it has started at `now` the first of `slots[index + 2]`,
    `slots[index + 4]`… (declared by the same professionals) that has not; `slots[index]` when
    none is left."""
    for slot in slots[index::2]:
        if slot.starts_at > now:
            return slot
    return slots[index]


def _create_teacher(*, password: str) -> Teacher:
    digits = SCHOOL_DIGITS
    school, _created = School.objects.get_or_create(
        uai=digits + check_letter(digits), defaults={"name": SCHOOL_NAME, "town": SCHOOL_TOWN}
    )
    # No e-mail address: the demo sends no mail (booking invitations go to the teacher's address).
    user = get_user_model().objects.create_user(
        username=TEACHER_USERNAME, password=password, first_name="Camille", last_name="Martin"
    )
    return Teacher.objects.create(user=user, school=school, email_confirmed_at=timezone.now())


def _create_professional(
    *, edition: Edition, username: str, spec: DemoProfessional, slots: list[SessionSlot]
) -> Professional:
    # Not `live.invite`: it mails an invitation on commit. The profile itself goes through
    # `update_profile`, which checks the job and slots belong to the edition.
    user = get_user_model()(username=username, first_name=spec.first_name)
    user.set_unusable_password()
    user.save()
    professional = Professional.objects.create(
        user=user, edition=edition, first_name=spec.first_name
    )
    live.update_profile(
        professional=professional,
        first_name=spec.first_name,
        company=None,
        job=JobProfile.objects.get(company__slug=spec.site, title=spec.job),
        presentation=spec.presentation,
        gender=spec.gender,
        charter_accepted=True,
        max_per_day=3,
        slots=slots,
    )
    return professional
