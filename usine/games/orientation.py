""" "Which trade for me?": an orientation quiz for anyone, after the RIASEC interest model French
guidance counsellors use.

Twelve questions (data/orientation.toml), three answers each, every answer speaking of one of
six interests. The profile is the three interests chosen most often (ties in the order RIASEC):
a three-letter code, the whole result — it goes in the result's address, so a shared link holds
nothing about the person. Trades carry a code too (data/riasec.toml); they are ranked by how
their letters meet the profile's, strongest first, and each leads to the open edition's
buildings where it is shown.
"""

import functools
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import get_language

from usine.exhibits.models import JobProfile, Trade
from usine.fair.models import Building, Edition
from usine.schools.models import Pupil
from usine.schools.passport import forget_passport

from .errors import UnknownProfile
from .models import OrientationKept

LETTERS = "RIASEC"
WEIGHTS = (3, 2, 1)  # the first letter of a code weighs most
SHOWN_TRADES = 8
PASSPORT_TRADES = 3  # the passport is a small box: the best few, the result page has the rest
DATA = Path(__file__).resolve().parent / "data"

# Sent whenever a profile is computed: the code only, never who. kwargs: code
orientation_played = Signal()


@functools.cache
def _data() -> tuple[dict, dict]:
    with (DATA / "orientation.toml").open("rb") as file:
        quiz = tomllib.load(file)
    with (DATA / "riasec.toml").open("rb") as file:
        codes = tomllib.load(file)
    return quiz, codes


def _language() -> str:
    return "en" if get_language() == "en" else "fr"


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    answers: list[tuple[int, str]]


def questions() -> list[Question]:
    lang = _language()
    return [
        Question(
            number=n,
            text=q[lang],
            answers=[(i, answer[lang]) for i, answer in enumerate(q["answers"])],
        )
        for n, q in enumerate(_data()[0]["questions"], start=1)
    ]


def profile(answers) -> str | None:
    """The three-letter code of the answers (`{"q1": "0", …}`), or None while any is missing."""
    counts = Counter()
    for n, question in enumerate(_data()[0]["questions"], start=1):
        value = str(answers.get(f"q{n}") or "").strip()
        if not value.isdigit() or int(value) >= len(question["answers"]):
            return None
        counts[question["answers"][int(value)]["letter"]] += 1
    ranked = sorted(LETTERS, key=lambda letter: (-counts[letter], LETTERS.index(letter)))
    code = "".join(ranked[:3])
    transaction.on_commit(lambda: orientation_played.send(sender=Question, code=code))
    return code


def check_code(code: str) -> str:
    code = str(code or "").upper()
    if len(code) != 3 or len(set(code)) != 3 or any(letter not in LETTERS for letter in code):
        raise UnknownProfile()
    return code


def describe(letter: str) -> str:
    return _data()[0]["letters"][letter][_language()]


def described(code: str) -> list[tuple[str, str]]:
    """The profile's letters, each with what it means."""
    return [(letter, describe(letter)) for letter in check_code(code)]


def trade_code(trade: Trade) -> str:
    _quiz, codes = _data()
    return codes["trades"].get(trade.name) or codes["families"].get(trade.family, "RCI")


def affinity(profile_code: str, code: str) -> int:
    return sum(
        WEIGHTS[i] * WEIGHTS[code.index(letter)]
        for i, letter in enumerate(profile_code)
        if letter in code
    )


@dataclass
class Match:
    trade: Trade
    code: str
    affinity: int
    shared: list[str]  # the profile's letters the trade shares, as sentences
    buildings: list[Building] = field(default_factory=list)


def matches(*, code: str, edition: Edition | None, limit: int = SHOWN_TRADES) -> list[Match]:
    """The trades shown in the edition's buildings that suit the profile best."""
    code = check_code(code)
    if edition is None:
        return []
    jobs = (
        JobProfile.objects.filter(company__buildings__edition=edition)
        .select_related("trade")
        .values_list("trade_id", "company_id")
        .distinct()
    )
    companies_of: dict[int, set[int]] = {}
    for trade_id, company_id in jobs:
        companies_of.setdefault(trade_id, set()).add(company_id)
    buildings_of: dict[int, Building] = {
        b.company_id: b for b in edition.buildings.select_related("company").order_by("name")
    }
    found = []
    for trade in Trade.objects.filter(pk__in=companies_of):
        trade_letters = trade_code(trade)
        found.append(
            Match(
                trade=trade,
                code=trade_letters,
                affinity=affinity(code, trade_letters),
                shared=[describe(letter) for letter in code if letter in trade_letters],
                buildings=sorted(
                    (buildings_of[c] for c in companies_of[trade.pk] if c in buildings_of),
                    key=lambda b: b.name,
                ),
            )
        )
    found.sort(key=lambda m: (-m.affinity, m.trade.label))
    return [m for m in found if m.affinity][:limit]


def keep(*, pupil: Pupil, code: str) -> OrientationKept:
    """The pupil keeps the profile in the passport (one per pupil; the latest replaces it): the
    letters alone, shown to the pupil only, gone with the pupil (retention purge)."""
    code = check_code(code)
    with transaction.atomic():
        kept, _created = OrientationKept.objects.update_or_create(
            pupil=pupil, defaults={"code": code}
        )
        forget_passport(pupil_id=pupil.pk)  # the session bar shows it from the next page on
    return kept


def forget(*, pupil: Pupil) -> bool:
    """The pupil takes the profile out of the passport again; True if there was one."""
    with transaction.atomic():
        deleted, _rows = OrientationKept.objects.filter(pupil=pupil).delete()
        if deleted:
            forget_passport(pupil_id=pupil.pk)
    return bool(deleted)


def kept_code(*, pupil: Pupil) -> str:
    kept = OrientationKept.objects.filter(pupil=pupil).first()
    return kept.code if kept else ""
