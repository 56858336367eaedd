"""How a trade's name typed by someone is recognised: the one normalisation of trade names.

Teachers write "Soudeur", "Soudeuse", "SOUDEUR(SE)", "soudeur·se" or the ROME code "H2913" for the
same trade. `trade_key` folds all of them onto one key (case, accents, punctuation and the
inclusive or bracketed feminine endings removed); `TradeIndex` finds a trade by any of its names
or its code and suggests the closest names when it cannot. The CSV import, the class form's
search and the data migration that mapped job profiles onto trades all use these.

Suggestions use the standard library's `difflib` (Ratcliff-Obershelp ratio): the catalogue holds
a few dozen names, so a dependency such as RapidFuzz would buy speed nobody needs, and the ratio
ranks typing slips ("chaudronier", "soudur") the way a reader would.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

ROME_CODE = re.compile(r"^[A-N][0-9]{4}$")

# Feminine endings written after a middle dot, a full stop, a slash, a hyphen or in brackets:
# Soudeur·se, Soudeur.euse, Chaudronnier/ère, Technicien-ne, Soudeur(se), Agent·e·s.
_ENDINGS = r"(?:e|es|s|se|ses|euse|euses|rice|rices|trice|ere|eres|ne|nes|le|les|te|tes|fe|ve)"
_DOTTED = re.compile(r"[\u00b7\u2022\u22c5\u2027\u2219.\-/]" + _ENDINGS + r"\b")
_BRACKETED = re.compile(r"\(\s*" + _ENDINGS + r"\s*\)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without accents: "Électricien·ne" → "electricien·ne"."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def reading_order(text: str) -> tuple[str, str]:
    """The key that sorts names as a French or English reader expects, whatever the language
    shown: case and accents set aside ("Électricien" between "Cariste" and "Soudeur", not after
    "Z"), ligatures spelt out ("Œnologue" with the "Oe"); names equal so far keep a fixed order.
    Not the system's locale (process-wide, often absent from containers) nor ICU (a native
    library to build) for names in Latin script."""
    folded = fold(text).replace("\u0153", "oe").replace("\u00e6", "ae")
    return folded, text


def trade_key(text: str) -> str:
    """The key two spellings of one trade share: "Soudeur·se" = "SOUDEUR(SE)" = "soudeur"."""
    text = fold(text).replace("\u2019", "'")
    # "Soudeur / Soudeuse", as the ROME writes its names: the first form is enough.
    text = re.split(r"\s+/\s+", text, maxsplit=1)[0]
    for _round in range(3):  # Agent·e·s: one ending after the other
        text = _BRACKETED.sub("", _DOTTED.sub("", text))
    return " ".join(_NON_WORD.sub(" ", text).split())


class TradeIndex:
    """Trades found by name, gendered form or ROME code, as one reads them in a file."""

    def __init__(self, trades: Iterable):
        self.trades = list(trades)
        self._by_key: dict[str, object] = {}
        self._by_code: dict[str, object] = {}
        for trade in self.trades:
            if trade.code:
                self._by_code[trade.code.upper()] = trade
            for name in (trade.name, trade.masculine, trade.feminine):
                if key := trade_key(name):
                    self._by_key.setdefault(key, trade)

    def find(self, text: str):
        """The trade `text` names, or None."""
        text = (text or "").strip()
        if ROME_CODE.match(text.upper()):
            return self._by_code.get(text.upper())
        return self._by_key.get(trade_key(text))

    def closest(self, text: str, count: int = 1) -> list:
        """The trades closest to `text`: the one its beginning names ("Tuyauteur industriel" is
        a "Tuyauteur·se"), those whose names begin with it ("Électricien" → "Électricien·ne
        industriel·le"), then by difflib's ratio (≥ 0.7: "chaudronier", "soudur")."""
        key = trade_key(text)
        if not key:
            return []
        candidates = [self.within(text)]
        candidates += [self._by_key[name] for name in self._by_key if name.startswith(key + " ")]
        for name in difflib.get_close_matches(key, list(self._by_key), n=count * 3, cutoff=0.7):
            candidates.append(self._by_key[name])
        found = []
        for trade in candidates:
            if trade is not None and trade not in found:
                found.append(trade)
        return found[:count]

    def within(self, text: str):
        """The trade whose name is the longest whole-word prefix of `text`, or None:
        "Ajusteur·se monteur·se aéronautique" is an "Ajusteur·se monteur·se"."""
        key = trade_key(text)
        best = None
        for name in self._by_key:
            if (key == name or key.startswith(name + " ")) and len(name) > len(best or ""):
                best = name
        return self._by_key[best] if best else None


def search_text(trade) -> str:
    """What the class form's filter box searches: names, forms, code, keywords, folded."""
    parts = (trade.name, trade.masculine, trade.feminine, trade.name_en, trade.code)
    return " ".join(fold(part) for part in (*parts, trade.keywords) if part)
