import pytest
from django.utils import translation

from tests.exhibits.factories import JobProfileFactory, TradeFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from usine.exhibits import queries
from usine.exhibits.models import Trade

pytestmark = pytest.mark.django_db


def test_an_editions_jobs_and_companies_are_those_of_its_buildings():
    edition = EditionFactory()
    shown = JobProfileFactory(title="Chaudronnier·ère")
    BuildingFactory(edition=edition, company=shown.company)
    JobProfileFactory(title="Hors salon")

    assert list(queries.edition_jobs(edition=edition)) == [shown]
    assert list(queries.edition_companies(edition=edition)) == [shown.company]


def test_trades_are_grouped_by_family_in_the_reading_order_of_the_name_shown():
    # Names outside the catalogue the migrations load (names are unique).
    brazer = TradeFactory(name="Soudeur d'essai", name_en="Brazer (test)")
    enameller = TradeFactory(name="Émailleur d'essai", name_en="Enameller (test)")
    fitter = TradeFactory(name="Ajusteur d'essai", name_en="Toolmaker (test)")
    driver = TradeFactory(
        name="Cariste d'essai", name_en="Driver (test)", family=Trade.Family.LOGISTICS
    )
    trades = [brazer, driver, enameller, fitter]

    with translation.override("fr"):
        french = queries.trades_by_family(trades)
    with translation.override("en"):
        english = queries.trades_by_family(trades)

    metal, logistics = Trade.Family.METAL.label, Trade.Family.LOGISTICS.label
    assert french == [(metal, [fitter, enameller, brazer]), (logistics, [driver])]
    assert english == [(metal, [brazer, enameller, fitter]), (logistics, [driver])]
