import pytest
from django.utils import translation

from tests.exhibits.factories import TradeFactory
from usine.exhibits.models import Trade
from usine.insights.forms import SurveyForm

pytestmark = pytest.mark.django_db


def test_the_survey_lists_trades_in_the_order_of_the_names_shown():
    ids = [
        TradeFactory(name=name, name_en=english).pk
        for name, english in [
            ("Soudeur·se de coques", "Hull welder"),
            ("Électricien·ne de bord", "Ship electrician"),
            ("Chaudronnier·ère naval·e", "Naval boilermaker"),
            ("Œnologue de cave", "Cellar winemaker"),
            ("Agent·e de quai", "Dock agent"),
        ]
    ]
    trades = Trade.objects.filter(pk__in=ids)

    def labels(language):
        with translation.override(language):
            return [
                str(label) for _value, label in SurveyForm(trades=trades).fields["trades"].choices
            ]

    assert labels("fr") == [
        "Agent·e de quai",
        "Chaudronnier·ère naval·e",
        "Électricien·ne de bord",
        "Œnologue de cave",
        "Soudeur·se de coques",
    ]
    assert labels("en") == [
        "Cellar winemaker",
        "Dock agent",
        "Hull welder",
        "Naval boilermaker",
        "Ship electrician",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fr", "Quels métiers t'intéressent ? (5 au plus)"),
        ("en", "Which trades interest you? (5 at most)"),
    ],
)
def test_the_trades_question_is_asked_in_the_reader_s_language(language, label):
    with translation.override(language):
        form = SurveyForm(trades=Trade.objects.none())
        assert str(form.fields["trades"].label) == label
