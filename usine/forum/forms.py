"""The organizers' forms for the Forum's programme, and the speaker's invitation."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import Speaker, Stage, Talk, TalkSpeaker

PHOTO_HELP = _("PNG, JPEG ou WebP, jusqu'à 5 Mo ; réduite à 480 pixels de côté.")


class StageForm(inputs.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "slug", "order"]


class TalkForm(inputs.ModelForm):
    class Meta:
        model = Talk
        fields = ["title", "slug", "stage", "kind", "starts_at", "ends_at", "abstract"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "abstract": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.edition = edition
        self.fields["stage"].queryset = edition.forum_stages.all()
        self.fields["stage"].empty_label = None


class SpeakerLinkForm(inputs.ModelForm):
    class Meta:
        model = TalkSpeaker
        fields = ["speaker", "part", "position"]


def speaker_links_formset(*, edition, data=None, instance=None):
    """The talk's speakers, one row each, in the programme's order (`position`)."""
    formset_class = inlineformset_factory(
        Talk, TalkSpeaker, form=SpeakerLinkForm, extra=3, can_delete=True, max_num=12
    )
    formset = formset_class(data=data, instance=instance, prefix="speakers")
    for form in formset.forms:
        form.fields["speaker"].queryset = edition.forum_speakers.all()
    return formset


class SpeakerForm(inputs.ModelForm):
    new_photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=PHOTO_HELP,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = Speaker
        fields = ["name", "role", "company", "photo_alt"]

    def clean(self):
        data = super().clean()
        has_photo = bool(data.get("new_photo")) or bool(self.instance.photo)
        if has_photo and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Décrivez la photo pour qui ne la voit pas."))
        return data


class InviteSpeakerForm(inputs.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de l'intervenant·e"),
        max_length=254,
        help_text=_("Un lien à usage unique lui permet d'ouvrir son compte et son studio."),
    )
