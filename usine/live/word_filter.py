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

Contact details are matched after the same kind of undoing: NFKC (full-width digits, at signs
and dots), look-alike letters from other scripts, invisible characters, bracketed dots and at
signs (evil[.]com, noah(at)outlook.fr), numbers in words (zéro six douze…), any separator between
digits (06_12_34, 06,12,34) and letters typed one by one. Social networks are found as whole
words whatever their spelling (sn4pchat, tik-tok, snap chat); the names are the data file
`data/reseaux_fr.txt`. A number cut over several questions is seen when the caller passes the
pupil's previous questions (`check(text, previous=...)`).

The filter only sorts questions for the moderators: what it lets through still waits for an
adult's approval before the class sees it.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
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


def check(text: str, *, previous: Sequence[str] = ()) -> Verdict:
    """What is wrong with a question, contact details first (they are refused).

    `previous`: the same pupil's latest questions in the room, oldest first, so that a phone
    number cut over several questions (06 12 34, then 56 78) is seen whole.
    """
    views = _views(text)
    for reason, found in (
        (EMAIL, _has_email),
        (URL, _has_url),
        (PHONE, _has_phone),
        (HANDLE, _has_handle),
    ):
        if any(found(view) for view in views):
            return Verdict(reason)
    if previous and _phone_across(previous, text):
        return Verdict(PHONE)
    if _has_insult(fold(text)):
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
#
# Every check reads the question folded (`fold`) and defanged (`defang`), so that full-width or
# Cyrillic characters, evil[.]com and noah(at)outlook.fr look like what they stand for.

# Characters drawn like Latin letters or like "." and "@", which NFKC leaves alone.
CONFUSABLES = str.maketrans(
    # Cyrillic letters
    "\u0430\u0435\u0451\u043a\u043c\u043e\u0440\u0441\u0442\u0443"
    "\u0445\u0456\u0457\u0458\u0455\u0501\u04bb\u04cf\u051b\u051d"
    # Greek letters
    "\u03b1\u03b2\u03b5\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u03c9\u03c2"
    # middle dots and bullets, ideographic full stop
    "\u00b7\u2022\u2219\u2027\u22c5\u3002\u2e31"
    # hyphens, dashes, minus sign
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043"
    # slashes, apostrophes
    "\u2215\u29f8\u2019\u2018\u02bc`\u00b4",
    "aeekmopctyxiijsdhlqw" + "abeikvoptuxws" + "." * 7 + "-" * 8 + "//" + "'" * 5,
)
INVISIBLE = frozenset({"Mn", "Me", "Cf"})


def fold(text: str) -> str:
    """Lower case ASCII look: NFKC (full-width digits, at sign, dot), look-alike letters and dots,
    digits of any script, no accents, no invisible characters (zero-width spaces, keycaps)."""
    text = unicodedata.normalize("NFKC", text).lower().translate(CONFUSABLES)
    out = []
    for c in unicodedata.normalize("NFKD", text):
        if unicodedata.category(c) in INVISIBLE:
            continue
        digit = unicodedata.decimal(c, None)
        out.append(str(digit) if digit is not None else c)
    return "".join(out)


# evil[.]com, lea(at)gmail, lea [dot] fr: a bracketed dot or at sign is the sign itself.
DEFANGED_DOT = re.compile(r"\s*[\[({<]\s*(?:\.|dot|point|pt)\s*[\])}>]\s*")
DEFANGED_AT = re.compile(r"\s*[\[({<]\s*(?:@|at|arr?obase?)\s*[\])}>]\s*")
HXXP = re.compile(r"\bh\s*(?:tt|xx)\s*p(s?)\s*:\s*/\s*/")


def defang(text: str) -> str:
    text = DEFANGED_AT.sub("@", DEFANGED_DOT.sub(".", text))
    return HXXP.sub(r"http\1://", text)


def squeeze(text: str) -> str:
    """Letters typed one by one (k e v i n @ g m a i l . c o m): runs of 3+ joined."""
    chunks = text.split()
    out, run = [], []
    for chunk in [*chunks, ""]:
        if len(chunk) == 1:
            run.append(chunk)
            continue
        out.append("".join(run) if len(run) >= 3 else " ".join(run))
        out.append(chunk)
        run = []
    return " ".join(c for c in out if c)


