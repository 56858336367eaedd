import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from usine import inputs

from . import layout
from .models import Building, Edition
from .slots import DEFAULT_START_TIMES, edition_days


class EditionForm(inputs.Form):
    name = forms.CharField(label=gettext_lazy("Nom de l'édition"), max_length=120)
    slug = forms.SlugField(
        label=gettext_lazy("Identifiant dans les adresses"),
        max_length=60,
        help_text=gettext_lazy("Lettres, chiffres et tirets, par exemple salon-2027."),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Premier jour"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Dernier jour"), widget=forms.DateInput(attrs={"type": "date"})
    )
    copy_of = forms.ModelChoiceField(
        label=gettext_lazy("Reprendre la ville de"),
        queryset=Edition.objects.order_by("-starts_on"),
        required=False,
        empty_label=gettext_lazy("aucune : une ville vide"),
        to_field_name="slug",
        help_text=gettext_lazy(
            "Les bâtiments, leur entreprise, leur place et leur apparence sont copiés ; "
            "ni les classes, ni les inscriptions, ni les comptes."
        ),
    )


class SlotsForm(inputs.Form):
    days = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Jours"),
        widget=forms.CheckboxSelectMultiple,
        coerce=datetime.date.fromisoformat,
    )
    start_times = forms.CharField(
        label=gettext_lazy("Heures de début"),
        max_length=200,
        initial=", ".join(t.strftime("%H:%M") for t in DEFAULT_START_TIMES),
        help_text=gettext_lazy("Au format HH:MM, séparées par des virgules."),
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Classes par créneau"), min_value=1, max_value=200, initial=10
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Durée (minutes)"), min_value=10, max_value=240, initial=90
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        days = edition_days(edition=edition, weekdays_only=False)
        self.fields["days"].choices = [
            (day.isoformat(), formats.date_format(day, "l j F")) for day in days
        ]
        self.fields["days"].initial = [
            day.isoformat() for day in edition_days(edition=edition, weekdays_only=True)
        ]

    def clean_start_times(self):
        parts = [p.strip() for p in self.cleaned_data["start_times"].split(",") if p.strip()]
        try:
            times = [datetime.time.fromisoformat(part) for part in parts]
        except ValueError:
            raise forms.ValidationError(_("Heures attendues au format HH:MM.")) from None
        if not times or len(times) > 12:
            raise forms.ValidationError(_("Donnez entre une et douze heures de début."))
        return times


def plot_label(cell: layout.Cell, occupant: str | None) -> str:
    kind = _("quai") if cell.kind == layout.QUAY else _("terre")
    if occupant:
        return _("%(code)s (%(kind)s) — occupé par %(name)s") % {
            "code": cell.code,
            "kind": kind,
            "name": occupant,
        }
    return _("%(code)s (%(kind)s) — libre") % {"code": cell.code, "kind": kind}


class PlotForm(inputs.Form):
    building = forms.ModelChoiceField(label=gettext_lazy("Bâtiment"), queryset=Building.objects)
    # Any square's name: the service says why one is refused (the sea, an occupied plot).
    plot = forms.CharField(label=gettext_lazy("Terrain"), max_length=4, widget=forms.Select)

    def __init__(self, *args, edition: Edition, occupants: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = edition.buildings.order_by("name")
        self.fields["plot"].widget.choices = [
            (cell.code, plot_label(cell, occupants.get(cell.code)))
            for cell in layout.CELLS
            if cell.is_plot
        ]
