"""Class codes: typed or read aloud by pupils, so short, unambiguous and hard to guess.

12 symbols from a 31-letter alphabet (no 0/O, 1/I/L) carry 12 * log2(31) ≈ 59 bits of
randomness from `secrets`; they are shown in groups of four: K7QH-3MXP-9TRW.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12
GROUP = 4


def new_code() -> str:
    """A fresh code in its stored form (12 symbols, no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str:
    """What a pupil typed, in stored form: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-\u2013\u2014.]", "", text or "").upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(symbol in ALPHABET for symbol in code)