def _views(text: str) -> tuple[str, ...]:
    plain = defang(fold(text))
    squeezed = squeeze(plain)
    return (plain,) if squeezed == plain else (plain, squeezed)


# --- E-mails and links

AT = r"(?:@|\b(?:at|arr?obas|arr?obase|arobaz|arroba)\b)"
DOT = r"(?:\.|\b(?:dot|point)\b)"
EMAIL_RE = re.compile(rf"[\w.+-]+\s*{AT}\s*[\w-]+(?:\s*{DOT}\s*[\w-]+)*?\s*{DOT}\s*[a-z]{{2,}}")
MAIL_PROVIDERS = re.compile(
    r"\b(?:gmail|hotmail|outlook|yahoo|icloud|laposte|wanadoo|protonmail|proton\.me|live\.fr"
    r"|orange\.fr|free\.fr|sfr\.fr)\b"
)
ASK_MAIL = re.compile(
    r"\b(?:ton|ta|votre|mon|ma|vos|tes|mes)\s+(?:adresse\s+)?(?:e-?\s?)?mails?\b|\bmail\s*:"
)
# Top-level domains nobody writes after a full stop in a French sentence: spaces and spoken
# dots are allowed around them. The others ("Net ?", "Me conseillez-vous", "Site web ?") must be
# glued to the name.
TLD_SAFE = r"(?:com|fr|org|io|gg|xyz)"
TLD_OTHER = (
    r"(?:net|ly|me|tv|be|co|app|info|eu|link|site|shop|biz|ru|de|uk|ch|ca|es|it|us|cc|to|gl)"
)
URL_RE = re.compile(
    r"\bhttps?\s*:\s*/\s*/|\bwww\s*" + DOT
    + rf"|\b[a-z0-9][a-z0-9-]*(?:\s?\.\s?|\s+(?:dot|point)\s+){TLD_SAFE}\b(?!-)"
    + rf"|\b[a-z0-9][a-z0-9-]*\s?\.{TLD_OTHER}\b(?![-'])"
    + rf"|\b[a-z0-9][a-z0-9-]*\s?\.\s?{TLD_OTHER}\s?/"
    + r"|\b(?:point|dot)\s+(?:com|fr|net|org)\b"
)  # fmt: skip


def _has_email(text: str) -> bool:
    return bool(
        EMAIL_RE.search(text)
        or MAIL_PROVIDERS.search(text)
        or ASK_MAIL.search(text)
        or _names_network(text, mail=True)
    )


def _has_url(text: str) -> bool:
    return bool(URL_RE.search(text))


# --- Phone numbers

UNITS = {"zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}
UNITS |= {"sept": 7, "huit": 8, "neuf": 9}
TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15}
TEENS |= {"seize": 16}
TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
TENS |= {"septante": 70, "huitante": 80, "octante": 80, "nonante": 90}
_NUMBER_WORD = "|".join(sorted([*UNITS, *TEENS, *TENS, "vingts"], key=len, reverse=True))
NUMBER_WORDS = re.compile(rf"\b(?:{_NUMBER_WORD})(?:[\s,-]+(?:et[\s-]+)?(?:{_NUMBER_WORD}))*\b")


def _spoken_numbers(words: list[str]) -> list[str]:
    """zero six douze trente quatre soixante dix huit → 0 6 12 34 78."""
    numbers, i = [], 0
    while i < len(words):
        word, rest = words[i], words[i + 1 :]
        i += 1
        if word == "quatre" and rest[:1] in (["vingt"], ["vingts"]):
            value, i, rest, low = 80, i + 1, rest[1:], True
        elif word in TENS:
            value, low = TENS[word], TENS[word] in (60, 80)
        elif word == "dix" and rest[:1] and rest[0] in ("sept", "huit", "neuf"):
            numbers.append(str(10 + UNITS[rest[0]]))
            i += 1
            continue
        elif word in TEENS:
            numbers.append(str(TEENS[word]))
            continue
        elif word in UNITS:
            numbers.append(str(UNITS[word]))
            continue
        else:
            continue
        # vingt et un, trente-quatre, soixante-douze, quatre-vingt-dix-neuf
        if rest[:1] == ["et"]:
            rest, i = rest[1:], i + 1
        if low and rest[:1] == ["dix"] and rest[1:2] and rest[1] in ("sept", "huit", "neuf"):
            value, i = value + 10 + UNITS[rest[1]], i + 2
        elif low and rest[:1] and rest[0] in TEENS:
            value, i = value + TEENS[rest[0]], i + 1
        elif rest[:1] and rest[0] in UNITS and UNITS[rest[0]] > 0:
            value, i = value + UNITS[rest[0]], i + 1
        numbers.append(str(value))
    return numbers


