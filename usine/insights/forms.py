from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from usine.exhibits.trades import reading_order
from usine.inputs import Form

from .models import SurveyAnswer
from .survey import MAX_TRADES

SCORES = [
    (1, _("1 — pas du tout")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4")),
    (5, _("5 — tout à fait")),
]


class _InReadingOrder(ModelChoiceIterator):
    """The trades in the order of the names shown (in English too, not by their French name)."""

    def __iter__(self):
        yield from sorted(super().__iter__(), key=lambda choice: reading_order(str(choice[1])))


TRADES_LABEL = _("Quels métiers t'intéressent ? (%(max)d au plus)")


class SurveyForm(Form):
    score = forms.TypedChoiceField(
        label=_("Pourrais-tu te voir travailler dans l'industrie ?"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    trades = forms.ModelMultipleChoiceField(
        label=TRADES_LABEL,  # with its number, in __init__
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gender = forms.ChoiceField(
        label=_("Tu es…"),
        help_text=_("Facultatif : seulement pour savoir si le salon change le regard des filles."),
        choices=SurveyAnswer.Gender.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, trades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trades"].queryset = trades
        # The number goes in now, in the reader's language (at import, the label was translated
        # once into the default language: English pages showed it in French).
        self.fields["trades"].label = TRADES_LABEL % {"max": MAX_TRADES}
        self.fields["trades"].label_from_instance = lambda trade: trade.label
        self.fields["trades"].iterator = _InReadingOrder

    def clean_trades(self):
        trades = self.cleaned_data["trades"]
        if trades is not None and len(trades) > MAX_TRADES:
            raise forms.ValidationError(_("Choisis %(max)d métiers au plus.") % {"max": MAX_TRADES})
        return trades

    def answer(self) -> dict:
        data = self.cleaned_data
        return {
            "score": data.get("score"),
            "trades": list(data.get("trades") or []),
            "gender": data.get("gender") or "",
        }
