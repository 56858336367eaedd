"""The catalogs under usine/locale: French is the source language, but its plural messages need
a catalog of their own (usine/locale/fr), or gettext, finding none, says « 0 témoignages »."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "usine" / "locale"


def plural_messages(po: Path) -> list[tuple[str, str]]:
    """(msgid, msgid_plural) of each plural entry of a .po file."""
    found = []
    for entry in po.read_text(encoding="utf-8").split("\n\n"):
        parts = {
            key: "".join(ast.literal_eval(line) for line in re.findall(r'^".*"$', text, re.M))
            for key, text in re.findall(r'^(msgid|msgid_plural) ((?:".*"\n?)+)', entry + "\n", re.M)
        }
        if "msgid_plural" in parts:
            found.append((parts["msgid"], parts["msgid_plural"]))
    return found


def test_every_plural_message_has_its_french_forms():
    english = plural_messages(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(english) > 30
    with open(LOCALE / "fr" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        french = gettext.GNUTranslations(compiled)
    assert french.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    wrong = [
        msgid
        for msgid, plural in english
        if [french.ngettext(msgid, plural, n) for n in (0, 1, 2)] != [msgid, msgid, plural]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("language", "counted"),
    [
        ("fr", ["0 témoignage", "1 témoignage", "2 témoignages"]),
        ("en", ["0 testimonials", "1 testimonial", "2 testimonials"]),
    ],
)
def test_zero_is_singular_in_french_and_plural_in_english(language, counted):
    with translation.override(language):
        assert [
            translation.ngettext("%(counter)s témoignage", "%(counter)s témoignages", n)
            % {"counter": n}
            for n in (0, 1, 2)
        ] == counted