def _spell_out(match: re.Match) -> str:
    words = re.findall(r"[a-z]+", match.group())
    # "Un apprenti…": an article, not a digit.
    if words in (["un"], ["une"]):
        return match.group()
    return " ".join(_spoken_numbers(words))


# 07/09/2026: a date, whose digits must not run into the next number.
DATE = re.compile(r"\b[0-3]?\d[/.-][01]?\d[/.-](?:19|20)\d\d\b(?![/.-]?\d)")
# A letter O for a zero, an l or i for a one, beside digits: O6 12 34 56 78, o6 l2 34…
LETTER_DIGIT = re.compile(r"(?<![a-z])[oli](?![a-z])(?=[^a-z0-9]{0,3}\d)|(?<=\d)[oli](?![a-z])")
# Digits with separators between them: spaces, dots, commas, underscores, dashes…
DIGIT_RUN = re.compile(r"\+?\d(?:[^a-z0-9]{0,4}\d)*")


def _phone_text(text: str) -> str:
    plain = DATE.sub(" date ", text)
    plain = NUMBER_WORDS.sub(_spell_out, plain)
    return LETTER_DIGIT.sub(lambda m: "0" if m.group() == "o" else "1", plain)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers are in a text (already through `_phone_text`)."""
    spans = []
    for run in DIGIT_RUN.finditer(text):
        groups = re.findall(r"\d+", run.group())
        digits = "".join(groups)
        # 1 060 000 000 €: thousands, not a phone number.
        if len(groups) > 1 and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            continue
        # Where a number may start: at a group, but not inside thousands (1 060 000 000).
        starts, offset = [], 0
        for k, group in enumerate(groups):
            if k == 0 or len(group) != 3:
                starts.append(offset)
            offset += len(group)
        found = (
            # +33 6 12 34 56 78, +32 470…, 0033 6…
            (run.group().startswith("+") and len(digits) >= 9)
            or re.match(r"0033[1-9]\d{8}", digits)
            # 06 12 34 56 78 and any number of ten digits from 01 to 09
            or any(re.match(r"0[1-9]\d{8}", digits[s:]) for s in starts)
            # a mobile number cut short: 06 12 34 5…
            or re.match(r"0[67]\d{6}", digits)
            # a mobile number without its zero: 6 12 34 56 78
            or ([len(g) for g in groups] == [1, 2, 2, 2, 2] and digits[0] in "67")
        )
        if found:
            spans.append(run.span())
    return spans


ZERO_SIX = re.compile(r"\bzero\s+(?:six|sept|un|deux|trois|quatre|cinq|neuf)\b")
ASK_PHONE = re.compile(
    r"\b(?:ton|votre|mon|vos|tes|mes)\s+(?:num|numero|tel|06|07|phone|portable|tph)\b"
    r"|\bnumero\s+de\s+(?:tel|portable)"
    r"|\b(?:sms|texto)\b"
)


def _has_phone(text: str) -> bool:
    return bool(_phone_spans(_phone_text(text)) or ZERO_SIX.search(text) or ASK_PHONE.search(text))


def _phone_across(previous: Sequence[str], text: str) -> bool:
    """A number cut over the pupil's last questions (06 12 34 | 56 78) is whole once joined."""
    parts = [_phone_text(defang(fold(t))).strip(" .,;:-_/?!") for t in (*previous, text)]
    joined = parts[-1]
    # Only questions that end and start with digits continue one another.
    for part in reversed(parts[:-1]):
        if not (part[-1:].isdigit() and joined[:1].isdigit()):
            break
        joined = f"{part} {joined}"
    cut = len(joined) - len(parts[-1])
    return any(start < cut < end for start, end in _phone_spans(joined))


