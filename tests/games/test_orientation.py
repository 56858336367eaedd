import datetime

import pytest
from django.utils import translation

from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.helpers import booked_class
from usine.exhibits.models import Trade
from usine.games import orientation
from usine.games.errors import UnknownProfile
from usine.games.models import OrientationKept
from usine.schools.retention import purge_personal_data

pytestmark = pytest.mark.django_db


def answers_for(letters: str) -> dict:
    """Answers ticking, in each question, the first answer whose letter is in `letters` (in
    their order of preference), else the first answer."""
    quiz, _codes = orientation._data()
    picked = {}
    for n, question in enumerate(quiz["questions"], start=1):
        choice = 0
        for letter in letters:
            found = [i for i, a in enumerate(question["answers"]) if a["letter"] == letter]
            if found:
                choice = found[0]
                break
        picked[f"q{n}"] = str(choice)
    return picked


def test_twelve_questions_each_letter_six_times():
    quiz, _codes = orientation._data()
    assert len(quiz["questions"]) == 12
    letters = [a["letter"] for q in quiz["questions"] for a in q["answers"]]
    assert {letter: letters.count(letter) for letter in "RIASEC"} == dict.fromkeys("RIASEC", 6)


def test_every_trade_of_the_catalogue_has_a_code():
    codes = orientation._data()[1]["trades"]
    names = set(Trade.objects.values_list("name", flat=True))
    assert names <= set(codes)
    for code in codes.values():
        assert orientation.check_code(code) == code


def test_the_profile_is_the_three_interests_chosen_most():
    # R wherever it is offered (6), then I (1: where R is not), C (4) everywhere else.
    assert orientation.profile(answers_for("RIC")) == "RCI"
    # I six times, then S and A three times each: A first, in the order RIASEC.
    assert orientation.profile(answers_for("ISA")) == "IAS"


def test_ties_follow_the_order_riasec():
    # Every first answer: R, S, R, E, R, A, R, S, I, R, R, A → R 6, S 2, A 2, E 1, I 1.
    assert orientation.profile({f"q{n}": "0" for n in range(1, 13)}) == "RAS"


@pytest.mark.parametrize(
    "answers",
    [{}, {f"q{n}": "0" for n in range(1, 12)}, {f"q{n}": "3" for n in range(1, 13)}],
)
def test_incomplete_or_odd_answers_give_no_profile(answers):
    assert orientation.profile(answers) is None


@pytest.mark.parametrize("code", ["", "RI", "RRI", "RIX", "RIAS", "<b>", "ric" * 100])
def test_an_unknown_code_is_refused(code):
    with pytest.raises(UnknownProfile):
        orientation.check_code(code)


def test_trades_are_ranked_by_how_their_letters_meet_the_profile_and_lead_to_buildings():
    edition = EditionFactory()
    welder, lab = catalogue_trade("H2913"), catalogue_trade("H1503")  # RCI, ICR
    yard = BuildingFactory(edition=edition, company=CompanyFactory(name="Chantier"))
    lab_site = BuildingFactory(edition=edition, company=CompanyFactory(name="Labo"))
    JobProfileFactory(company=yard.company, trade=welder)
    JobProfileFactory(company=lab_site.company, trade=lab)
    with translation.override("fr"):
        found = orientation.matches(code="ICR", edition=edition)
    assert [(m.trade.name, m.code, m.affinity) for m in found] == [
        ("Technicien·ne de laboratoire", "ICR", 14),
        ("Soudeur·se", "RCI", 10),
    ]
    assert found[0].buildings == [lab_site]
    assert found[0].shared[0] == "comprendre : chercher, analyser, résoudre des problèmes"


def test_no_open_edition_no_trades():
    assert orientation.matches(code="RIC", edition=None) == []


def test_a_pupil_keeps_one_profile():
    pupil = booked_class().school_class.pupils.first()
    orientation.keep(pupil=pupil, code="ric")
    orientation.keep(pupil=pupil, code="SEC")
    assert list(OrientationKept.objects.values_list("pupil", "code")) == [(pupil.pk, "SEC")]
    assert orientation.kept_code(pupil=pupil) == "SEC"


def test_a_pupil_takes_the_profile_out_again():
    pupil = booked_class().school_class.pupils.first()
    orientation.keep(pupil=pupil, code="RIC")
    assert orientation.forget(pupil=pupil) is True
    assert orientation.kept_code(pupil=pupil) == ""
    assert orientation.forget(pupil=pupil) is False
    assert OrientationKept.objects.count() == 0


def test_a_kept_profile_goes_with_the_pupil_at_the_retention_purge():
    pupil = booked_class().school_class.pupils.first()
    orientation.keep(pupil=pupil, code="IAS")
    edition = pupil.school_class.edition
    ended = datetime.datetime.combine(edition.ends_on, datetime.time(12), tzinfo=datetime.UTC)
    purge_personal_data(now=ended + datetime.timedelta(days=31), days=30)
    assert OrientationKept.objects.count() == 0
