from django import forms
from django.utils.translation import gettext_lazy as _

from usine.inputs import Form

from .quiz import EXPLANATION_MAX, MAX_CHOICES, MAX_QUESTIONS, TEXT_MAX


class QuizForm(Form):
    """The exhibitor's quiz, one block of fields per question (`q1_text`, `q1_choice1`…); empty
    blocks are left out. `quiz.clean_content` says what a complete quiz is."""

    def __init__(self, *args, content: dict | None = None, **kwargs):
        if content and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(content)
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_QUESTIONS + 1):
            self.fields[f"q{n}_text"] = forms.CharField(
                label=_("Question %(n)s") % {"n": n}, max_length=TEXT_MAX, required=False
            )
            for m in range(1, MAX_CHOICES + 1):
                self.fields[f"q{n}_choice{m}"] = forms.CharField(
                    label=_("Réponse %(m)s") % {"m": m}, max_length=TEXT_MAX, required=False
                )
            self.fields[f"q{n}_answer"] = forms.TypedChoiceField(
                label=_("Bonne réponse"),
                choices=[(str(m - 1), _("Réponse %(m)s") % {"m": m}) for m in range(1, 5)],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"q{n}_explanation"] = forms.CharField(
                label=_("Explication montrée après la réponse"),
                max_length=EXPLANATION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"q{n}_text_en"] = forms.CharField(
                label=_("Question %(n)s en anglais") % {"n": n}, max_length=TEXT_MAX, required=False
            )
            for m in range(1, MAX_CHOICES + 1):
                self.fields[f"q{n}_choice{m}_en"] = forms.CharField(
                    label=_("Réponse %(m)s en anglais") % {"m": m},
                    max_length=TEXT_MAX,
                    required=False,
                )
            self.fields[f"q{n}_explanation_en"] = forms.CharField(
                label=_("Explication en anglais"),
                max_length=EXPLANATION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_from(content: dict) -> dict:
        initial = {}
        for n, question in enumerate(content.get("questions", []), start=1):
            initial[f"q{n}_text"] = question.get("text", "")
            initial[f"q{n}_answer"] = str(question.get("answer", ""))
            initial[f"q{n}_explanation"] = question.get("explanation", "")
            initial[f"q{n}_text_en"] = question.get("text_en", "")
            initial[f"q{n}_explanation_en"] = question.get("explanation_en", "")
            for m, choice in enumerate(question.get("choices", []), start=1):
                initial[f"q{n}_choice{m}"] = choice
            for m, choice in enumerate(question.get("choices_en", []), start=1):
                initial[f"q{n}_choice{m}_en"] = choice
        return initial

    def content(self) -> dict:
        """The questions as `quiz.clean_content` reads them (call once the form is valid)."""
        data, questions = self.cleaned_data, []
        for n in range(1, MAX_QUESTIONS + 1):
            block = [data.get(f"q{n}_text"), data.get(f"q{n}_explanation")]
            block += [data.get(f"q{n}_choice{m}") for m in range(1, MAX_CHOICES + 1)]
            if not any(block):
                continue
            choices = [data.get(f"q{n}_choice{m}") or "" for m in range(1, MAX_CHOICES + 1)]
            choices_en = [data.get(f"q{n}_choice{m}_en") or "" for m in range(1, MAX_CHOICES + 1)]
            answer = data.get(f"q{n}_answer")
            # Blank choices are dropped: the right answer's index follows its choice.
            kept = [m for m, choice in enumerate(choices) if choice.strip()]
            questions.append(
                {
                    "text": data.get(f"q{n}_text"),
                    "choices": [choices[m] for m in kept],
                    "answer": kept.index(answer) if answer in kept else None,
                    "explanation": data.get(f"q{n}_explanation"),
                    "text_en": data.get(f"q{n}_text_en"),
                    "choices_en": [choices_en[m] for m in kept],
                    "explanation_en": data.get(f"q{n}_explanation_en"),
                }
            )
        return {"questions": questions}

    def blocks(self):
        """The fields question by question, for the template."""
        for n in range(1, MAX_QUESTIONS + 1):
            yield {
                "number": n,
                "text": self[f"q{n}_text"],
                "choices": [self[f"q{n}_choice{m}"] for m in range(1, MAX_CHOICES + 1)],
                "answer": self[f"q{n}_answer"],
                "explanation": self[f"q{n}_explanation"],
                "text_en": self[f"q{n}_text_en"],
                "choices_en": [self[f"q{n}_choice{m}_en"] for m in range(1, MAX_CHOICES + 1)],
                "explanation_en": self[f"q{n}_explanation_en"],
                "optional": n > 3,
            }


class RefusalForm(Form):
    refusal_reason = forms.CharField(
        label=_("Motif du refus"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WinnerForm(Form):
    school_class = forms.TypedChoiceField(label=_("Classe"), coerce=int, choices=[])
    title = forms.CharField(
        label=_("Palmarès"), max_length=120, help_text=_("ex. : 1er prix, meilleure classe de 4e")
    )
    prize = forms.CharField(
        label=_("Prix"),
        max_length=300,
        help_text=_("La visite d'un vrai site, ex. : le chantier naval de La Ciotat"),
    )

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].choices = [
            (row.class_id, f"{row.rank}. {row.name} — {row.school} ({row.town})") for row in classes
        ]
