"""Every page of the fair ends with the same footer (templates/base.html): a walk over each URL
without parameters, as each role, checks every HTML page it gets."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import ExhibitorFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import TeacherFactory
from tests.test_fuzz_urls import routes
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

FOOTER_LINKS = [
    'href="/ville/texte/"',
    'href="/mentions-legales/"',
    'href="/donnees-personnelles/"',
    'href="/accessibilite/"',
    'href="/contact/"',
]

# Pieces of a page fetched by a page's own script (no <html>, so no footer of their own).
FRAGMENTS = {"/forum/maintenant.html"}


def footer_of(text: str) -> str:
    start = text.find('<footer class="site-footer">')
    return text[start : text.find("</footer>", start)] if start >= 0 else ""


def clients() -> dict[str, Client]:
    edition = open_edition()
    BuildingFactory(edition=edition)
    accounts = {
        "teacher": TeacherFactory().user,
        "exhibitor": ExhibitorFactory().user,
        "professional": ProfessionalFactory().user,
        "organizer": UserFactory(is_staff=True, is_superuser=True),
    }
    found = {"visitor": Client()}
    for role, user in accounts.items():
        client = Client()
        client.force_login(user)
        found[role] = client
    return found


def test_every_page_ends_with_the_footer():
    checked, missing, fragments = set(), [], set()
    for role, client in clients().items():
        for route in routes():
            if route.params:
                continue
            path = reverse(route.name)
            response = client.get(path)
            if (
                response.status_code != 200
                or not response["Content-Type"].startswith("text/html")
                or path.startswith("/admin/")
            ):
                continue
            text = response.content.decode()
            if "<html" not in text:
                fragments.add(path)
                continue
            checked.add(path)
            footer = footer_of(text)
            if not all(link in footer for link in FOOTER_LINKS):
                missing.append(f"{role} {path}")

    assert not missing, "pages without the footer:\n" + "\n".join(missing)
    assert fragments == FRAGMENTS
    # The walk reached the pages of every role (so it proves something).
    for path in (
        "/",
        "/ville/texte/",
        "/contact/",
        "/enseignants/inscription/",
        "/enseignants/",
        "/exposant/",
        "/professionnels/profil/",
        "/organisation/direct/planning/",
        "/comptes/login/",
    ):
        assert path in checked
