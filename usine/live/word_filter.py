"""The French filter of pupils' live questions.

Two kinds of trouble, two outcomes (`questions.ask` applies them):
- contact details — e-mail addresses, phone numbers (French formats), links, social-media handles
  and invitations to talk elsewhere: pupils are minors and must not exchange contact details
  with adults, so the question is refused;
- insults: the question goes to the moderators flagged, never straight to the class.

Insults are matched on whole words after undoing what pupils do to get past filters: capitals,
accents, leetspeak (c0nnard, s@lope), repeated letters (connnnard), letters spaced or dotted
(c o n n a r d, c.o.n.n.a.r.d) and masked letters (p*te). Whole words, because the short insults
hide inside clean words ("con" in "constructeur", "bite" in "habite"). The word list is the data
file `data/insultes_fr.txt`.
"""

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

INSULT = "insult"
EMAIL = "email"
PHONE = "phone"
URL = "url"
HANDLE = "handle"
CONTACT_REASONS = frozenset({EMAIL, PHONE, URL, HANDLE})

WORD_LIST = Path(__file__).resolve().parent / "data" / "insultes_fr.txt"


@dataclass(frozen=True)
class Verdict:
    reason: str | None = None

    @property
    def clean(self) -> bool:
        return self.reason is None

    @property
    def refused(self) -> bool:
        """Contact details: the question is not kept at all."""
        return self.reason in CONTACT_REASONS


def check(text: str) -> Verdict:
    """What is wrong with a question, contact details first (they are refused)."""
    lowered = text.lower()
    for reason, found in (
        (EMAIL, _has_email),
        (URL, _has_url),
        (PHONE, _has_phone),
        (HANDLE, _has_handle),
    ):
        if found(lowered):
            return Verdict(reason)
    if _has_insult(text):
        return Verdict(INSULT)
    return Verdict()


# --- Normalisation ------------------------------------------------------------------------------

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# "1" and "|" stand for an l as often as for an i (sa1ope).
LEET_L = str.maketrans({"1": "l", "|": "l"})
TOKEN = re.compile(r"[a-z0-9@$*]+")
RUN = re.compile(r"(.)\1+")
STRETCHED = re.compile(r"([a-z])\1\1")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def collapse(word: str) -> str:
    """Runs of one letter down to one: connnard, connard → conard."""
    return RUN.sub(r"\1", word)


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(strip_accents(text.lower()).replace("€", "e"))


def _spellings(token: str) -> set[str]:
    """The words a token may stand for: leetspeak undone, k for c/qu, plural dropped."""
    if not any(c.isalpha() for c in token):
        return set()
    found = {token.translate(LEET), token.translate(LEET_L).translate(LEET)}
    found |= {w.replace("k", "c") for w in found} | {w.replace("k", "qu") for w in found}
    found |= {w[:-1] for w in found if len(w) > 3 and w[-1] in "sx"}
    return found


# --- The word list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordList:
    words: frozenset[str]
    collapsed: frozenset[str]
    glued: tuple[str, ...]
    mild: frozenset[str]
    phrases: re.Pattern


@functools.cache
def word_list() -> WordList:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in WORD_LIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(strip_accents(line.lower()))
    words = frozenset(sections["words"])
    mild = frozenset(sections["mild"])
    return WordList(
        words=words,
        collapsed=frozenset(collapse(w) for w in words),
        glued=tuple(collapse(w) for w in sections["glued"]),
        mild=mild,
        phrases=re.compile(
            "|".join(f"(?:{p})" for p in sections["phrases"] + [_mild_after_intro(mild)])
        ),
    )


def _mild_after_intro(mild: frozenset[str]) -> str:
    """A mild word is an insult after "t'es", "vous êtes", "espèce de", "sale", "gros"…"""
    intro = (
        r"(?:^| )(?:t es|tu es|t etes|vous etes|espece d[e]?|sale|gros|grosse|pauvre|bande d[e]?"
        r"|c est (?:un|une)|quel|quelle)(?: (?:un|une|des|trop|vraiment|qu un|qu une))*"
    )
    return intro + r" (?:" + "|".join(sorted(mild)) + r")s?(?: |$)"


# --- Insults ------------------------------------------------------------------------------------

MASK = re.compile(r"[*#]")


def _is_word(token: str, words: WordList) -> bool:
    for spelling in _spellings(token):
        if spelling in words.words:
            return True
        # Letters stretched on purpose (connnnard, salooope): compare collapsed forms. Only then,
        # or "cone" (the collapsed form of an insult) would flag "cône".
        if STRETCHED.search(spelling) and collapse(spelling) in words.collapsed:
            return True
        if MASK.search(spelling) and _masked_match(spelling, words.words):
            return True
    return False


def _masked_match(spelling: str, candidates: frozenset[str]) -> bool:
    """p*te, c#nnard: a masked letter may be any one letter."""
    pattern = re.compile("".join("." if c in "*#" else re.escape(c) for c in spelling))
    return any(len(w) == len(spelling) and pattern.fullmatch(w) for w in candidates)


