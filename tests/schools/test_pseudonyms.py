import pytest

from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory
from usine.schools import console, join, reports
from usine.schools.pseudonyms import in_reading_order

# As the demo's classes have them: accents and capitals a database sorts after "Z".
NAMES = ["Écrou Exemplaire", "Courroie Solidaire", "Câble Limpide", "Barrage Héroïque"]
READ = ["Barrage Héroïque", "Câble Limpide", "Courroie Solidaire", "Écrou Exemplaire"]


def test_pseudonyms_are_sorted_as_a_teacher_reads_them():
    rows = [(number, name) for number, name in enumerate(NAMES)]
    assert in_reading_order(rows, pseudonym=lambda row: row[1]) == [
        (3, "Barrage Héroïque"),
        (2, "Câble Limpide"),
        (1, "Courroie Solidaire"),
        (0, "Écrou Exemplaire"),
    ]


@pytest.mark.django_db
def test_the_console_the_join_page_and_the_report_list_pupils_in_reading_order():
    school_class = SchoolClassFactory(pupil_count=len(NAMES))
    for name in NAMES:
        PupilFactory(school_class=school_class, pseudonym=name)
    booking = BookingFactory(school_class=school_class)

    assert [row["pseudonym"] for row in console.presence(booking=booking)] == READ
    picking = join.pseudonyms(school_class=school_class, session_key=None)
    assert [item["pupil"].pseudonym for item in picking] == READ
    assert [item["focus"] for item in picking] == [True, False, False, False]
    assert [
        line.pseudonym for line in reports.class_report(school_class=school_class).pupils
    ] == READ