# --- Social networks and invitations


@dataclass(frozen=True)
class Networks:
    names: frozenset[str]
    long_names: tuple[str, ...]
    ambiguous: frozenset[str]
    mail: frozenset[str]
    not_names: frozenset[str]
    # "ig : jade_mrt": a short name followed by a handle needs no "mon" or "sur".
    given: re.Pattern


NETWORK_LIST = Path(__file__).resolve().parent / "data" / "reseaux_fr.txt"


@functools.cache
def networks() -> Networks:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in NETWORK_LIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(collapse(line.lower()))
    names = frozenset(sections["names"])
    short = "|".join(re.escape(n) for n in sections["ambiguous"] if len(n) <= 4)
    return Networks(
        given=re.compile(rf"(?<![a-z0-9])(?:{short})\s*:\s*[\w@]"),
        names=names,
        long_names=tuple(n for n in names if len(n) >= 7),
        ambiguous=frozenset(sections["ambiguous"]),
        mail=frozenset(sections["mail"]),
        not_names=frozenset(sections["not"]),
    )


WORD_PIECE = re.compile(r"[a-z0-9@$!|]+|\U0001f47b")  # the ghost emoji stands for Snapchat
OWNER = frozenset({"mon", "ma", "ton", "ta", "votre", "vos", "sur", "via", "par", "en"})
HANDLE_RE = re.compile(r"(?<![\w.])@[a-z0-9_][\w.]+|(?<![\w.])@\s[\w.]*[\d_.][\w.]*")
INVITE = re.compile(
    r"\b(?:ajoute|ajoutez|ajouter|add|follow|suis|suivez|abonne|abonnez|ecris|ecrivez"
    r"|contacte|contactez|mp|dm|envoie|envoyez)[\s-]+(?:moi|nous)\b"
    r"|\ben\s+(?:mp|dm|prive?)\b|\bdm\b|\bmon\s+pseudo\b"
    r"|\b(?:ton|ta|votre)\s+adresse\b"
    r"|\bon\s+(?:peut|pourrait)\s+se\s+(?:voir|rencontrer|parler)\b"
)


def _candidates(text: str) -> list[tuple[str, str]]:
    """(word before, word) for every way the text may spell a name: each piece (tik, tok), each
    chunk between spaces glued (tik-tok, t.i.k.t.o.k), two pieces or two chunks glued (snap chat,
    what's app)."""
    found: list[tuple[str, str]] = []
    pieces: list[str] = []
    glued_before = ""
    for chunk in text.split():
        parts = WORD_PIECE.findall(chunk)
        before = pieces[-1] if pieces else ""
        glued = "".join(parts)
        if len(parts) > 1:
            found.append((before, glued))
        if len(parts) > 1 or len(glued_before) > len(before):
            found.append(("", glued_before + glued))
        glued_before = glued
        pieces.extend(parts)
    padded = ["", *pieces, ""]
    for before, piece, after in zip(padded, padded[1:-1], padded[2:], strict=False):
        found.append((before, piece))
        if len(piece) >= 2 and len(after) >= 2:
            found.append((before, piece + after))
    return found


def _network_words(word: str) -> set[str]:
    """The names a word may stand for: leetspeak undone, letters collapsed."""
    spellings = {word, word.translate(LEET), word.translate(LEET_L).translate(LEET)}
    spellings |= {w.replace("!", "i") for w in spellings}
    spellings |= {collapse(w) for w in spellings}
    return spellings


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _names_network(text: str, *, mail: bool) -> bool:
    nets = networks()
    for before, word in _candidates(text):
        for spelling in _network_words(word):
            if spelling in nets.not_names:
                continue
            if mail:
                if spelling in nets.mail:
                    return True
                continue
            if spelling in nets.names:
                return True
            if spelling in nets.ambiguous and before in OWNER:
                return True
            if len(spelling) >= 6 and any(_one_edit(spelling, n) for n in nets.long_names):
                return True
    return False


def _has_handle(text: str) -> bool:
    return bool(
        HANDLE_RE.search(text)
        or INVITE.search(text)
        or networks().given.search(text)
        or _names_network(text, mail=False)
    )
