import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.exhibits.factories import JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.factories import (
    CounsellorFactory,
    GroupFactory,
    SchoolClassFactory,
    TeacherFactory,
)
from usine.schools import csv_import
from usine.schools.errors import CsvError
from usine.schools.models import Pupil, SchoolClass

pytestmark = pytest.mark.django_db

EXCEL_FILE = (
    "classe;niveau;effectif;métiers\r\n"
    "3e B;3e;26;Soudeur·se, Chaudronnier·ère\r\n"
    "2nde Pro MELEC;Bac pro;18;\r\n"
    ";;;\r\n"
    "Terminale STI2D;terminale;30;Chaudronnier·ère\r\n"
)


@pytest.fixture
def edition():
    edition = EditionFactory()
    for code, title in (("H2913", "Soudeur·se TIG"), ("H2902", "Chaudronnier·ère"), ("H2914", "")):
        job = JobProfileFactory(trade=catalogue_trade(code), title=title or "Tuyauteur·se")
        BuildingFactory(edition=edition, company=job.company)
    return edition


@pytest.fixture
def teacher():
    return TeacherFactory()


def preview_of(text, teacher, edition, encoding="utf-8"):
    return csv_import.parse(text, teacher=teacher, edition=edition, encoding=encoding)


def test_an_excel_file_with_bom_and_semicolons_is_read_row_by_row(teacher, edition):
    text, encoding = csv_import.decode("\ufeff".encode() + EXCEL_FILE.encode("utf-8"))
    assert encoding == "utf-8"
    preview = preview_of(text, teacher, edition)
    assert preview.ok
    assert [(r.line, r.name, r.level, r.pupil_count) for r in preview.rows] == [
        (2, "3e B", "3e", 26),
        (3, "2nde Pro MELEC", "bac_pro", 18),
        (5, "Terminale STI2D", "tle", 30),
    ]
    assert [trade.name for trade in preview.rows[0].trades] == ["Soudeur·se", "Chaudronnier·ère"]


def test_a_comma_file_with_columns_in_another_order_is_read(teacher, edition):
    text = "Effectif,Nom de la classe,Niveau,Métiers\n22,4e A,4e,Soudeur·se|Chaudronnier·ère\n"
    preview = preview_of(text, teacher, edition)
    assert preview.ok
    assert (preview.rows[0].name, preview.rows[0].pupil_count) == ("4e A", 22)
    assert len(preview.rows[0].trades) == 2


def test_a_windows_1252_file_is_accepted_with_a_notice(teacher, edition):
    text, encoding = csv_import.decode(EXCEL_FILE.replace("·", "").encode("cp1252"))
    assert encoding == "cp1252"
    assert "métiers" in text
    preview = preview_of(text, teacher, edition, encoding=encoding)
    assert "Windows-1252" in preview.notice


def test_a_binary_file_gets_a_clear_message():
    with pytest.raises(CsvError) as raised:
        csv_import.decode(b"PK\x03\x04\x00\x00 un classeur xlsx")
    assert "CSV UTF-8" in str(raised.value.message)


def test_undecodable_bytes_get_a_clear_message():
    with pytest.raises(CsvError) as raised:
        csv_import.decode(b"classe;niveau;effectif\n3e \x81\x8d;3e;20\n")
    assert "encodage" in str(raised.value.message)


@pytest.mark.parametrize(
    "text", ["nom;prenom;age\nDupont;Jean;14\n", "une seule colonne\n3e B\n", "classe;niveau\n"]
)
def test_wrong_columns_are_refused_naming_the_expected_ones(teacher, edition, text):
    with pytest.raises(CsvError) as raised:
        preview_of(text, teacher, edition)
    assert "classe ; niveau ; effectif" in str(raised.value.message)


def test_each_bad_row_gets_its_own_message(teacher, edition):
    SchoolClassFactory(teacher=teacher, edition=edition, name="3e C")
    text = (
        "classe;niveau;effectif;métiers\n"
        "3e A;3e;25;\n"
        "3e a;3e;25;\n"
        "3e C;3e;25;\n"
        ";3e;25;\n"
        "4e D;Master;25;\n"
        "4e E;4e;quarante;\n"
        "4e F;4e;41;\n"
        "4e G;4e;20;Astronaute\n"
    )
    preview = preview_of(text, teacher, edition)
    assert not preview.ok
    errors = {row.line: row.errors for row in preview.rows}
    assert errors[2] == []
    assert errors[3] == ["Même classe qu'à la ligne 2."]
    assert errors[4] == ["Vous avez déjà une classe de ce nom."]
    assert errors[5] == ["Le nom de la classe manque."]
    assert "Niveau inconnu" in errors[6][0]
    assert "pas un nombre" in errors[7][0]
    assert errors[8] == ["L'effectif doit être compris entre 1 et 40."]
    assert errors[9] == ["Métier inconnu du salon : « Astronaute »."]  # nothing close to suggest
    assert preview.errors == 7


