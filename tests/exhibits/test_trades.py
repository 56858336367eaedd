import pytest

from tests.exhibits.factories import TradeFactory, catalogue_trade
from usine.exhibits.models import Trade
from usine.exhibits.trades import TradeIndex, reading_order, search_text, trade_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Soudeur·se", "soudeur"),
        ("SOUDEUR(SE)", "soudeur"),
        ("Soudeur (euse)", "soudeur"),
        ("soudeur/euse", "soudeur"),
        ("Soudeur / Soudeuse", "soudeur"),
        ("Chaudronnier·ère", "chaudronnier"),
        ("Électricien·ne industriel·le", "electricien industriel"),
        ("Agent·e·s de maintenance nautique", "agent de maintenance nautique"),
        ("Technicien-ne d\u2019essais", "technicien d essais"),
        ("Dessinateur·rice-projeteur·se", "dessinateur projeteur"),
        ("  Conducteur.rice   de ligne ", "conducteur de ligne"),
        ("", ""),
    ],
)
def test_trade_key_forgets_case_accents_and_feminine_endings(written, key):
    assert trade_key(written) == key


@pytest.mark.django_db
def test_the_catalogue_names_every_trade_once_with_real_rome_codes():
    trades = list(Trade.objects.all())
    assert len(trades) == 50
    keys = [trade_key(t.name) for t in trades]
    assert len(set(keys)) == len(keys)
    codes = [t.code for t in trades if t.code]
    assert len(codes) == len(set(codes)) == 45
    assert (catalogue_trade("N1101").name, catalogue_trade("H2913").name_en) == (
        "Cariste",
        "Welder",
    )


@pytest.mark.django_db
def test_the_index_finds_a_trade_by_any_of_its_forms_or_its_code():
    index = TradeIndex(Trade.objects.all())
    welder = catalogue_trade("H2913")
    for written in ("Soudeuse", "soudeur", "SOUDEUR(SE)", "h2913", " H2913 "):
        assert index.find(written) == welder
    assert index.find("Z9999") is None
    assert index.find("Astronaute") is None


@pytest.mark.django_db
def test_the_index_suggests_the_closest_trade():
    index = TradeIndex(Trade.objects.all())
    assert index.closest("chaudronier") == [catalogue_trade("H2902")]
    assert index.closest("Tuyauteur·se industriel·le") == [catalogue_trade("H2914")]
    assert index.within("Ajusteur·se monteur·se aéronautique") == catalogue_trade("H2901")
    assert index.closest("Électricien") == [catalogue_trade("I1309")]
    assert index.closest("Astronaute") == []
    assert index.closest("·") == []


@pytest.mark.django_db
def test_search_text_holds_every_form_code_and_keyword_folded():
    trade = TradeFactory(
        code="M1805",
        name="Essai·se",
        masculine="Essayeur",
        feminine="Essayeuse",
        name_en="Tester",
        keywords="Électrode, TIG",
    )
    assert search_text(trade) == "essai·se essayeur essayeuse tester m1805 electrode, tig"


def test_reading_order_sets_case_accents_and_ligatures_aside():
    names = ["zingueur", "Œnologue", "Électricien", "ébéniste", "Ebéniste", "Agent"]
    assert sorted(names, key=reading_order) == [
        "Agent",
        "Ebéniste",
        "ébéniste",
        "Électricien",
        "Œnologue",
        "zingueur",
    ]
