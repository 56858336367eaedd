"""Generated pupil pseudonyms: an industrial word and an adjective, e.g. "Boulon Agile".

Adjectives are epicene (same form for masculine and feminine nouns), so any pair reads
correctly. 80 x 80 pairs leave plenty of room for 40 distinct pseudonyms in a class.
Pseudonyms are proper names of the game, shown as is in every language.
"""

import secrets

from usine.exhibits.trades import reading_order

WORDS = (
    "Boulon",
    "Écrou",
    "Rivet",
    "Piston",
    "Turbine",
    "Vanne",
    "Grue",
    "Engrenage",
    "Clé",
    "Marteau",
    "Enclume",
    "Perceuse",
    "Foreuse",
    "Tournevis",
    "Pince",
    "Étau",
    "Ressort",
    "Câble",
    "Poulie",
    "Treuil",
    "Chariot",
    "Convoyeur",
    "Robot",
    "Capteur",
    "Moteur",
    "Hélice",
    "Chaudière",
    "Forge",
    "Laminoir",
    "Fraiseuse",
    "Compas",
    "Équerre",
    "Rabot",
    "Scie",
    "Lime",
    "Burin",
    "Vérin",
    "Palan",
    "Cabestan",
    "Ancre",
    "Bouée",
    "Conteneur",
    "Portique",
    "Cargo",
    "Remorqueur",
    "Chalumeau",
    "Creuset",
    "Alternateur",
    "Transistor",
    "Circuit",
    "Aimant",
    "Pylône",
    "Éolienne",
    "Barrage",
    "Réacteur",
    "Compresseur",
    "Pompe",
    "Manomètre",
    "Bielle",
    "Vilebrequin",
    "Cylindre",
    "Courroie",
    "Roulement",
    "Essieu",
    "Pignon",
    "Crémaillère",
    "Levier",
    "Manivelle",
    "Boussole",
    "Sextant",
    "Balise",
    "Phare",
    "Radar",
    "Sonde",
    "Drone",
    "Fusée",
    "Satellite",
    "Silo",
    "Wagon",
    "Locomotive",
)

ADJECTIVES = (
    "Agile", "Rapide", "Habile", "Calme", "Solide", "Robuste", "Logique", "Pratique", "Sage",
    "Libre", "Fidèle", "Brave", "Tenace", "Aimable", "Efficace", "Énergique", "Dynamique",
    "Magnétique", "Électrique", "Mécanique", "Hydraulique", "Atomique", "Cosmique", "Polaire",
    "Solaire", "Lunaire", "Stellaire", "Sonore", "Souple", "Stable", "Fiable", "Mobile", "Utile",
    "Tranquille", "Véloce", "Lucide", "Intrépide", "Limpide", "Splendide", "Rustique", "Unique",
    "Pacifique", "Magnifique", "Héroïque", "Comique", "Sympathique", "Fantastique", "Classique",
    "Élastique", "Acrobatique", "Authentique", "Automatique", "Numérique", "Métallique",
    "Olympique", "Volcanique", "Océanique", "Arctique", "Formidable", "Incroyable", "Admirable",
    "Remarquable", "Durable", "Infatigable", "Imbattable", "Indomptable", "Inoxydable",
    "Adorable", "Capable", "Agréable", "Serviable", "Sociable", "Solidaire", "Exemplaire",
    "Légendaire", "Populaire", "Visionnaire", "Moderne", "Célèbre", "Sincère",
)  # fmt: skip


def new_pseudonym(*, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A pseudonym not in `taken` (the class's current ones)."""
    if len(taken) >= len(WORDS) * len(ADJECTIVES):
        raise ValueError("no pseudonym left")
    while True:
        pseudonym = f"{secrets.choice(WORDS)} {secrets.choice(ADJECTIVES)}"
        if pseudonym not in taken:
            return pseudonym


def new_pseudonyms(count: int, *, taken: set[str] | frozenset[str] = frozenset()) -> list[str]:
    chosen = set(taken)
    result = []
    for _ in range(count):
        pseudonym = new_pseudonym(taken=chosen)
        chosen.add(pseudonym)
        result.append(pseudonym)
    return result


def in_reading_order(items, pseudonym=lambda item: item.pseudonym) -> list:
    """Pupils (or rows of them) in the reading order of their pseudonyms, as a teacher scans a
    list: "Câble Limpide" before "Courroie Solidaire", "Écrou" among the E (a database sorts
    them by code point, accents after "Z")."""
    return sorted(items, key=lambda item: reading_order(pseudonym(item)))
