from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from usine import inputs
from usine.exhibits.queries import trades_by_family
from usine.exhibits.trades import search_text

from . import wording
from .models import MAX_PUPILS, MAX_WISHES, SchoolClass
from .uai import normalise_uai, validate_uai


class AccountSignupForm(inputs.Form):
    """The adult's account, whichever kind of group they bring."""

    email = forms.EmailField(label=_("Adresse e-mail professionnelle"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 8 caractères, pas seulement des chiffres."),
    )
    password2 = forms.CharField(
        label=_("Mot de passe, une seconde fois"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        # Whether the address already has an account is said by e-mail to its owner only
        # (services.register_teacher): the page tells nobody which addresses are registered.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe sont différents."))
        elif password1:
            user = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class TeacherSignupForm(AccountSignupForm):
    uai = forms.CharField(
        label=_("Code UAI de l'établissement"),
        max_length=12,
        help_text=_("7 chiffres et une lettre, par exemple 0750654D (ex-code RNE)."),
    )
    school_name = forms.CharField(label=_("Nom de l'établissement"), max_length=160)
    school_town = forms.CharField(label=_("Commune"), max_length=100)

    def clean_uai(self):
        uai = normalise_uai(self.cleaned_data["uai"])
        validate_uai(uai)
        return uai


class CounsellorSignupForm(AccountSignupForm):
    """A counsellor of an organisation that accompanies job seekers: no UAI."""

    school_name = forms.CharField(
        label=_("Structure"),
        max_length=160,
        help_text=_("ex. : France Travail — agence de Marignane, Mission locale de Vitrolles"),
    )
    school_town = forms.CharField(label=_("Commune"), max_length=100)


class TradeChoiceField(inputs.IdModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, trade):
        return trade.label


class SchoolClassForm(inputs.Form):
    name = forms.CharField(label=_("Nom de la classe"), max_length=60, help_text=_("ex. : 3e B"))
    level = forms.ChoiceField(label=_("Niveau"), choices=SchoolClass.Level.choices)
    pupil_count = forms.IntegerField(
        label=_("Nombre d'élèves"),
        min_value=1,
        max_value=MAX_PUPILS,
        help_text=_("Un pseudonyme est créé pour chaque élève (40 au plus)."),
    )
    wanted_trades = TradeChoiceField(
        label=_("Métiers que la classe veut découvrir"),
        queryset=None,
        required=False,
        help_text=_(
            "12 au plus. Le planning cherche pour la classe un·e professionnel·le de l'un de ces "
            "métiers, quelle que soit son entreprise."
        ),
    )

    def __init__(
        self, *args, trades, existing_names=(), with_count=True, words=wording.CLASSES, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.words = words
        self.fields["wanted_trades"].queryset = trades
        self.fields["level"].choices = [
            (value, label) for value, label in SchoolClass.Level.choices if value in words.levels
        ]
        if words.adults:
            self.fields["name"].label = words.group_name
            self.fields["name"].help_text = _("ex. : Atelier industrie de mars")
            self.fields["pupil_count"].label = words.member_count
            self.fields["pupil_count"].help_text = _(
                "Un pseudonyme est créé pour chaque participant·e (40 au plus) : ni nom, ni "
                "adresse ne sont demandés."
            )
            self.fields["wanted_trades"].label = _("Métiers que le groupe veut découvrir")
        self.existing_names = {name.casefold() for name in existing_names}
        if not with_count:
            del self.fields["pupil_count"]

    def trade_families(self):
        """The trade checkboxes grouped by family, with the text the filter box searches."""
        boxes = {str(box.data["value"]): box for box in self["wanted_trades"]}
        return [
            (family, [(trade, boxes[str(trade.pk)], search_text(trade)) for trade in trades])
            for family, trades in trades_by_family(self.fields["wanted_trades"].queryset)
        ]

    def clean_wanted_trades(self):
        trades = self.cleaned_data["wanted_trades"]
        if len(trades) > MAX_WISHES:
            raise forms.ValidationError(
                _("Choisissez au plus %(count)s métiers (%(chosen)s cochés).")
                % {"count": MAX_WISHES, "chosen": len(trades)}
            )
        return trades

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name.casefold() in self.existing_names:
            raise forms.ValidationError(
                _("Vous avez déjà un groupe de ce nom.")
                if self.words.adults
                else _("Vous avez déjà une classe de ce nom.")
            )
        return name


class CsvUploadForm(inputs.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Première ligne : classe ; niveau ; effectif ; métiers. "
            "Enregistré depuis Excel ou LibreOffice au format CSV."
        ),
    )

    def __init__(self, *args, words=wording.CLASSES, **kwargs):
        super().__init__(*args, **kwargs)
        if words.adults:
            self.fields["file"].help_text = _(
                "Première ligne : groupe ; niveau ; effectif ; métiers. "
                "Enregistré depuis Excel ou LibreOffice au format CSV."
            )


class AnonymisationForm(inputs.Form):
    wants_anonymisation = forms.BooleanField(
        label=_("Anonymiser mon compte après le salon"),
        required=False,
    )
