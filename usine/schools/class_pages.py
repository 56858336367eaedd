"""What the teacher's pages of one class read (the class page, the console), kept in the cache.

A teacher opens these pages again and again during a session (the console above all), and they
read the same rows each time: the class, its booking, slot, edition and live room, the trades it
wished and its pseudonyms in reading order — three queries and a sort, more than half of the
page's cost. They are kept under the class's version (usine/versions.py), which any change to
those rows renews (signals.py; services.py for the pseudonyms made in bulk). What changes by
the second (presence, passports) is never kept here.
"""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from usine import versions

from .errors import NotYours
from .models import SchoolClass, Teacher
from .pseudonyms import in_reading_order

CLASS_VERSION_KEY = "class:version:{class_id}"
CLASS_CACHE_KEY = "class:pages:{class_id}"
CLASS_CACHE_SECONDS = 2 * 3600  # a session lasts 1h30


@dataclass(frozen=True)
class ShownClass:
    school_class: SchoolClass  # with its booking, slot, edition, live room and wished trades
    pupils: tuple[tuple[int, str], ...]  # (id, pseudonym) in reading order


def _version_key(class_id) -> str:
    return CLASS_VERSION_KEY.format(class_id=class_id)


def forget_classes(*, class_ids) -> None:
    """These classes, or what their pages read with them, changed: read again at the next page."""
    versions.renew_on_change(
        [_version_key(class_id) for class_id in set(class_ids)], CLASS_CACHE_SECONDS
    )


def shown_class(*, teacher: Teacher, class_id) -> ShownClass:
    """The teacher's class as its pages show it, or NotYours (404) for anyone else's or a
    missing one (services.class_of)."""
    try:
        class_id = int(class_id)
    except (TypeError, ValueError):
        raise NotYours() from None
    shown = versions.kept(
        key=CLASS_CACHE_KEY.format(class_id=class_id),
        version_key=_version_key(class_id),
        read=lambda: _read(class_id),
        seconds=CLASS_CACHE_SECONDS,
    )
    if shown is None or shown.school_class.teacher_id != teacher.pk:
        raise NotYours()
    shown.school_class.teacher = teacher  # already read: the pages name the class's teacher
    return shown


def _read(class_id: int) -> ShownClass | None:
    school_class = (
        SchoolClass.objects.select_related("booking__slot__edition", "booking__live_room")
        .filter(pk=class_id)
        .first()
    )
    if school_class is None:
        return None
    prefetch_related_objects([school_class], "wanted_trades")
    pupils = in_reading_order(
        school_class.pupils.order_by().values_list("pk", "pseudonym"),
        pseudonym=lambda row: row[1],
    )
    return ShownClass(school_class=school_class, pupils=tuple(pupils))
