"""An adult writes to the organizers from the footer with the keyboard alone: a forgotten
box is announced and focusable from the error summary, then the message goes and is thanked."""

import re

import pytest

from usine.about.models import ContactMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_message_is_written_and_sent_with_the_keyboard_alone(page, live_server):
    page.goto(f"{live_server.url}/mentions-legales/")
    page.locator(".site-footer a", has_text="Contact").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/contact/")

    page.locator("#id_name").focus()
    page.keyboard.type("Claire Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("claire.martin@ac-paris.fr")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # "Inscription d'une classe, réservation"
    page.keyboard.press("Tab")
    page.keyboard.type("Bonjour, peut-on inscrire deux classes sur le même créneau ?")
    page.keyboard.press("Tab")  # the adults-only box, left unticked
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert")
    assert "Ce formulaire est réservé aux adultes." in alert.inner_text()
    assert ContactMessage.objects.count() == 0
    alert.get_by_role("link").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_adult"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # (The browser keeps the #id_adult the error summary's link added.)
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/contact/envoye/")))
    assert "Merci, votre message est bien arrivé" in page.get_by_role("status").inner_text()
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.topic) == (
        "Claire Martin",
        "claire.martin@ac-paris.fr",
        "school",
    )
