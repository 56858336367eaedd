"""The live room's pages end to end: the real ASGI server (WebSockets), real Chromium pages for a
pupil, the teacher and the professional. A question goes pupil → moderation → class.

Janus is down here on purpose (a closed port): the pages say the live video is unavailable and the
questions work all the same. The video itself is tested in test_live_video.py.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import csp_violations
from tests.live.janus_server import free_port
from tests.schools.factories import BookingFactory, PupilFactory
from tests.users.factories import UserFactory
from usine.live.models import LiveRoom, ModerationAction, Question, RoomEvent

from .test_live_video import (
    COUNT_GET_USER_MEDIA,
    ensure_live_client,
    session_cookie,
    start_web_server,
    stop_process,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNAVAILABLE = "La vidéo en direct est indisponible pour le moment."
CONNECTED = "Questions connectées."
QUESTION = "Quelles études avez-vous faites après le bac ?"
FLAGGED = "Vous trouvez ça débile, les maths ?"


class JanusDown:
    """Settings of a Janus that does not answer, for the web server's environment."""

    def __init__(self):
        self.port = free_port()

    def settings(self) -> dict:
        return {
            "JANUS_URL": f"http://127.0.0.1:{self.port}/janus",
            "JANUS_API_SECRET": "api-secret",
            "JANUS_ADMIN_KEY": "admin-key",
            "JANUS_TOKEN_SECRET": "token-secret",
            "JANUS_TIMEOUT": "1",
        }


def open_page(browser, base_url, cookie, url):
    context = browser.new_context(locale="fr-FR", base_url=base_url)
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
    context.add_init_script(COUNT_GET_USER_MEDIA)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    csp_violations(page, into=errors)
    page.goto(url)
    page.locator("[data-live-connection]", has_text=CONNECTED).wait_for()
    return page, errors


