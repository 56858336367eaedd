import pytest
from django.core import mail

from tests.exhibits.factories import JobProfileFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.factories import SchoolClassFactory, SchoolFactory, TeacherFactory
from usine.schools import codes, services
from usine.schools.errors import ClassFull, InvalidConfirmation, LastPupil, NotYours
from usine.schools.models import Pupil, School, SchoolClass

pytestmark = pytest.mark.django_db


def register(**overrides):
    data = {
        "email": "Claire.Martin@ac-paris.fr",
        "password": "un-mot-de-passe-solide",
        "first_name": "Claire",
        "last_name": "Martin",
        "uai": "0750654d",
        "school_name": "Lycée Henri-IV",
        "school_town": "Paris",
    }
    return services.register_teacher(**{**data, **overrides})


def confirmation_link_in(message) -> str:
    return next(line for line in message.body.splitlines() if "/enseignants/confirmer/" in line)


def test_signing_up_creates_an_inactive_account_and_mails_the_confirmation_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        teacher = register()
    assert teacher.user.username == "claire.martin@ac-paris.fr"
    assert teacher.user.is_active is False
    assert teacher.school.uai == "0750654D"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["claire.martin@ac-paris.fr"]
    assert confirmation_link_in(mail.outbox[0]).startswith("http://testserver/enseignants/")


def test_a_second_teacher_of_the_same_school_joins_it_without_renaming_it():
    SchoolFactory(uai="0750654D", name="Lycée Henri-IV", town="Paris")
    teacher = register(email="autre@ac-paris.fr", school_name="Henri 4")
    assert School.objects.count() == 1
    assert teacher.school.name == "Lycée Henri-IV"


def test_confirming_activates_the_account_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        teacher = register()
    path = confirmation_link_in(mail.outbox[0]).removeprefix("http://testserver")
    _, _, _, uidb64, token, _ = path.split("/")
    confirmed = services.confirm_email(uidb64=uidb64, token=token)
    assert confirmed.pk == teacher.pk
    assert confirmed.user.is_active is True
    assert confirmed.email_confirmed_at is not None


@pytest.mark.parametrize(("uidb64", "token"), [("MQ", "faux-jeton"), ("!!", "x"), ("", "")])
def test_a_forged_confirmation_link_is_refused(uidb64, token):
    register()
    with pytest.raises(InvalidConfirmation):
        services.confirm_email(uidb64=uidb64, token=token)


def test_a_new_class_gets_a_code_and_one_distinct_pseudonym_per_pupil():
    edition = EditionFactory()
    job = JobProfileFactory()
    BuildingFactory(edition=edition, company=job.company)
    school_class = services.create_class(
        teacher=TeacherFactory(),
        edition=edition,
        name=" 3e B ",
        level="3e",
        pupil_count=40,
        wanted_trades=[job.trade],
    )
    assert school_class.name == "3e B"
    assert codes.is_well_formed(school_class.code)
    pseudonyms = list(school_class.pupils.values_list("pseudonym", flat=True))
    assert len(pseudonyms) == len(set(pseudonyms)) == 40
    assert list(school_class.wanted_trades.all()) == [job.trade]


def test_regenerating_the_code_retires_the_old_one():
    school_class = SchoolClassFactory()
    old = school_class.code
    new = services.regenerate_code(school_class=school_class)
    assert new != old
    assert not SchoolClass.objects.filter(code=old).exists()
    assert SchoolClass.objects.get(pk=school_class.pk).code == new


def test_adding_and_removing_pupils_keeps_the_count_and_the_bounds():
    school_class = services.create_class(
        teacher=TeacherFactory(), edition=EditionFactory(), name="4e A", level="4e", pupil_count=39
    )
    services.add_pupil(school_class=school_class)
    assert school_class.pupil_count == 40
    with pytest.raises(ClassFull):
        services.add_pupil(school_class=school_class)
    assert Pupil.objects.filter(school_class=school_class).count() == 40

    pupil = school_class.pupils.first()
    services.remove_pupil(school_class=school_class, pupil_id=pupil.pk)
    assert SchoolClass.objects.get(pk=school_class.pk).pupil_count == 39
    assert not Pupil.objects.filter(pk=pupil.pk).exists()


def test_the_last_pupil_stays_and_another_class_pupil_cannot_be_removed():
    school_class = services.create_class(
        teacher=TeacherFactory(), edition=EditionFactory(), name="CAP 1", level="cap", pupil_count=1
    )
    with pytest.raises(LastPupil):
        services.remove_pupil(school_class=school_class, pupil_id=school_class.pupils.get().pk)
    other = services.create_class(
        teacher=school_class.teacher, edition=school_class.edition, name="CAP 2", level="cap",
        pupil_count=3,
    )  # fmt: skip
    with pytest.raises(NotYours):
        services.remove_pupil(school_class=school_class, pupil_id=other.pupils.first().pk)
    assert other.pupils.count() == 3


def test_a_teacher_reaches_only_their_own_classes():
    school_class = SchoolClassFactory()
    assert services.class_of(teacher=school_class.teacher, class_id=school_class.pk) == school_class
    with pytest.raises(NotYours):
        services.class_of(teacher=TeacherFactory(), class_id=school_class.pk)
    with pytest.raises(NotYours):
        services.class_of(teacher=school_class.teacher, class_id="pas-un-nombre")
