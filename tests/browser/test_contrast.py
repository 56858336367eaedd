"""The teachers' pages, the sign-up page, the class pages and the pages about the fair read
well: every text, link, button and label reaches WCAG AA contrast (4.5:1), every field has a
label, and no label runs into its input — at a desktop's 1280 px and a phone's 375 px. Contrast
and labels are computed by axe-core (frontend/node_modules) on the real pages in Chromium."""

from pathlib import Path

import pytest
from django.test import Client

from tests.exhibits.factories import JobProfileFactory
from tests.fair.factories import SessionSlotFactory, open_edition
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory, TeacherFactory
from usine.schools.models import WaitingListEntry

from .conftest import CHROMIUM_ARGS, FRONTEND, launch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["color-contrast", "label", "button-name", "link-name", "select-name"]
WIDTHS = [1280, 375]

# Labels and their controls, side by side or one above the other, never overlapping.
LABELS_CLEAR_OF_INPUTS = """() => {
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
  };
  const clashes = [];
  for (const label of document.querySelectorAll("label[for]")) {
    const control = document.getElementById(label.htmlFor);
    if (!control || !visible(label) || !visible(control) || control.type === "hidden") continue;
    const a = label.getBoundingClientRect();
    const b = control.getBoundingClientRect();
    const apart = a.bottom <= b.top + 1 || b.bottom <= a.top + 1
      || a.right + 3 <= b.left || b.right + 3 <= a.left;
    if (!apart) clashes.push(`${label.textContent.trim()} ↔ #${control.id}`);
  }
  return clashes;
}"""


def teacher_world():
    """A teacher with a class holding pupils (their "retirer" buttons), a booked class, and a
    class on a waiting list; the edition has jobs to wish for."""
    edition = open_edition()
    JobProfileFactory.create_batch(3)
    teacher = TeacherFactory()
    pupils_class = SchoolClassFactory(teacher=teacher, edition=edition, name="3e B", pupil_count=3)
    for number in range(3):
        PupilFactory(school_class=pupils_class, pseudonym=f"Grue Rapide {number + 1}")
    booked = BookingFactory(
        school_class=SchoolClassFactory(teacher=teacher, edition=edition, name="4e A"),
        slot=SessionSlotFactory(edition=edition),
    ).school_class
    full = SessionSlotFactory(edition=edition, capacity=0)
    WaitingListEntry.objects.create(slot=full, school_class=pupils_class)
    return teacher, pupils_class, booked


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def problems_of(page) -> list[str]:
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", RULES
    )
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {node['target']} — {node['failureSummary']}")
    found += [f"label on its input: {clash}" for clash in page.evaluate(LABELS_CLEAR_OF_INPUTS)]
    return found


def test_teacher_pages_pass_contrast_and_label_checks(playwright_instance, live_server, tmp_path):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make client` (npm ci in frontend/).")
    teacher, pupils_class, booked = teacher_world()
    cookie = session_cookie(teacher.user)
    teacher_pages = [
        "/enseignants/",
        f"/enseignants/classes/{pupils_class.pk}/",
        f"/enseignants/classes/{booked.pk}/",
        "/enseignants/classes/nouvelle/",
        f"/enseignants/classes/{pupils_class.pk}/modifier/",
        "/enseignants/classes/importer/",
        "/enseignants/creneaux/",
        f"/enseignants/classes/{booked.pk}/fiche/",
        "/comptes/password_change/",
    ]
    public_pages = [
        "/enseignants/inscription/",
        "/comptes/login/",
        "/contact/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
    ]
    browser = launch(playwright_instance, CHROMIUM_ARGS)
    failures = []
    try:
        for width in WIDTHS:
            for signed_in, paths in ((False, public_pages), (True, teacher_pages)):
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, locale="fr-FR"
                )
                if signed_in:
                    context.add_cookies(
                        [{"name": "sessionid", "value": cookie, "url": live_server.url}]
                    )
                page = context.new_page()
                for path in paths:
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, path
                    shot = Path(tmp_path) / f"{width}{path.replace('/', '_')}.png"
                    page.screenshot(path=shot, full_page=True)
                    failures += [f"{width}px {path} {p}" for p in problems_of(page)]
                context.close()
    finally:
        browser.close()

    assert not failures, "\n".join(failures)