def test_a_question_goes_from_a_pupil_through_moderation_to_the_class(browser, tmp_path):
    ensure_live_client()
    room = LiveRoom.objects.create(
        booking=BookingFactory(), professional=UserFactory(first_name="Inès", last_name="Durand")
    )
    pupil = PupilFactory(school_class=room.booking.school_class, pseudonym="Boulon Agile")
    classmate = PupilFactory(school_class=room.booking.school_class, pseudonym="Câble Rapide")
    cookies = {
        "pupil": session_cookie(pupil=pupil),
        "classmate": session_cookie(pupil=classmate),
        "teacher": session_cookie(user=room.booking.school_class.teacher.user),
        "professional": session_cookie(user=room.professional),
    }
    url = reverse("live:room", args=[room.pk])
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    web = start_web_server((), port, JanusDown(), tmp_path)
    pages = {}
    try:
        for who, cookie in cookies.items():
            pages[who] = open_page(browser, base_url, cookie, url)
        pupil_page, classmate_page, teacher_page, professional_page = (pages[w][0] for w in cookies)

        for page in (pupil_page, teacher_page, professional_page):
            assert page.locator("[data-live-video-status]").inner_text().startswith(UNAVAILABLE)
        assert pupil_page.locator("[data-live-queue]").count() == 0
        assert pupil_page.locator("[data-live-clock]").count() == 0
        assert re.fullmatch(
            r"Temps restant : .*|L'échange commence dans .*|Le temps de l'échange est écoulé\.",
            professional_page.locator("[data-live-clock]").inner_text(),
        )

        # The pupil asks (keyboard only); the counter follows the text.
        pupil_page.get_by_label("Ta question").fill(QUESTION)
        assert pupil_page.locator("[data-live-ask-counter]").inner_text() == (
            f"{len(QUESTION)} / 200 caractères"
        )
        pupil_page.get_by_label("Ta question").focus()
        pupil_page.keyboard.press("Tab")
        pupil_page.keyboard.press("Enter")
        pupil_page.locator(
            "[data-live-ask-feedback]", has_text="Ta question est envoyée"
        ).wait_for()
        assert pupil_page.get_by_label("Ta question").input_value() == ""

        # It reaches the teacher's moderation queue, and nobody else.
        pending = teacher_page.locator("[data-live-queue] li", has_text=QUESTION)
        pending.wait_for()
        assert "par Boulon Agile" in pending.inner_text()
        assert teacher_page.locator("[data-live-approved] li").count() == 0
        assert pupil_page.locator("[data-live-approved] li").count() == 0
        assert professional_page.locator("[data-live-approved] li").count() == 0

        # The teacher approves it (keyboard): it reaches the class and the professional.
        pending.get_by_role("button", name=f"Valider : {QUESTION}").focus()
        teacher_page.keyboard.press("Enter")
        for page in (pupil_page, professional_page, teacher_page):
            page.locator("[data-live-approved] li", has_text=QUESTION).wait_for()
        assert teacher_page.locator("[data-live-queue] li").count() == 0
        assert teacher_page.locator("[data-live-moderation-feedback]").inner_text() == (
            "Question validée."
        )

        # A classmate upvotes it (its asker has no vote for it); the professional sees the count.
        count = ".live-question__votes > span:first-child"
        shown = classmate_page.locator("[data-live-approved] li", has_text=QUESTION)
        expect(shown.locator(count)).to_have_text("0 vote")  # French counts 0 like 1
        classmate_page.get_by_role("button", name="Voter pour cette question").click()
        expect(
            professional_page.locator("[data-live-approved] li", has_text=QUESTION).locator(count)
        ).to_have_text("1 vote")
        assert classmate_page.get_by_role("button", name="Vous avez voté").is_disabled()
        own = pupil_page.locator("[data-live-approved] li", has_text=QUESTION)
        expect(own.locator("[data-yours]")).to_have_text("Ta question")
        assert own.get_by_role("button", name="Voter pour cette question").count() == 0

        # A pupil who finds an approved question out of place reports it to the moderators.
        pupil_page.get_by_role("button", name=f"Signaler à la modération : {QUESTION}").click()
        pupil_page.locator(
            "[data-live-report-feedback]",
            has_text="Merci : la modération va regarder cette question.",
        ).wait_for()
        teacher_page.locator(
            "[data-live-approved] li", has_text="Signalée par un participant"
        ).wait_for()

        # A flagged question is marked in the queue with the filter's reason; the teacher hides
        # it and mutes the pseudonym.
        ask = pupil_page.get_by_label("Ta question")
        ask.fill(FLAGGED)
        pupil_page.get_by_role("button", name="Envoyer ma question").click()
        # The feedback still says "envoyée" from the first question: the sign that this one was
        # accepted is the box emptied, which must happen before the next question is typed.
        expect(ask).to_have_value("")
        flagged = teacher_page.locator("[data-live-queue] li", has_text=FLAGGED)
        flagged.locator("[data-flag=insult]", has_text="Signalée : insulte possible").wait_for()

        # Slow mode (one question every 10 s, two in a row): the third is refused, clearly.
        ask.fill("Et le week-end ?")
        pupil_page.locator("[data-live-ask-submit]:not([disabled])").click()
        refused = pupil_page.locator("[data-live-ask-feedback][data-kind=error]")
        refused.wait_for()
        assert refused.inner_text().startswith("Doucement ! Tu pourras poser une autre question")
        assert ask.input_value() == "Et le week-end ?"  # nothing lost

        flagged.get_by_role(
            "button", name="Mettre Boulon Agile en sourdine jusqu'à la fin de l'échange"
        ).click()
        teacher_page.locator(
            "[data-live-moderation-feedback]", has_text="Boulon Agile est en sourdine."
        ).wait_for()
        assert flagged.locator("[data-muted-state]").inner_text() == "(en sourdine)"
        assert flagged.locator("[data-mute]").inner_text() == "Lever la sourdine"
        # A mute set by mistake is lifted the same way.
        flagged.get_by_role("button", name="Lever la sourdine de Boulon Agile").click()
        teacher_page.locator(
            "[data-live-moderation-feedback]",
            has_text="Boulon Agile peut de nouveau poser des questions.",
        ).wait_for()
        assert flagged.locator("[data-mute]").inner_text() == "Mettre en sourdine"
        assert flagged.locator("[data-muted-state]").inner_text() == ""
        flagged.get_by_role(
            "button", name="Mettre Boulon Agile en sourdine jusqu'à la fin de l'échange"
        ).click()
        teacher_page.locator(
            "[data-live-moderation-feedback]", has_text="Boulon Agile est en sourdine."
        ).wait_for()
        flagged.get_by_role("button", name=f"Masquer : {FLAGGED}").click()
        flagged.wait_for(state="detached")
        # The event that takes the question away may come a moment before the answer.
        teacher_page.locator(
            "[data-live-moderation-feedback]", has_text="Question masquée."
        ).wait_for()
        assert teacher_page.locator("[data-live-approved] li", has_text=FLAGGED).count() == 0
        # Moderators may also hide an approved question.
        approved = teacher_page.locator("[data-live-approved] li", has_text=QUESTION)
        assert approved.get_by_role("button", name=f"Masquer : {QUESTION}").is_enabled()

        # Muted: the pupil is told so (the submit button is still held back by slow mode).
        pupil_page.locator("[data-live-ask-form]").evaluate("(form) => form.requestSubmit()")
        pupil_page.locator(
            "[data-live-ask-feedback][data-kind=error]",
            has_text="Tu ne peux plus poser de questions dans ce direct.",
        ).wait_for()

        # The teacher ends the exchange: everyone's page says so.
        teacher_page.once("dialog", lambda dialog: dialog.accept())
        teacher_page.get_by_role("button", name="Terminer l'échange").click()
        for page in (pupil_page, professional_page, teacher_page):
            # At once (the view broadcasts), not at the hub's next catch-up (5 s).
            page.locator("[data-live-ended]:not([hidden])").wait_for(timeout=4000)
        assert pupil_page.get_by_label("Ta question").is_disabled()

        assert pupil_page.evaluate("window.__getUserMediaCalls") == 0
        for who, (_page, errors) in pages.items():
            assert errors == [], f"JavaScript errors on the {who}'s page: {errors}"
    finally:
        for page, _errors in pages.values():
            page.context.close()
        stop_process(web)

    question = Question.objects.get(text=QUESTION)
    assert question.state == Question.State.APPROVED
    assert question.upvotes == 1
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "approve",
        "report",
        "filter_flag",
        "mute",
        "unmute",
        "mute",
        "hide",
        "end",
    ]
    assert RoomEvent.objects.filter(room=room, kind="room.ended").count() == 1
    room.refresh_from_db()
    assert room.state == LiveRoom.State.ENDED
