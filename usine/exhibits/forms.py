"""Forms of the exhibitor's pages. They parse and check input; services.py does the writes."""

import datetime

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from usine import inputs
from usine.fair.models import Building

from .models import Company, Demo, DemoPhoto, JobProfile, Testimonial, TrainingRoute
from .queries import trades_by_family

PHOTO_MAX_BYTES = 10 * 1024 * 1024


class TestimonialForm(inputs.ModelForm):
    class Meta:
        model = Testimonial
        fields = ["first_name", "role", "gender", "job", "job_label", "transcript"]
        help_texts = {
            "first_name": _("Le prénom seul : le nom de famille n'est jamais affiché."),
            "gender": _(
                "Utilisé uniquement en statistiques d'ensemble (la part de femmes parmi les "
                "témoignages du salon), jamais affiché avec le témoignage."
            ),
            "job": _("Une fiche métier de votre entreprise, si elle existe."),
            "job_label": _("Tel que la personne le dit, par exemple « apprentie soudeuse »."),
            "transcript": _("Le texte de la vidéo, lu par qui ne peut pas l'écouter."),
        }
        widgets = {"transcript": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the company's own job profiles can be chosen; anything else is "not a choice".
        self.fields["job"].queryset = company.job_profiles.all()
        self.fields["job"].empty_label = _("— aucune fiche métier —")


class VideoUploadForm(inputs.Form):
    video = forms.FileField(
        label=_("Fichier vidéo"),
        widget=forms.ClearableFileInput(attrs={"accept": "video/*"}),
    )
    captions = forms.FileField(
        label=_("Sous-titres (WebVTT)"),
        required=False,
        help_text=_(
            "Un fichier .vtt en UTF-8 qui commence par « WEBVTT ». Obligatoire pour publier ; "
            "vous pourrez aussi l'ajouter plus tard."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )

    def __init__(self, *args, captions_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if captions_required:  # a demo goes online as soon as its video is ready
            self.fields["captions"].required = True
            self.fields["captions"].help_text = _(
                "Un fichier .vtt en UTF-8 qui commence par « WEBVTT » : obligatoire, la vidéo est "
                "mise en ligne dès qu'elle est prête."
            )
        # Built here, not at import: the limits are settings and the text follows the language.
        self.fields["video"].help_text = gettext(
            "MP4, MOV ou WebM, jusqu'à %(size)s Mo et %(minutes)s minutes."
        ) % {
            "size": max(1, settings.VIDEO_MAX_BYTES // (1024 * 1024)),
            "minutes": max(1, settings.VIDEO_MAX_SECONDS // 60),
        }


class CaptionsForm(inputs.Form):
    captions = forms.FileField(
        label=_("Sous-titres (WebVTT)"),
        help_text=_("Un fichier .vtt en UTF-8 qui commence par « WEBVTT »."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )


class PublishForm(inputs.Form):
    published = forms.BooleanField(required=False, widget=forms.HiddenInput)


class JobProfileForm(inputs.ModelForm):
    class Meta:
        model = JobProfile
        fields = [
            "trade",
            "title",
            "description",
            "skills",
            "working_conditions",
            "salary_min",
            "salary_max",
            "in_shortage",
            "training_routes",
        ]
        help_texts = {
            "trade": _(
                "Le métier du répertoire national (ROME) : les classes choisissent parmi ces "
                "métiers, et une classe qui le choisit peut rencontrer vos professionnel·les."
            ),
            "title": _("Tel que votre entreprise le nomme, ex. : Soudeur·se TIG."),
            "skills": _("Une compétence par ligne."),
            "training_routes": _("Les formations qui mènent à ce métier."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "skills": forms.Textarea(attrs={"rows": 5}),
            "working_conditions": forms.Textarea(attrs={"rows": 4}),
            "training_routes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_routes"].queryset = TrainingRoute.objects.order_by("kind", "name")
        trade = self.fields["trade"]
        # Grouped by family, as classes see them; the field still checks ids against the queryset.
        trade.widget.choices = [("", _("— choisir un métier —"))] + [
            (family, [(t.pk, f"{t.name} ({t.code})" if t.code else t.name) for t in trades])
            for family, trades in trades_by_family(trade.queryset)
        ]

    def clean_skills(self):
        lines = [line.strip() for line in self.cleaned_data["skills"].splitlines()]
        skills = [line for line in lines if line]
        if not skills:
            raise forms.ValidationError(_("Indiquez au moins une compétence."))
        return "\n".join(skills)

    # The salary order (min ≤ max) is checked by JobProfile.clean, which ModelForm calls.


class DemoForm(inputs.ModelForm):
    class Meta:
        model = Demo
        fields = ["title", "description", "kind"]
        help_texts = {
            "kind": _("Une vidéo (avec sous-titres) ou une série de photos décrites."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Its video or photos belong to the kind chosen at creation.
            del self.fields["kind"]


class DemoPhotoForm(inputs.ModelForm):
    class Meta:
        model = DemoPhoto
        fields = ["image", "alt_text"]
        help_texts = {
            "image": _("JPEG, PNG ou WebP, jusqu'à 10 Mo."),
            "alt_text": _(
                "Ce que montre la photo, pour les personnes qui ne la voient pas "
                "(lu par les lecteurs d'écran)."
            ),
        }
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/*"})}

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and image.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("Cette photo dépasse 10 Mo."))
        return image

    def clean_alt_text(self):
        text = self.cleaned_data["alt_text"].strip()
        if not text:
            raise forms.ValidationError(_("Décrivez la photo."))
        return text


class CompanyForm(inputs.Form):
    """The company's public face and its building (publication.py applies or drafts it)."""

    name = forms.CharField(label=_("Nom de l'entreprise"), max_length=120)
    description = forms.CharField(
        label=_("Présentation courte"),
        max_length=1000,
        help_text=_("Deux ou trois phrases pour des collégiens : ce que fait l'entreprise."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    logo = forms.ImageField(
        label=_("Nouveau logo"),
        required=False,
        help_text=_(
            "PNG, JPEG ou WebP, jusqu'à 5 Mo ; réduit à 512 pixels de côté. Laissez vide pour "
            "garder le logo actuel."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    building_description = forms.CharField(
        label=_("Description du bâtiment"),
        max_length=2000,
        required=False,
        help_text=_("Ce que l'on fabrique ou fait sur ce site, lu à l'entrée du bâtiment."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    look = forms.ChoiceField(
        label=_("Apparence dans la ville"), choices=Building.Look.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, has_building: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_building:  # not yet placed in the town: nothing to describe
            del self.fields["building_description"]
            del self.fields["look"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Indiquez le nom de l'entreprise."))
        return name

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Présentez l'entreprise en quelques mots."))
        return text


class RefusalForm(inputs.Form):
    refusal_reason = forms.CharField(
        label=_("Ce que l'exposant doit changer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewSettingForm(inputs.Form):
    required = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PresenceSlotForm(inputs.Form):
    """A time at the building's desk: a day of the edition, from and to, and who."""

    host = forms.TypedChoiceField(label=_("Qui est à l'accueil"), coerce=int)
    host_label = forms.CharField(
        label=_("Présenté·e au public comme"),
        max_length=80,
        required=False,
        help_text=_(
            "Un prénom et un métier, ex. : « Claire, soudeuse » (jamais un nom de famille). "
            "Vide : le nom de la personne choisie."
        ),
    )
    day = forms.TypedChoiceField(label=_("Jour"), coerce=datetime.date.fromisoformat)
    starts = forms.TimeField(label=_("De"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("À"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, hosts: list[tuple[int, str]], days: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = dict(hosts)
        self.fields["host"].choices = [(pk, label) for pk, label in hosts]
        self.fields["day"].choices = [
            (day.isoformat(), formats.date_format(day, "l j F")) for day in days
        ]

    def clean(self):
        data = super().clean()
        if "day" in data and "starts" in data and "ends" in data:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(data["day"], data["starts"], zone)
            data["ends_at"] = datetime.datetime.combine(data["day"], data["ends"], zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", gettext("La fin vient après le début."))
        if "host" in data and not data.get("host_label"):
            data["host_label"] = self.hosts.get(data["host"], "")[:80]
        return data
