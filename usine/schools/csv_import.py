"""Importing several classes (or a counsellor's groups) at once from a spreadsheet saved as CSV.

French Excel saves `;`-separated files, in UTF-8 with a BOM ("CSV UTF-8") or in Windows-1252
("CSV (séparateur : point-virgule)"): both are read. Columns, in any order, named in the first
line: classe (or groupe) ; niveau ; effectif ; métiers (optional, several separated by `|`, or
by `,` in a `;` file). A trade is recognised by its name written any way (Soudeur, SOUDEUSE,
Soudeur·se) or its ROME code (`exhibits.trades`); an unknown one gets the closest name as a
suggestion. The file is checked as a whole and shown as a preview; the import happens only on
confirmation, all rows or none. Messages name a class or a group as the teacher's wording does
(wording.py), and a level must be one of that wording's (a group of job seekers is no 3e).
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from usine.exhibits.models import Trade
from usine.exhibits.queries import edition_trades
from usine.exhibits.trades import TradeIndex
from usine.fair.models import Edition
from usine.inputs import clean_text

from .errors import CsvError
from .models import MAX_PUPILS, MAX_WISHES, SchoolClass, Teacher
from .services import create_class
from .wording import Wording, for_school

MAX_BYTES = 256 * 1024
MAX_ROWS = 200

COLUMNS = {
    "name": ("classe", "nom", "nom de la classe", "class", "groupe", "nom du groupe", "group"),
    "level": ("niveau", "level"),
    "pupil_count": ("effectif", "eleves", "nombre d'eleves", "nombre eleves", "pupils"),
    "jobs": ("metiers", "metiers souhaites", "metiers a decouvrir", "jobs"),
}
REQUIRED = ("name", "level", "pupil_count")

LEVEL_ALIASES = {
    "6eme": "6e", "sixieme": "6e", "5eme": "5e", "cinquieme": "5e", "4eme": "4e",
    "quatrieme": "4e", "3eme": "3e", "troisieme": "3e", "2de": "2nde", "2nd": "2nde",
    "1ere": "1re", "premiere": "1re", "term": "tle", "terminale": "tle", "bacpro": "bac_pro",
    "bacprofessionnel": "bac_pro", "demandeursd'emploi": "jobseekers",
    "demandeusesd'emploi": "jobseekers", "de": "jobseekers", "stagiaires": "trainees",
    "stagiaire": "trainees", "formation": "trainees",
}  # fmt: skip


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: how headers and names are compared."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("\u2019", "'").split())


def _level_key(text: str) -> str:
    return _plain(text).replace(" ", "").replace(".", "").replace("_", "")


LEVELS = {
    **{_level_key(value): value for value, _label in SchoolClass.Level.choices},
    **{_level_key(str(label)): value for value, label in SchoolClass.Level.choices},
    **LEVEL_ALIASES,
}


@dataclass
class Row:
    line: int
    name: str
    level: str = ""
    level_label: str = ""
    pupil_count: int | None = None
    trades: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]
    encoding: str
    notice: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


@dataclass
class Trades:
    catalogue: TradeIndex  # every trade: a name is recognised even if nobody presents it
    offered: TradeIndex  # the edition's: what a class may ask for, and the suggestions


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in; CsvError if it is not a text file."""
    if len(data) > MAX_BYTES:
        # Read before the teacher's wording matters: one line per class or group, both.
        raise CsvError(_("Le fichier dépasse 256 Ko : importez au plus 200 lignes à la fois."))
    if b"\x00" in data:
        raise CsvError(
            _("Ce fichier n'est pas un fichier texte CSV. Enregistrez-le au format « CSV UTF-8 ».")
        )
    try:
        return clean_text(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Excel's plain "CSV" on a French Windows: Windows-1252, a superset of Latin-1.
        return clean_text(data.decode("cp1252")), "cp1252"
    except UnicodeDecodeError:
        raise CsvError(
            _(
                "L'encodage de ce fichier n'est pas reconnu. Enregistrez-le au format "
                "« CSV UTF-8 (délimité par des virgules) »."
            )
        ) from None


def parse(text: str, *, teacher: Teacher, edition: Edition, encoding: str = "utf-8") -> Preview:
    """Checks every row; raises CsvError only when the file as a whole is unusable."""
    words = for_school(teacher.school)
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        raise CsvError(_missing_columns_message(words))
    reader = _rows(text, delimiter)
    header = next(reader, [])
    positions = {}
    for index, title in enumerate(header):
        for key, names in COLUMNS.items():
            if _plain(title) in names and key not in positions:
                positions[key] = index
    if any(key not in positions for key in REQUIRED):
        raise CsvError(_missing_columns_message(words))

    offered = list(edition_trades(edition=edition))
    trades = Trades(catalogue=TradeIndex(Trade.objects.all()), offered=TradeIndex(offered))
    existing = {
        _plain(name)
        for name in SchoolClass.objects.filter(teacher=teacher, edition=edition).values_list(
            "name", flat=True
        )
    }
    seen: dict[str, int] = {}
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvError(
                _("Importez au plus 200 groupes à la fois.")
                if words.adults
                else _("Importez au plus 200 classes à la fois.")
            )
        rows.append(_check_row(line, cells, positions, delimiter, trades, existing, seen, words))
    if not rows:
        raise CsvError(
            _("Ce fichier ne contient aucun groupe sous sa ligne de titres.")
            if words.adults
            else _("Ce fichier ne contient aucune classe sous sa ligne de titres.")
        )
    notice = ""
    if encoding == "cp1252":
        notice = _("Fichier lu en Windows-1252 (CSV d'Excel) : vérifiez les accents ci-dessous.")
    return Preview(rows=rows, encoding=encoding, notice=notice)


def _rows(text: str, delimiter: str):
    """The file's rows; CsvError for one the csv module cannot read (a cell past its limit of
    128 Ki characters, a stray NUL…)."""
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error:
        raise CsvError(
            _(
                "Une ligne du fichier n'a pas pu être lue : une cellule est trop longue ou ses "
                "guillemets ne sont pas fermés."
            )
        ) from None


def _cell(cells: list[str], positions: dict, key: str) -> str:
    index = positions.get(key)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _check_row(line, cells, positions, delimiter, trades, existing, seen, words) -> Row:
    row = Row(line=line, name=_cell(cells, positions, "name"))
    adults = words.adults
    if not row.name:
        row.errors.append(
            _("Le nom du groupe manque.") if adults else _("Le nom de la classe manque.")
        )
    elif len(row.name) > 60:
        row.errors.append(
            _("Le nom du groupe dépasse 60 caractères.")
            if adults
            else _("Le nom de la classe dépasse 60 caractères.")
        )
    elif _plain(row.name) in seen:
        same = (
            _("Même groupe qu'à la ligne %(line)s.")
            if adults
            else _("Même classe qu'à la ligne %(line)s.")
        )
        row.errors.append(same % {"line": seen[_plain(row.name)]})
    elif _plain(row.name) in existing:
        row.errors.append(
            _("Vous avez déjà un groupe de ce nom.")
            if adults
            else _("Vous avez déjà une classe de ce nom.")
        )
    if row.name:
        seen.setdefault(_plain(row.name), line)

    level_text = _cell(cells, positions, "level")
    level = LEVELS.get(_level_key(level_text), "")
    if level in words.levels:
        row.level = level
        row.level_label = str(SchoolClass.Level(level).label)
    else:
        unknown = (
            _(
                "Niveau inconnu pour un groupe : « %(level)s » (demandeur·ses d'emploi, "
                "stagiaires de la formation professionnelle ou autre)."
            )
            if adults
            else _(
                "Niveau inconnu : « %(level)s » (par exemple 4e, 3e, Seconde, CAP, Bac pro, BTS)."
            )
        )
        row.errors.append(unknown % {"level": level_text})

    count_text = _cell(cells, positions, "pupil_count")
    try:
        row.pupil_count = int(count_text)
    except ValueError:
        row.errors.append(
            _("Effectif manquant ou pas un nombre : « %(count)s ».") % {"count": count_text}
        )
    else:
        if not 1 <= row.pupil_count <= MAX_PUPILS:
            row.errors.append(_("L'effectif doit être compris entre 1 et 40."))

    separators = "|," if delimiter == ";" else "|"
    jobs_text = _cell(cells, positions, "jobs")
    for separator in separators[1:]:
        jobs_text = jobs_text.replace(separator, separators[0])
    for title in filter(None, (part.strip() for part in jobs_text.split("|"))):
        trade = trades.catalogue.find(title)
        if trade is None or trade not in trades.offered.trades:
            row.errors.append(_trade_error(title, trade, trades.offered))
        elif trade not in row.trades:
            row.trades.append(trade)
    if len(row.trades) > MAX_WISHES:
        row.errors.append(
            _("Choisissez au plus %(count)s métiers (%(chosen)s dans cette ligne).")
            % {"count": MAX_WISHES, "chosen": len(row.trades)}
        )
    return row


def _trade_error(title: str, trade: Trade | None, offered: TradeIndex) -> str:
    if trade is not None:
        message = _("« %(trade)s » n'est présenté par aucune entreprise du salon.") % {
            "trade": trade.label
        }
    else:
        message = _("Métier inconnu du salon : « %(title)s ».") % {"title": title[:120]}
    closest = offered.closest(title)
    if closest:
        message += " " + _("Vouliez-vous dire « %(trade)s » ?") % {"trade": closest[0].label}
    return message


def _missing_columns_message(words: Wording) -> str:
    if words.adults:
        return _(
            "La première ligne doit nommer les colonnes : groupe ; niveau ; effectif ; métiers "
            "(métiers est facultative)."
        )
    return _(
        "La première ligne doit nommer les colonnes : classe ; niveau ; effectif ; métiers "
        "(métiers est facultative)."
    )


def import_classes(*, teacher: Teacher, edition: Edition, text: str) -> list[SchoolClass]:
    """Creates every class of the file, or none: the file is checked again inside the
    transaction (a class of the same name may have been created since the preview)."""
    with transaction.atomic():
        preview = parse(text, teacher=teacher, edition=edition)
        if not preview.ok:
            raise CsvError(
                _("Le fichier contient des erreurs : aucun groupe n'a été importé.")
                if for_school(teacher.school).adults
                else _("Le fichier contient des erreurs : aucune classe n'a été importée.")
            )
        return [
            create_class(
                teacher=teacher,
                edition=edition,
                name=row.name,
                level=row.level,
                pupil_count=row.pupil_count,
                wanted_trades=row.trades,
            )
            for row in preview.rows
        ]
