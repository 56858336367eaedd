"""The French filter against 200+ bad and 200+ clean pupils' questions (tests/live/data)."""

from pathlib import Path

import pytest

from usine.live import word_filter
from usine.live.word_filter import EMAIL, HANDLE, INSULT, PHONE, URL

DATA = Path(__file__).resolve().parent / "data"


def questions(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


BAD = questions("bad_questions.txt")
CLEAN = questions("clean_questions.txt")


def test_the_lists_are_large_enough_and_distinct():
    assert len(set(BAD)) >= 200
    assert len(set(CLEAN)) >= 200
    assert not set(BAD) & set(CLEAN)


def test_at_least_95_percent_of_bad_questions_are_caught():
    missed = [q for q in BAD if word_filter.check(q).clean]
    caught = 1 - len(missed) / len(BAD)
    assert caught >= 0.95, missed


def test_at_most_2_percent_of_clean_questions_are_flagged():
    flagged = [(q, word_filter.check(q).reason) for q in CLEAN if not word_filter.check(q).clean]
    assert len(flagged) / len(CLEAN) <= 0.02, flagged


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("T'es qu'un connard", INSULT),
        ("c0nnard", INSULT),
        ("connnnnnard", INSULT),
        ("c o n n a r d", INSULT),
        ("c.o.n.n.a.r.d", INSULT),
        ("s@lope", INSULT),
        ("p*te", INSULT),
        ("enkulé", INSULT),
        ("pu.tain", INSULT),
        ("vous êtes nul", INSULT),
        ("BÂTARD", INSULT),
        ("ajoute moi sur snap kevin_13", HANDLE),
        ("@lea2010", HANDLE),
        ("mon num 06 12 34 56 78", PHONE),
        ("+33 6 12 34 56 78", PHONE),
        ("O6 12 34 56 78", PHONE),
        ("06.12.34.56.78", PHONE),
        ("kevin13@gmail.com", EMAIL),
        ("ines arobase gmail point com", EMAIL),
        ("allez sur www.monsite.fr", URL),
        ("mon site : lucas-gaming.com", URL),
    ],
)
def test_reasons(text, reason):
    assert word_filter.check(text).reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "Vous travaillez avec des constructeurs automobiles ?",
        "La conduite de chariot, c'est dur ?",
        "J'habite loin, il y a des usines près de chez moi ?",
        "Est-ce que vous utilisez des cônes de chantier ?",
        "Est-ce que la soudure dégage des fumées ?",
        "Vous triez les ordures ?",
        "Entre 2000 et 2500 euros par mois ?",
        "Vous commencez à 06h ?",
        "Vous avez le droit d'avoir votre téléphone à l'atelier ?",
        "Vous faites des installations électriques ?",
        "Il faut un concours ?",
    ],
)
def test_clean_look_alikes_stay_clean(text):
    assert word_filter.check(text).clean


def test_contact_details_are_refused_and_insults_only_flagged():
    assert word_filter.check("snap kevin_13").refused
    assert not word_filter.check("connard").refused
    assert not word_filter.check("connard").clean
