"""Forms of the professionals' and organizers' pages (the services check the rules again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from usine import inputs
from usine.exhibits.models import Trade
from usine.exhibits.queries import edition_companies, edition_jobs, trades_by_family
from usine.fair.queries import edition_slots, slots_by_day

from .models import MAX_EXCHANGES_PER_DAY, PRESENTATION_MAX_LENGTH, Professional, SlotMessage


class JobChoiceField(inputs.IdModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {obj.company.name}"


class InviteForm(inputs.Form):
    """The organizer invites a professional (the exhibitor's form drops the company)."""

    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=60)
    company = inputs.IdModelChoiceField(
        label=_("Entreprise"), queryset=None, required=False, empty_label=_("— à préciser —")
    )
    job = JobChoiceField(
        label=_("Métier"), queryset=None, required=False, empty_label=_("— à préciser —")
    )

    def __init__(self, *args, edition, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        jobs = edition_jobs(edition=edition)
        if company is not None:
            del self.fields["company"]
            jobs = jobs.filter(company=company)
        else:
            self.fields["company"].queryset = edition_companies(edition=edition)
        self.fields["job"].queryset = jobs

    def clean(self):
        data = super().clean()
        company, job = data.get("company"), data.get("job")
        if company is not None and job is not None and job.company_id != company.pk:
            self.add_error("job", _("Ce métier n'est pas celui de cette entreprise."))
        return data


class ProfileForm(inputs.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=60)
    # The scheduler matches this with the trades classes wish for, whatever the company.
    trade = forms.ChoiceField(
        label=_("Votre métier"),
        help_text=_(
            "Les classes choisissent les métiers qu'elles veulent découvrir : le planning vous "
            "propose à celles qui ont choisi le vôtre."
        ),
    )
    job = JobChoiceField(
        label=_("Fiche métier de votre entreprise (facultatif)"),
        queryset=None,
        required=False,
        empty_label=_("— aucune —"),
        help_text=_("La fiche que l'enseignant·e peut lire avant l'échange."),
    )
    company = inputs.IdModelChoiceField(label=_("Entreprise"), queryset=None, required=False)
    presentation = forms.CharField(
        label=_("Présentation courte"),
        max_length=PRESENTATION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quelques phrases lues par l'enseignant·e avant l'échange (600 caractères)."),
    )
    gender = forms.ChoiceField(
        label=_("Genre (facultatif)"),
        choices=Professional.Gender.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Facultatif. Le salon veut montrer aux élèves des femmes dans tous les métiers de "
            "l'industrie : cette réponse sert seulement à compter, au total, combien d'échanges "
            "sont menés par des femmes. Elle n'est jamais affichée à côté de votre nom."
        ),
    )
    charter = forms.BooleanField(
        label=_("J'ai lu et j'accepte la charte des échanges avec des mineurs"),
        required=False,
        help_text=_("Sans elle, aucun échange ne vous est proposé."),
    )
    max_per_day = forms.IntegerField(
        label=_("Nombre d'échanges par jour au plus"),
        min_value=1,
        max_value=MAX_EXCHANGES_PER_DAY,
    )
    slots = inputs.IdModelMultipleChoiceField(
        label=_("Créneaux où vous êtes disponible"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("L'échange a lieu pendant les trente dernières minutes de la session."),
    )

    def __init__(self, *args, professional: Professional, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "first_name": professional.first_name,
                "trade": professional.trade_id,
                "job": professional.job_id,
                "company": professional.company_id,
                "presentation": professional.presentation,
                "gender": professional.gender,
                "charter": professional.charter_accepted_at is not None,
                "max_per_day": professional.max_per_day,
                "slots": list(professional.available_slots.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        edition = professional.edition
        self.trades = {trade.pk: trade for trade in Trade.objects.all()}
        self.fields["trade"].choices = [("", _("— choisissez votre métier —"))] + [
            (family, [(trade.pk, trade.label) for trade in members])
            for family, members in trades_by_family(self.trades.values())
        ]
        self.fields["job"].queryset = edition_jobs(edition=edition)
        self.fields["company"].queryset = edition_companies(edition=edition)
        self.fields["slots"].queryset = edition_slots(edition=edition)

    def slot_days(self):
        """The slot checkboxes grouped by day, for the template."""
        boxes = {str(box.data["value"]): box for box in self["slots"]}
        return [
            (day, [(slot, boxes[str(slot.pk)]) for slot in slots])
            for day, slots in slots_by_day(self.fields["slots"].queryset)
        ]

    def clean_trade(self):
        trade = self.trades.get(inputs.parse_id(self.cleaned_data["trade"]))
        if trade is None:
            raise forms.ValidationError(_("Choisissez votre métier dans la liste."))
        return trade

    def clean(self):
        data = super().clean()
        company, job, trade = data.get("company"), data.get("job"), data.get("trade")
        if company is not None and job is not None and job.company_id != company.pk:
            self.add_error("company", _("Ce métier est présenté par une autre entreprise."))
        if job is not None and trade is not None and job.trade_id not in (None, trade.pk):
            self.add_error(
                "job",
                _("Cette fiche présente un autre métier (%(trade)s) que le vôtre.")
                % {"trade": job.trade.label},
            )
        return data


class ScheduleRunForm(inputs.Form):
    women_target = forms.IntegerField(
        label=_("Part visée d'échanges menés par des femmes (%)"),
        min_value=0,
        max_value=100,
        help_text=_(
            "Les femmes sont favorisées jusqu'à cette part, après la couverture des classes et "
            "le choix de métier ; au-delà, tout le monde est à égalité."
        ),
    )


class ReplacementForm(inputs.Form):
    """The organizer picks a backup for a class's exchange (among replacement.candidates)."""

    professional = inputs.IdModelChoiceField(
        label=_("Remplaçant·e"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {c.professional.pk: c for c in candidates}
        self.fields["professional"].queryset = Professional.objects.filter(
            pk__in=list(self.candidates)
        )


class SlotMessageForm(inputs.Form):
    text = forms.CharField(
        label=_("Message à toutes les enseignant·es du créneau"),
        max_length=SlotMessage.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
