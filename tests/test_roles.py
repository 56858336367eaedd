import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from tests.exhibits.factories import ExhibitorFactory
from tests.forum.factories import SpeakerFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import TeacherFactory
from tests.users.factories import UserFactory
from usine.organizers import ORGANIZERS_GROUP
from usine.roles import Roles, home_url, roles_of, teacher_of
from usine.schools.services import set_anonymisation_wish


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_roles_of_an_account_take_one_query_then_none(django_assert_num_queries):
    teacher = TeacherFactory()

    with django_assert_num_queries(1):
        roles = roles_of(teacher.user)
    with django_assert_num_queries(0):
        again = roles_of(teacher.user)

    assert roles == again == Roles(teacher=True)


@pytest.mark.django_db
def test_a_new_role_shows_at_once():
    teacher = TeacherFactory()
    assert roles_of(teacher.user) == Roles(teacher=True)

    ExhibitorFactory(user=teacher.user)

    assert roles_of(teacher.user) == Roles(teacher=True, exhibitor=True)


@pytest.mark.django_db
def test_finding_the_teacher_brings_the_other_roles_in_the_same_query(
    django_assert_num_queries,
):
    teacher = TeacherFactory()
    ProfessionalFactory(user=teacher.user)

    with django_assert_num_queries(1):
        found = teacher_of(teacher.user)
    with django_assert_num_queries(0):
        roles = roles_of(found.user)

    assert found == teacher
    assert roles == Roles(teacher=True, professional=True)
    with django_assert_num_queries(0):  # kept until the row or its school changes
        assert teacher_of(teacher.user) == teacher

    teacher.school.name = "Lycée Neuf"
    teacher.school.save()
    with django_assert_num_queries(1):  # roles already known: the plain lookup
        assert teacher_of(teacher.user).school.name == "Lycée Neuf"
    set_anonymisation_wish(teacher=teacher, wanted=True)
    assert teacher_of(teacher.user).wants_anonymisation is True


@pytest.mark.django_db
def test_an_account_that_is_not_a_teacher_has_no_teacher_and_keeps_its_roles():
    exhibitor = ExhibitorFactory()
    assert teacher_of(exhibitor.user) is None
    assert roles_of(exhibitor.user) == Roles(exhibitor=True)


@pytest.mark.django_db
def test_an_anonymous_visitor_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == Roles()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_user", "home", "link"),
    [
        (lambda: TeacherFactory().user, "/enseignants/", "Mes classes"),
        (lambda: ExhibitorFactory().user, "/exposant/", "Mon bâtiment"),
        (lambda: ProfessionalFactory().user, "/professionnels/echanges/", "Mes échanges"),
        (lambda: UserFactory(is_staff=True), "/organisation/direct/planning/", "Organisation"),
        (lambda: UserFactory(), "/", None),
    ],
)
def test_signing_in_leads_each_account_to_its_own_page(client, make_user, home, link):
    user = make_user()

    response = client.post(
        "/comptes/login/", {"username": user.username, "password": "motdepasse-solide-42"}
    )

    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == home
    town = client.get("/ville/texte/").content.decode()
    for label in ["Mes classes", "Mon bâtiment", "Mes échanges", "Organisation"]:
        assert (f">{label}</a>" in town) is (label == link)


@pytest.mark.django_db
def test_joining_or_leaving_the_organizers_group_shows_at_once():
    user = UserFactory()
    group = Group.objects.create(name=ORGANIZERS_GROUP)
    assert roles_of(user) == Roles()

    user.groups.add(group)
    assert roles_of(user) == Roles(organizer=True)

    group.user_set.remove(user)
    assert roles_of(user) == Roles()


@pytest.mark.django_db
def test_a_teacher_in_the_organizers_group_is_both_after_finding_the_teacher():
    teacher = TeacherFactory()
    teacher.user.groups.add(Group.objects.create(name=ORGANIZERS_GROUP))
    cache.clear()

    teacher_of(teacher.user)  # remembers the roles it found

    assert roles_of(teacher.user) == Roles(teacher=True, organizer=True)


@pytest.mark.django_db
def test_a_speaker_reaches_their_studio_from_the_header(client):
    user = UserFactory()
    assert roles_of(user) == Roles()
    SpeakerFactory(user=user)

    assert roles_of(user) == Roles(speaker=True)
    studio = reverse("forum:my_talks")
    assert home_url(user) == studio
    client.force_login(user)
    page = client.get(reverse("password_change")).content.decode()
    assert f'<a href="{studio}">Mon studio du Forum</a>' in page
