import pytest

from tests.exhibits.factories import JobProfileFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from usine.exhibits import queries

pytestmark = pytest.mark.django_db


def test_an_editions_jobs_and_companies_are_those_of_its_buildings():
    edition = EditionFactory()
    shown = JobProfileFactory(title="Chaudronnier·ère")
    BuildingFactory(edition=edition, company=shown.company)
    JobProfileFactory(title="Hors salon")

    assert list(queries.edition_jobs(edition=edition)) == [shown]
    assert list(queries.edition_companies(edition=edition)) == [shown.company]
