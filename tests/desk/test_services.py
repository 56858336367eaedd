import datetime

import pytest
from django.utils import timezone

from tests.desk.factories import DeskQuestionFactory
from tests.exhibits.factories import ExhibitorFactory, PresenceSlotFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import PupilFactory, TeacherFactory
from tests.users.factories import UserFactory
from usine.desk import rules, services
from usine.desk.models import DeskQuestion
from usine.desk.services import DeskError

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """A building of the open edition with someone of its company at the desk now."""
    exhibitor = ExhibitorFactory()
    building = BuildingFactory(edition=open_edition(), company=exhibitor.company)
    slot = PresenceSlotFactory(building=building, host=exhibitor.user)
    return building, slot, exhibitor


def ask(building, text="Faut-il le bac pour être soudeuse ?", **kwargs):
    return services.ask(building=building, text=text, **kwargs)


def refusal(call) -> str:
    with pytest.raises(DeskError) as raised:
        call()
    return raised.value.code


# --- asking ---------------------------------------------------------------------------------------


def test_a_pupils_question_waits_for_review_and_the_company_does_not_see_it(desk):
    building, slot, exhibitor = desk
    pupil = PupilFactory()
    question = ask(building, pupil=pupil)
    assert (question.state, question.asker, question.slot, question.school_class) == (
        "pending",
        "pupil",
        slot,
        pupil.school_class,
    )
    assert list(rules.for_company(company=exhibitor.company)) == []
    assert list(rules.for_reviewer(pupil.school_class.teacher.user)) == [question]


def test_a_visitors_question_holds_nothing_about_the_visitor_and_waits_for_the_organizers(desk):
    building, _slot, exhibitor = desk
    question = ask(building)
    assert (question.asker, question.pupil, question.school_class, question.state) == (
        "visitor",
        None,
        None,
        "pending",
    )
    assert list(rules.for_company(company=exhibitor.company)) == []
    assert list(rules.for_reviewer(TeacherFactory().user)) == []
    assert list(rules.for_reviewer(UserFactory(is_staff=True))) == [question]


def test_nobody_at_the_desk_no_question(desk):
    building, slot, _exhibitor = desk
    later = slot.ends_at + datetime.timedelta(seconds=1)
    assert refusal(lambda: ask(building, now=later)) == "closed"
    assert refusal(lambda: ask(building, now=slot.starts_at - datetime.timedelta(seconds=1))) == (
        "closed"
    )
    assert DeskQuestion.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01", "empty"),
        (None, "empty"),
        (42, "invalid"),
        (["a"], "invalid"),
        ("x" * 201, "too_long"),
        ("écris-moi sur claire.dupont@gmail.com", "blocked"),
        ("appelle moi au 06 12 34 56 78", "blocked"),
        ("t'as snap ?", "blocked"),
        ("va voir https://exemple.fr", "blocked"),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_kept(desk, text, code):
    building, _slot, _exhibitor = desk
    assert refusal(lambda: ask(building, text=text, pupil=PupilFactory())) == code
    assert DeskQuestion.objects.count() == 0


def test_a_phone_number_split_over_two_questions_is_refused(desk):
    building, _slot, _exhibitor = desk
    pupil = PupilFactory()
    ask(building, text="06 12 34", pupil=pupil)
    assert refusal(lambda: ask(building, text="56 78", pupil=pupil)) == "blocked"


def test_an_insult_is_kept_for_the_reviewer_flagged(desk):
    building, _slot, _exhibitor = desk
    question = ask(building, text="t'es un connard", pupil=PupilFactory())
    assert (question.state, question.flag) == ("pending", "insult")


def test_three_questions_waiting_at_most_per_asker(desk):
    building, _slot, _exhibitor = desk
    pupil = PupilFactory()
    for number in range(services.MAX_WAITING):
        ask(building, text=f"Question {number}", pupil=pupil)
    assert refusal(lambda: ask(building, text="Encore une", pupil=pupil)) == "too_many"
    ask(building, text="Une autre élève", pupil=PupilFactory())  # others still ask
    visitor = [ask(building, text=f"Visiteur {n}").pk for n in range(services.MAX_WAITING)]
    assert refusal(lambda: ask(building, text="Et encore", waiting_ids=visitor)) == "too_many"


# --- review ---------------------------------------------------------------------------------------


def test_the_teacher_passes_a_pupils_question_on_and_the_company_then_sees_it(desk):
    building, _slot, exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=_slot)
    teacher = question.school_class.teacher.user
    services.review(question_id=question.pk, user=teacher, approve=True)
    question.refresh_from_db()
    assert (question.state, question.moderated_by) == ("open", teacher)
    assert list(rules.for_company(company=exhibitor.company)) == [question]


