from decimal import Decimal

import pytest
from django.utils import translation

from usine.exhibits.models import TrainingRoute


def route(years, *, after_en="lower secondary school (3e)"):
    return TrainingRoute(
        kind=TrainingRoute.Kind.CAP,
        name="CAP Électricien",
        duration_years=Decimal(years),
        after="la 3e",
        after_en=after_en,
    )


@pytest.mark.parametrize(
    ("years", "french", "english"),
    [
        ("2", "2 ans après la 3e", "2 years after lower secondary school (3e)"),
        ("1", "1 an après la 3e", "1 year after lower secondary school (3e)"),
        ("1.5", "1,5 ans après la 3e", "1.5 years after lower secondary school (3e)"),
        ("0.6", "7 mois après la 3e", "7 months after lower secondary school (3e)"),
        ("0.05", "1 mois après la 3e", "1 month after lower secondary school (3e)"),
    ],
)
def test_a_route_says_how_long_and_after_what_in_the_readers_language(years, french, english):
    with translation.override("fr"):
        assert route(years).access == french
    with translation.override("en"):
        assert route(years).access == english


def test_without_its_english_words_a_route_reads_after_in_french_on_english_pages():
    with translation.override("en"):
        assert route("3", after_en="").access == "3 years after la 3e"
