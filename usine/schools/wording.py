"""How the pages name a group and its people: a school's class of pupils and its teacher, or an
organisation's group of adult participants and their counsellor (School.Kind).

The code, the pseudonyms, the session, the passport and the live exchange are the same for both;
only the words change. Sentences are whole here (French agrees its words with the noun: "la
classe", "le groupe"), and templates read them as `words.<name>`.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import School, SchoolClass


@dataclass(frozen=True)
class Wording:
    adults: bool
    my_groups: Promise
    new_group: Promise
    group_name: Promise
    member_count: Promise
    group_code: Promise
    levels: tuple[str, ...]


_ADULT_LEVELS = (SchoolClass.Level.JOB_SEEKERS, SchoolClass.Level.TRAINEES)

CLASSES = Wording(
    adults=False,
    my_groups=_("Mes classes"),
    new_group=_("Nouvelle classe"),
    group_name=_("Nom de la classe"),
    member_count=_("Nombre d'élèves"),
    group_code=_("Code de classe"),
    levels=tuple(level for level in SchoolClass.Level.values if level not in _ADULT_LEVELS),
)

GROUPS = Wording(
    adults=True,
    my_groups=_("Mes groupes"),
    new_group=_("Nouveau groupe"),
    group_name=_("Nom du groupe"),
    member_count=_("Nombre de participant·es"),
    group_code=_("Code du groupe"),
    levels=(*_ADULT_LEVELS, SchoolClass.Level.OTHER),
)


def for_school(school: School | None) -> Wording:
    return GROUPS if school is not None and school.for_adults else CLASSES


def for_class(school_class: SchoolClass) -> Wording:
    return for_school(school_class.teacher.school)