@pytest.mark.parametrize(
    "written",
    ["Soudeur", "Soudeuse", "Soudeur·se", "SOUDEUR(SE)", "soudeur/euse", "Soudeur.se", "h2913"],
)
def test_a_trade_is_read_whatever_its_case_accents_gender_or_its_rome_code(
    teacher, edition, written
):
    preview = preview_of(
        f"classe;niveau;effectif;métiers\n3e A;3e;25;{written}\n", teacher, edition
    )
    assert preview.ok
    assert [trade.code for trade in preview.rows[0].trades] == ["H2913"]


def test_the_same_trade_written_twice_is_wished_once(teacher, edition):
    text = "classe;niveau;effectif;métiers\n3e A;3e;25;Chaudronnière, CHAUDRONNIER, H2902\n"
    assert [t.code for t in preview_of(text, teacher, edition).rows[0].trades] == ["H2902"]


def test_an_unknown_trade_gets_the_closest_as_a_suggestion(teacher, edition):
    text = (
        "classe;niveau;effectif;métiers\n"
        "3e A;3e;25;Chaudronier\n"
        "3e B;3e;25;Tuyauteur industriel\n"
        "3e C;3e;25;Cariste\n"
    )
    errors = [row.errors for row in preview_of(text, teacher, edition).rows]
    assert errors == [
        ["Métier inconnu du salon : « Chaudronier ». Vouliez-vous dire « Chaudronnier·ère » ?"],
        [
            "Métier inconnu du salon : « Tuyauteur industriel ». "
            "Vouliez-vous dire « Tuyauteur·se » ?"
        ],
        # A trade of the catalogue that no company of this edition presents.
        ["« Cariste » n'est présenté par aucune entreprise du salon."],
    ]


def test_a_row_wishes_for_a_dozen_trades_at_most(teacher, edition):
    more = [
        "H2903",
        "H2912",
        "H2904",
        "H2911",
        "H2910",
        "H2901",
        "H2909",
        "H2602",
        "H3203",
        "H2906",
    ]
    for code in more:
        BuildingFactory(
            edition=edition, company=JobProfileFactory(trade=catalogue_trade(code)).company
        )
    codes = ["H2913", "H2902", "H2914", *more]  # 13 trades, all presented
    header = "classe,niveau,effectif,métiers\n"

    twelve = preview_of(f"{header}3e A,3e,25,{'|'.join(codes[:12])}|h2913\n", teacher, edition)
    thirteen = preview_of(f"{header}3e A,3e,25,{'|'.join(codes)}\n", teacher, edition)

    assert twelve.ok
    assert thirteen.rows[0].errors == ["Choisissez au plus 12 métiers (13 dans cette ligne)."]


def test_import_creates_all_classes_with_their_pupils(teacher, edition):
    created = csv_import.import_classes(teacher=teacher, edition=edition, text=EXCEL_FILE)
    assert [c.name for c in created] == ["3e B", "2nde Pro MELEC", "Terminale STI2D"]
    assert [t.code for t in created[0].wanted_trades.order_by("code")] == ["H2902", "H2913"]
    assert Pupil.objects.filter(school_class__teacher=teacher).count() == 26 + 18 + 30


def test_a_file_with_one_bad_row_imports_nothing(teacher, edition):
    text = EXCEL_FILE + "4e Z;4e;99;\n"
    with pytest.raises(CsvError):
        csv_import.import_classes(teacher=teacher, edition=edition, text=text)
    assert SchoolClass.objects.count() == 0
    assert Pupil.objects.count() == 0


def test_a_class_created_between_preview_and_confirmation_stops_the_whole_import(teacher, edition):
    assert preview_of(EXCEL_FILE, teacher, edition).ok
    SchoolClassFactory(teacher=teacher, edition=edition, name="Terminale STI2D")
    with pytest.raises(CsvError):
        csv_import.import_classes(teacher=teacher, edition=edition, text=EXCEL_FILE)
    assert SchoolClass.objects.count() == 1