def test_an_other_teacher_a_professional_or_the_company_cannot_review(desk):
    building, slot, exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot)
    others = [TeacherFactory().user, exhibitor.user, UserFactory()]
    for user in others:
        assert refusal(
            lambda u=user: services.review(question_id=question.pk, user=u, approve=True)
        ) == ("not_found")
    question.refresh_from_db()
    assert question.state == "pending"


def test_a_set_aside_question_never_reaches_the_company(desk):
    building, slot, exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot)
    services.review(question_id=question.pk, user=UserFactory(is_staff=True), approve=False)
    assert list(rules.for_company(company=exhibitor.company)) == []
    assert (
        refusal(lambda: services.answer(question_id=question.pk, user=exhibitor.user, text="Oui."))
        == "not_found"
    )
    assert (
        refusal(
            lambda: services.review(
                question_id=question.pk, user=UserFactory(is_staff=True), approve=True
            )
        )
        == "invalid_state"
    )


@pytest.mark.parametrize("question_id", [None, "abc", -1, 2**63, True, 1.5, [1]])
def test_malformed_ids_are_not_found(desk, question_id):
    staff = UserFactory(is_staff=True)
    assert refusal(lambda: services.review(question_id=question_id, user=staff, approve=True)) == (
        "not_found"
    )
    assert refusal(
        lambda: services.publish(question_id=question_id, user=staff, published=True)
    ) == ("not_found")


# --- answers --------------------------------------------------------------------------------------


def test_the_host_answers_under_the_presences_label(desk):
    building, slot, exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot, state="open")
    now = timezone.now()
    services.answer(
        question_id=question.pk, user=exhibitor.user, text=" Non, un CAP suffit.\n", now=now
    )
    question.refresh_from_db()
    assert (question.state, question.answer, question.answered_as, question.answered_at) == (
        "answered",
        "Non, un CAP suffit.",
        "Claire, soudeuse",
        now,
    )


def test_a_professional_of_the_company_answers_under_the_companys_name(desk):
    building, slot, exhibitor = desk
    professional = ProfessionalFactory(company=exhibitor.company, edition=building.edition)
    question = DeskQuestionFactory(building=building, slot=slot, state="open")
    services.answer(question_id=question.pk, user=professional.user, text="Oui.")
    question.refresh_from_db()
    assert (question.answered_by, question.answered_as) == (
        professional.user,
        exhibitor.company.name,
    )


def test_an_other_company_cannot_answer(desk):
    building, slot, _exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot, state="open")
    stranger = ExhibitorFactory()
    assert (
        refusal(lambda: services.answer(question_id=question.pk, user=stranger.user, text="Oui."))
        == "not_found"
    )
    assert (
        refusal(lambda: services.answer(question_id=question.pk, user=UserFactory(), text="Oui."))
        == "forbidden"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("x" * 1001, "too_long"),
        ("Écris-moi : claire@usine-exemple.fr", "blocked"),
        ("Mon portable : 06 12 34 56 78", "blocked"),
        ("Retrouve-moi sur insta", "blocked"),
        ("Quelle question de con", "blocked"),
    ],
)
def test_an_answer_with_contact_details_or_insults_is_refused(desk, text, code):
    building, slot, exhibitor = desk
    question = DeskQuestionFactory(building=building, slot=slot, state="open")
    assert (
        refusal(lambda: services.answer(question_id=question.pk, user=exhibitor.user, text=text))
        == code
    )
    question.refresh_from_db()
    assert (question.state, question.answer) == ("open", "")


# --- FAQ ------------------------------------------------------------------------------------------


def test_only_organizers_publish_answered_questions_in_the_faq(desk):
    building, slot, exhibitor = desk
    answered = DeskQuestionFactory(building=building, slot=slot, state="answered", answer="Oui.")
    waiting = DeskQuestionFactory(building=building, slot=slot, state="open")
    assert (
        refusal(
            lambda: services.publish(question_id=answered.pk, user=exhibitor.user, published=True)
        )
        == "forbidden"
    )
    teacher = answered.school_class.teacher.user
    assert (
        refusal(lambda: services.publish(question_id=answered.pk, user=teacher, published=True))
        == "forbidden"
    )
    staff = UserFactory(is_staff=True)
    assert (
        refusal(lambda: services.publish(question_id=waiting.pk, user=staff, published=True))
        == "not_found"
    )
    assert list(services.faq(building=building)) == []
    services.publish(question_id=answered.pk, user=staff, published=True)
    assert list(services.faq(building=building)) == [answered]
    services.publish(question_id=answered.pk, user=staff, published=False)
    assert list(services.faq(building=building)) == []


def test_the_faq_outlives_the_pupils(desk):
    building, slot, _exhibitor = desk
    question = DeskQuestionFactory(
        building=building, slot=slot, state="answered", answer="Oui.", published_at=timezone.now()
    )
    question.pupil.delete()
    question.refresh_from_db()
    assert (question.pupil, list(services.faq(building=building))) == (None, [question])
