"""Every kind of page under its Content-Security-Policy, in a real Chromium, as the people who
use it: the policy is sent and nothing on the page is refused (the `page` fixture fails on any
refusal Chromium reports)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import ExhibitorFactory
from tests.fair.factories import BuildingFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory, TeacherFactory
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def visit(page, live_server, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        page.wait_for_load_state("networkidle")


def test_a_visitors_pages(page, live_server):
    building = BuildingFactory()
    visit(
        page,
        live_server,
        [
            reverse("town:town"),
            reverse("town:text"),
            building.get_absolute_url(),
            reverse("schools:join"),
            reverse("login"),
            reverse("password_reset"),
        ],
    )


def test_a_teachers_pages(page, context, live_server):
    teacher = TeacherFactory()
    booking = BookingFactory(school_class__teacher=teacher)
    signed_in(context, live_server, teacher.user)
    pk = booking.school_class.pk
    visit(
        page,
        live_server,
        [
            reverse("schools:classes"),
            reverse("schools:class", args=[pk]),
            reverse("schools:sheet", args=[pk]),
            reverse("schools:slots"),
            reverse("schools:console", args=[pk]),
            reverse("schools:report", args=[pk]),
        ],
    )


def test_an_exhibitors_professionals_and_organizers_pages(page, context, live_server):
    exhibitor = ExhibitorFactory()
    signed_in(context, live_server, exhibitor.user)
    visit(page, live_server, [reverse("exhibits:dashboard"), reverse("exhibits:job_create")])

    professional = ProfessionalFactory()
    signed_in(context, live_server, professional.user)
    visit(page, live_server, [reverse("professionals:assignments")])

    organizer = UserFactory(is_staff=True, is_superuser=True)
    signed_in(context, live_server, organizer)
    visit(
        page,
        live_server,
        [
            reverse("professionals:organizer_fair_day"),
            reverse("professionals:organizer_schedule"),
            reverse("professionals:organizer_availability"),
            reverse("admin:index"),
            reverse("admin:fair_edition_changelist"),
        ],
    )