def test_a_counsellors_file_names_groups_and_takes_adult_levels_only(edition):
    counsellor = CounsellorFactory()
    GroupFactory(teacher=counsellor, edition=edition, name="Atelier mars")
    text = "Group,Level,Pupils\nAtelier mars,jobseekers,12\n,Autre,8\nRéorientation,4e,10\n"
    preview = preview_of(text, counsellor, edition)
    assert [row.errors for row in preview.rows] == [
        ["Vous avez déjà un groupe de ce nom."],
        ["Le nom du groupe manque."],
        [
            "Niveau inconnu pour un groupe : « 4e » (demandeur·ses d'emploi, stagiaires de la "
            "formation professionnelle ou autre)."
        ],
    ]
    with pytest.raises(CsvError) as refused:
        csv_import.import_classes(teacher=counsellor, edition=edition, text=text)
    assert (
        refused.value.message == "Le fichier contient des erreurs : aucun groupe n'a été importé."
    )
    with pytest.raises(CsvError) as refused:
        preview_of("nom;prenom\nDupont;Jean\n", counsellor, edition)
    assert refused.value.message == (
        "La première ligne doit nommer les colonnes : groupe ; niveau ; effectif ; métiers "
        "(métiers est facultative)."
    )


def test_a_teachers_file_takes_no_adult_level(teacher, edition):
    preview = preview_of("classe;niveau;effectif\n3e A;Demandeurs d'emploi;20\n", teacher, edition)
    assert preview.rows[0].errors == [
        "Niveau inconnu : « Demandeurs d'emploi » (par exemple 4e, 3e, Seconde, CAP, Bac pro, BTS)."
    ]


# --- Fuzzing: whatever the file, a clear answer and all rows or none ----------------------------

# Pieces a mangled spreadsheet is made of: delimiters, quotes, line ends, levels, numbers, trade
# names half typed, control and far-away characters.
FRAGMENTS = st.sampled_from(
    [";", ",", "\t", '"', '""', "\r\n", "\n", "\r", "3e", "Bac pro", "tle", "0", "-1", "41",
     "26", "1e3", "Soudeur", "Chaudronnier·ère", "H2913", "|", "métiers", "classe", "niveau",
     "effectif", "\ufeff", "\x00", "\x1b", "é", "\u202e", "\U0001d518", " " * 3]
)  # fmt: skip


@st.composite
def mangled_files(draw) -> bytes:
    text = EXCEL_FILE
    for _ in range(draw(st.integers(0, 8))):
        where = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 12))
        text = text[:where] + draw(FRAGMENTS | st.text(max_size=6)) + text[where + cut :]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


def import_or_refuse(data: bytes, teacher, edition) -> str:
    """What the import makes of a file, checking the rules on the way."""
    before = SchoolClass.objects.count()
    try:
        text, encoding = csv_import.decode(data)
        preview = csv_import.parse(text, teacher=teacher, edition=edition, encoding=encoding)
    except CsvError as refused:
        message = str(refused.message)
    else:
        message = None
    if message is not None:
        assert message  # a message for the teacher, never an empty refusal
        return "refused"
    for row in preview.rows:
        assert all(str(message) for message in row.errors)
    try:
        created = csv_import.import_classes(teacher=teacher, edition=edition, text=text)
    except CsvError:
        assert not preview.ok
        assert SchoolClass.objects.count() == before  # nothing half imported
        return "refused"
    assert preview.ok
    assert [c.name for c in created] == [row.name for row in preview.rows]
    assert SchoolClass.objects.count() == before + len(preview.rows)
    SchoolClass.objects.filter(pk__in=[c.pk for c in created]).delete()
    return "imported"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mangled_files())
@example(data=EXCEL_FILE.encode("utf-8"))
@example(data=b"\xff\xfe\x00c")
@example(data=b"classe;niveau;effectif\n" + b"3e A;3e;20\n" * (csv_import.MAX_ROWS + 1))
def test_a_mangled_file_is_refused_clearly_or_imported_whole(teacher, edition, data):
    import_or_refuse(data, teacher, edition)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=2048) | mangled_files())
def test_the_import_page_never_fails_whatever_is_sent(client, teacher, edition, data):
    client.force_login(teacher.user)
    url = reverse("schools:class_import")
    upload = SimpleUploadedFile("classes.csv", data, content_type="text/csv")

    checked = client.post(url, {"file": upload})
    assert checked.status_code in (200, 400)
    token = checked.context.get("token")
    if token is None:
        return
    before = SchoolClass.objects.count()
    confirmed = client.post(url, {"action": "confirm", "token": token})

    preview = checked.context["preview"]
    if preview.ok:
        assert confirmed.status_code == 302
        assert SchoolClass.objects.count() == before + len(preview.rows)
        SchoolClass.objects.filter(teacher=teacher).delete()
    else:
        assert confirmed.status_code == 400
        assert "aucune classe n&#x27;a été importée" in confirmed.content.decode()
        assert SchoolClass.objects.count() == before