def _has_insult(text: str) -> bool:
    words = word_list()
    tokens = _tokens(text)
    if any(_is_word(t, words) for t in tokens):
        return True
    # Letters spaced or dotted out (c o n n a r d, n.t.m): three single letters or more, joined.
    joined, run = [], []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) >= 3:
            joined.append("".join(run))
        run = []
    if any(_is_word(t, words) for t in joined):
        return True
    # A long insult cut in two (conn ard, pu.tain).
    pairs = (a + b for a, b in itertools.pairwise(tokens))
    if any(len(p) >= 6 and _is_word(p, words) for p in pairs):
        return True
    letters = collapse("".join(t.translate(LEET) for t in tokens))
    if any(w in letters for w in words.glued):
        return True
    normalised = " ".join(t.translate(LEET) for t in tokens)
    if words.phrases.search(normalised):
        return True
    # A mild word said alone ("Nul !", "Moche.") is aimed at someone.
    return len(tokens) == 1 and tokens[0].translate(LEET).rstrip("sx") in words.mild


# --- Contact details ----------------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\]|\barobase\b)\s*[\w-]+\s*(?:\.|\bpoint\b|\bdot\b)\s*[a-z]{2,}"
)
MAIL_PROVIDERS = re.compile(
    r"\b(?:gmail|hotmail|outlook|yahoo|icloud|laposte|wanadoo|protonmail|proton\.me|live\.fr"
    r"|orange\.fr|free\.fr|sfr\.fr)\b"
)
ASK_MAIL = re.compile(
    r"\b(?:ton|ta|votre|mon|ma|vos|tes|mes)\s+(?:adresse\s+)?(?:e-?\s?)?mails?\b|\bmail\s*:"
)
URL_RE = re.compile(
    r"https?://|\bwww\s*\.|\b[a-z0-9][a-z0-9-]*\s?\.\s?(?:com|fr|net|org|io|ly|gg|me|tv|be|co"
    r"|xyz|app|info|eu|link|site|shop|biz)\b(?!-)"
    r"|\b(?:point|dot)\s+(?:com|fr|net|org)\b"
)
PHONE_RE = re.compile(
    # 06 12 34 56 78, 0612345678, 06.12.34.56.78, O6 12… (a letter O for the zero)
    r"(?<![\d])[0o]\s*[1-9](?:[\s./-]*\d){8}(?!\d)"
    # +33 6 12 34 56 78, 0033 6…
    r"|(?:\+|\b00)\s*33\s*(?:\(0\)\s*)?[1-9](?:[\s./-]*\d){8}(?!\d)"
    # a mobile number cut short or split over messages: 06 12 34 5…
    r"|(?<![\d])0[67](?:[\s./-]*\d){6,}"
    r"|\bz[eé]ro\s+(?:six|sept|un|deux|trois|quatre|cinq|neuf)\b"
)
ASK_PHONE = re.compile(
    r"\b(?:ton|votre|mon|vos|tes|mes)\s+(?:num|numero|numéro|tel|tél|06|07|phone)\b"
    r"|\bnum[ée]ro\s+de\s+(?:t[ée]l|portable)"
    r"|\b(?:sms|texto)\b"
)
HANDLE_RE = re.compile(r"(?<![\w.])@[\w.]{2,}")
SOCIAL = re.compile(
    r"\b(?:snap|snapchat|snp|insta|instagram|tiktok|tik\s?tok|discord|whatsapp|whatsap|watsap|wsp"
    r"|wtsp|telegram|facebook|fb|messenger|twitter|twitch|onlyfans|kik|signal)\b"
)
INVITE = re.compile(
    r"\b(?:ajoute|ajoutez|ajouter|add|follow|suis|suivez|abonne|abonnez|[ée]cris|[ée]crivez"
    r"|contacte|contactez|mp|dm|envoie|envoyez)[\s-]+(?:moi|nous)\b"
    r"|\ben\s+(?:mp|dm|priv[ée]?)\b|\bdm\b|\bmon\s+pseudo\b"
    r"|\b(?:ton|ta|votre)\s+adresse\b"
    r"|\bon\s+(?:peut|pourrait)\s+se\s+(?:voir|rencontrer|parler)\b"
)


def _has_email(text: str) -> bool:
    plain = strip_accents(text)
    return bool(EMAIL_RE.search(text) or MAIL_PROVIDERS.search(plain) or ASK_MAIL.search(plain))


def _has_url(text: str) -> bool:
    return bool(URL_RE.search(text))


def _has_phone(text: str) -> bool:
    return bool(PHONE_RE.search(text) or ASK_PHONE.search(text))


def _has_handle(text: str) -> bool:
    plain = strip_accents(text)
    return bool(HANDLE_RE.search(text) or SOCIAL.search(plain) or INVITE.search(plain))
