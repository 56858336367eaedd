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


def full_width(text: str) -> str:
    """The full-width forms (U+FF01…) of ASCII characters, spaces kept."""
    return "".join(c if c == " " else chr(ord(c) + 0xFEE0) for c in text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (full_width("06 12 34 56 78"), PHONE),
        ("06_12_34_56_78", PHONE),
        ("06,12,34,56,78", PHONE),
        ("06 / 12 / 34 / 56 / 78", PHONE),
        ("0\u200b6 1\u200b2 3\u200b4 5\u200b6 7\u200b8", PHONE),
        ("O6 l2 34 56 78", PHONE),
        ("0 six douze trente-quatre cinquante-six soixante-dix-huit", PHONE),
        ("six douze trente-quatre cinquante-six soixante-dix-huit", PHONE),
        ("lea" + full_width("@") + "monecole" + full_width(".") + "fr", EMAIL),
        ("noah[at]monecole.fr", EMAIL),
        ("k e v i n @ g m a i l . c o m", EMAIL),
        ("allez voir evil[.]com", URL),
        ("allez voir evil(dot)com", URL),
        ("hxxps://evil.com", URL),
        ("sn4pchat : lea93", HANDLE),
        ("tik-tok : yanis59", HANDLE),
        ("t.i.k.t.o.k yanis59", HANDLE),
        ("s n a p : lea93", HANDLE),
        ("insta gram : jade", HANDLE),
        ("mon wh4ts4pp", HANDLE),
        # Cyrillic letters drawn like Latin ones
        ("\u0405n\u0430\u0440\u0441h\u0430t lea93", HANDLE),
    ],
)
def test_contact_details_are_normalised_before_matching(text, reason):
    assert word_filter.check(text).reason == reason


def test_a_number_split_over_questions_is_seen_whole():
    assert word_filter.check("06 12 34").clean
    assert word_filter.check("56 78", previous=["06 12 34"]).reason == PHONE
    assert word_filter.check("56 78 stp", previous=["mon truc c'est 06 12 34 ?"]).reason == PHONE
    assert word_filter.check("78", previous=["06 12", "34 56"]).reason == PHONE


def test_earlier_questions_do_not_flag_an_unrelated_one():
    assert word_filter.check("Et vous ?", previous=["06 12 34 56 78"]).clean
    assert word_filter.check("Vous avez 56 ans ?", previous=["Vous commencez à 06 30 ?"]).clean
    assert word_filter.check("Et en 2026 ?", previous=["Vous êtes 12 ?"]).clean


ORDINARY = [
    "Combien d'heures par semaine ?",
    "Vous travaillez en 3x8 ?",
    "C'est quoi un BTS CRSA ?",
    "J'ai 14 ans, je peux faire un stage chez vous ?",
    "En 2026, il y aura encore des embauches ?",
    "Vous commencez à 06h30 le matin ?",
    "Vous finissez à 17h ou 18h ?",
    "Le salaire c'est combien en brut. Net ?",
    "Vous gagnez entre 1 800 et 2 500 € ?",
    "L'usine a coûté 1 060 000 000 € ?",
    "Le stage c'est du 07/09/2026 au 18/09/2026 ?",
    "Il y a un signal sonore quand la machine s'arrête ?",
    "Vous travaillez avec La Poste pour les livraisons ?",
    "J'aime les maths. Me conseillez-vous ce métier ?",
    "C'est loin. Site web de l'entreprise, il existe ?",
    "Vous êtes combien dans l'équipe, 10, 20, 30 ?",
    "Il faut un bac pro ou un CAP ?",
    "Vous utilisez des robots à six axes ?",
    "On peut faire un apprentissage en deux ans ?",
    "Est-ce que vous parlez anglais au travail ?",
    "Les pièces sont contrôlées au micron près ?",
    "Vous faites des pauses de 15 min ?",
    "Vous êtes payé le 1er ou le 5 du mois ?",
    "C'est quoi la différence entre un BTS et un BUT ?",
    "Vous travaillez le week-end, samedi et dimanche ?",
    "Quelle est la température du four, 1 200 degrés ?",
    "Vous avez fait quelles études après la 3e ?",
    "Vous avez eu votre diplôme à quel âge, 18 ou 19 ans ?",
    "Vous fabriquez combien de pièces par jour, 5000 ?",
    "Est-ce qu'il y a de la discorde dans l'équipe parfois ?",
    "Vous travaillez avec l'INSA ou une école d'ingénieurs ?",
    "Il faut savoir coder en Python ?",
    "Vous avez des horaires du type 5h-13h / 13h-21h / 21h-5h ?",
    "C'est quoi le point commun entre vos métiers ?",
    "Un point me gêne : le bruit, c'est supportable ?",
    "Vous prenez des stagiaires de 4e et 3e ?",
    "Vous avez des presses de 2 000, 3 000 et 4 000 tonnes ?",
    "J'ai quatorze ans et deux frères, je peux venir visiter ?",
    "Vous fêtez Halloween à l'usine 👻 ?",
    "Le signal : il sonne à quelle heure ?",
    "Le site : il est ouvert la nuit ?",
]


