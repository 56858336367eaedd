"""The teacher's console in a real Chromium against the real ASGI server: its socket (the shared
frame client, frontend/src/socket.js) shows a pupil coming online without a reload."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.schools.helpers import booked_class, seated_session
from usine.schools import console

from .test_class_session import asgi_server, logged_in_cookie, new_page  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_console_shows_a_pupil_coming_online_over_its_socket(browser, asgi_server):  # noqa: F811
    booking = booked_class(pupils=2)
    school_class = booking.school_class
    pupil = school_class.pupils.order_by("pseudonym").first()
    seated_session(pupil)
    page, errors = new_page(
        browser, asgi_server, cookie=logged_in_cookie(school_class.teacher.user)
    )
    page.goto(reverse("schools:console", args=[school_class.pk]))
    page.wait_for_selector("[data-console][data-live=yes]")
    row = page.locator(f'tr[data-pupil="{pupil.pk}"]')
    assert row.locator('[data-cell="connected"]').text_content() == "hors ligne"
    # The first presence frame: none online, in the French singular.
    page.wait_for_function(
        "document.querySelector('[data-console-connected]').textContent === '0 connecté·e / 2'"
    )

    console.seen(pupil_id=pupil.pk)  # what the pupil's session socket does

    page.wait_for_selector(f'tr[data-pupil="{pupil.pk}"][data-connected=yes]', timeout=10_000)
    assert row.locator('[data-cell="connected"]').text_content() == "connecté·e"
    assert page.locator("[data-console-connected]").text_content() == "1 connecté·e / 2"
    assert errors == []


def test_the_way_into_the_exchange_appears_on_the_open_console(browser, asgi_server):  # noqa: F811
    booking = booked_class(pupils=1)
    school_class = booking.school_class
    slot = booking.slot
    # The teacher is called 5 minutes before the exchange, which starts after the hour: in 2 s.
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=55) + datetime.timedelta(seconds=2)
    slot.save(update_fields=["starts_at"])
    page, errors = new_page(
        browser, asgi_server, cookie=logged_in_cookie(school_class.teacher.user)
    )
    page.goto(reverse("schools:console", args=[school_class.pk]))
    box = page.locator("[data-exchange-link]")
    assert box.inner_text().startswith("Le bouton pour rejoindre l'échange en direct apparaîtra")

    # Polled every 5 s: the button shows without a reload.
    join = box.get_by_role("link", name="Rejoindre l'échange en direct")
    join.wait_for(timeout=15_000)
    assert join.get_attribute("href") == f"/enseignants/classes/{school_class.pk}/direct/"
    assert errors == []
