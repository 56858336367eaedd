"""Who runs the fair (usine/organizers.py): staff accounts, and the organizers' group, whose
accounts have the organizer pages and the organizers' place in live rooms but not the admin."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from tests.fair.factories import EditionFactory
from tests.schools.factories import BookingFactory
from tests.users.factories import UserFactory
from usine.live import access
from usine.live.models import LiveRoom
from usine.organizers import ORGANIZERS_GROUP, is_organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer():
    user = UserFactory()
    user.groups.add(Group.objects.create(name=ORGANIZERS_GROUP))
    return user


def test_staff_and_the_organizers_group_are_organizers_and_nobody_else(organizer):
    assert is_organizer(organizer) is True
    assert is_organizer(UserFactory(is_staff=True)) is True
    assert is_organizer(UserFactory()) is False
    assert is_organizer(AnonymousUser()) is False
    assert is_organizer(None) is False


def test_the_group_is_asked_once_per_user_object(organizer, django_assert_num_queries):
    with django_assert_num_queries(1):
        first, second = is_organizer(organizer), is_organizer(organizer)
    assert (first, second) == (True, True)


def test_a_group_organizer_has_the_organizer_pages_but_not_the_admin(client, organizer):
    EditionFactory()  # the schedule's page is the open edition's
    client.force_login(organizer)

    assert client.get(reverse("professionals:organizer_schedule")).status_code == 200
    admin = client.get(reverse("admin:index"))
    assert (admin.status_code, admin.url) == (302, "/admin/login/?next=/admin/")


def test_a_group_organizer_moderates_any_live_room(organizer):
    room = LiveRoom.objects.create(booking=BookingFactory())

    member = access.member(user=organizer, session={}, room=room)

    assert member == access.Member(access.ORGANIZER, user_id=organizer.pk)
    assert member.is_moderator
