"""A Forum talk's audience end to end in real Chromium pages against the real ASGI server: a
pupil asks, an organizer approves, a visitor without an account sees the question; a caption
typed on the captioner page reaches the visitor's page."""

import pytest
from django.urls import reverse

from tests.forum.audience import LiveTalk
from tests.schools.helpers import seated_session
from tests.servers import process_env, uvicorn_server

from .conftest import build_client, csp_violations
from .test_class_session import logged_in_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Combien de femmes travaillent dans vos usines ?"
CAPTION = "Bienvenue au Forum de l'industrie."
# What the page announces to a player: every `forum:caption` event's detail.
RECORD_CAPTION_EVENTS = """
window.forumCaptions = [];
document.addEventListener("forum:caption", (event) => window.forumCaptions.push(event.detail));
"""


@pytest.fixture
def asgi_server(tmp_path):
    env = process_env(tmp_path, settings_module="tests.schools.server_settings")
    with uvicorn_server(env, tmp_path / "web.log") as base_url:
        yield base_url


def new_page(browser, base_url, *, cookie=None):
    context = browser.new_context(locale="fr-FR", base_url=base_url)
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
    context.add_init_script(RECORD_CAPTION_EVENTS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    csp_violations(page, into=errors)
    return page, errors


def test_a_question_asked_approved_and_seen_and_a_caption_typed_and_seen(
    browser, asgi_server, tmp_path
):
    build_client()
    live = LiveTalk()
    talk_url = live.talk.get_absolute_url()
    pupil, pupil_errors = new_page(browser, asgi_server, cookie=seated_session(live.pupil_row))
    organizer, organizer_errors = new_page(
        browser, asgi_server, cookie=logged_in_cookie(live.organizer_user)
    )
    visitor, visitor_errors = new_page(browser, asgi_server)
    adult, adult_errors = new_page(browser, asgi_server, cookie=logged_in_cookie(live.adult_user))

    visitor.goto(talk_url)
    visitor.get_by_text("Connectez-vous pour poser une question ou voter.").wait_for()
    assert visitor.locator("[data-forum-ask]").count() == 0
    pupil.goto(talk_url)
    organizer.goto(reverse("forum:moderation", kwargs={"slug": live.talk.slug}))
    organizer.get_by_text("Aucune question en attente.").wait_for()

    # The pupil asks with the keyboard alone, under the pseudonym and class.
    assert "Tu apparais comme « Loutre bleue » (3e B, Lycée Henri-IV)." in pupil.inner_text(
        "[data-forum-questions]"
    )
    pupil.get_by_label("Ta question").fill(QUESTION)
    pupil.keyboard.press("Tab")
    pupil.keyboard.press("Enter")
    pupil.get_by_text("Question envoyée : elle sera affichée").wait_for()
    pupil.locator("[data-forum-mine] li", has_text="en attente de relecture").wait_for()

    # The organizer sees it in the queue, and approves it with the keyboard.
    pending = organizer.locator("[data-forum-pending] li", has_text=QUESTION)
    pending.wait_for()
    assert "Loutre bleue (3e B, Lycée Henri-IV)" in pending.inner_text()
    visitor.wait_for_timeout(1500)
    assert visitor.locator("[data-forum-list] li").count() == 0
    pending.get_by_role("button", name=f"Valider : {QUESTION}").focus()
    organizer.keyboard.press("Enter")
    organizer.locator("[data-forum-approved-list] li", has_text=QUESTION).wait_for()
    organizer.screenshot(path=tmp_path / "moderation.png", full_page=True)

    # The visitor without an account sees it, with its class; a signed-in adult votes for it
    # (not its asker: the others vote for a question).
    shown = visitor.locator("[data-forum-list] li", has_text=QUESTION)
    shown.wait_for()
    assert "Loutre bleue (3e B, Lycée Henri-IV) · 0 vote" in shown.inner_text()
    assert shown.get_by_role("button").count() == 0
    adult.goto(talk_url)
    adult.get_by_role("button", name=f"Voter : {QUESTION}").click()
    visitor.locator("[data-forum-list] li", has_text="1 vote").wait_for()
    own = pupil.locator("[data-forum-list] li", has_text=QUESTION)
    own.wait_for()
    assert own.get_by_role("button", name=f"Voter : {QUESTION}").count() == 0
    pupil.locator("[data-forum-mine] li", has_text="affichée").wait_for()

    # The organizer pins it: it is on screen for everyone.
    organizer.get_by_role("button", name=f"Épingler à l'écran : {QUESTION}").click()
    visitor.locator("[data-forum-pinned]", has_text=QUESTION).wait_for()
    assert visitor.inner_text("[data-forum-approved]") == "1 question validée."

    # A caption typed on the captioner page reaches the visitor within a second or so.
    organizer.goto(reverse("forum:captioner", kwargs={"slug": live.talk.slug}))
    field = organizer.get_by_label("Ce qui est dit")
    field.fill(CAPTION)
    field.press("Enter")
    organizer.locator("[data-forum-caption-sent] li", has_text=CAPTION).wait_for()
    assert field.input_value() == ""
    visitor.locator("[data-forum-transcript]", has_text=CAPTION).wait_for(timeout=3000)
    [detail] = visitor.evaluate("window.forumCaptions")
    assert detail["text"] == CAPTION
    assert detail["end"] > detail["start"] >= 0
    visitor.screenshot(path=tmp_path / "visitor.png", full_page=True)
    pupil.screenshot(path=tmp_path / "pupil.png", full_page=True)

    assert (pupil_errors, organizer_errors, visitor_errors, adult_errors) == ([], [], [], [])
