from django import forms
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import MESSAGE_MAX_LENGTH, ContactMessage


class ContactForm(inputs.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=120)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        help_text=_("Pour vous répondre ; elle n'est utilisée pour rien d'autre."),
    )
    topic = forms.ChoiceField(label=_("Sujet"), choices=ContactMessage.Topic.choices)
    text = forms.CharField(
        label=_("Votre message"),
        max_length=MESSAGE_MAX_LENGTH,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("5 000 caractères au plus."),
    )
    adult = forms.BooleanField(
        label=_("J'ai plus de 15 ans et j'écris en mon nom ou au nom de mon organisation."),
        error_messages={
            "required": _(
                "Ce formulaire est réservé aux adultes. Élève, adresse-toi à ton professeur."
            )
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