def test_ordinary_pupil_questions_pass():
    assert len(set(ORDINARY)) >= 30
    flagged = [(q, word_filter.check(q).reason) for q in ORDINARY if not word_filter.check(q).clean]
    assert not flagged


# Evasions of other shapes than the cases above: phone numbers in words or emoji, e-mails and
# links spelt out, networks under nicknames. They check that the normalisation generalises.
HELD_OUT = [
    "appelle le zéro six douze trente quatre cinquante six soixante dix huit",
    "mon portable : six douze trente-quatre cinquante-six soixante-dix-huit, avec un zéro devant",
    "0️⃣6️⃣ 1️⃣2️⃣ 3️⃣4️⃣ 5️⃣6️⃣ 7️⃣8️⃣",
    "O6 douze 34 cinquante-six 78",
    "zero-sept quatre-vingt-un vingt-deux quarante-cinq quatre-vingt-dix",
    "06 . 12 . 34 . 56 . 78",
    "+33 six douze trente-quatre cinquante-six soixante-dix-huit",
    "O six, 1 2, 3 4, 5 6, 7 8",
    "lea point martin arobase monlycee point fr",
    "écris à kevin at free dot fr",
    "jade (at) ecole-paris (point) fr",
    "noah AT monmail DOT fr",
    "lea_93 (arobase) g-mail (point) com",
    "mon adresse c'est enzo chez orange point fr",
    "mon 👻 c'est lea.93",
    "ajoute moi sur le fantôme jaune : lea93",
    "ig : jade_mrt",
    "retrouve moi sur insta : j a d e . m r t",
    "mon i n s t a c'est jade",
    "sur tiktok : @ yanis . 59",
    "t1k t0k : yanis",
    "dîscord : kevin#1234",
    "mon disc : kevin#1234",
    "vous avez what's app ?",
    "on se parle sur wats app ?",
    "snapp : tom.lrx",
    "sc : lea93",
    "mon ⓘⓝⓢⓣⓐ : jade",
    "allez sur monsite point com",
    "youtube point com slash lea",
    "regardez w w w point monsite point fr",
    "lien : bit(.)ly/abc",
    "monsite . f r",
    "h t t p s : / / evil . com",
    "discord point gg slash abc",
    "lea-gaming dot net",
    "zéro sept, vingt-trois, onze, quarante-huit, zéro neuf",
    "mon num c presque pareil que 07 11 23 48 09",
    "texte moi au sept onze vingt trois quarante huit zéro neuf avec le zéro devant",
    "06 12 34 56 78 ⬅️ c'est moi",
    "jade point mrt (a) gmail",
    "ecris a l.e.a.9.3 @ h o t m a i l . f r",
    "contact : lea93 chez outlook point fr",
    "suis moi sur l'app du fantôme : lea93",
    "insta → jade.mrt",
    "mon identifiant snap : lea _ 93",
    "ajoutez moi sur ds : kevin#1234",
    "go wtsp 0781224590",
    "mon tik tok : yanis.59",
    "retrouvez ma chaîne sur youtu . be / abc",
    "lien : t.me/lea93",
    "jade at gmail",
]


def test_held_out_evasions_are_caught():
    assert len(set(HELD_OUT)) >= 20
    missed = [q for q in HELD_OUT if word_filter.check(q).clean]
    assert not missed
    assert all(word_filter.check(q).refused for q in HELD_OUT)
