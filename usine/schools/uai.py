"""French school identifiers (UAI, formerly RNE): 7 digits and a check letter.

The letter is the remainder of the 7-digit number divided by 23, written in the alphabet
without I, O and Q (the Éducation nationale's rule). Example: 0750654D.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_FORMAT = re.compile(r"^\d{7}[A-Z]$")


def normalise_uai(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def check_letter(digits: str) -> str:
    return CHECK_LETTERS[int(digits) % 23]


def validate_uai(value: str) -> None:
    uai = normalise_uai(value)
    if not UAI_FORMAT.match(uai):
        raise ValidationError(
            _("Un code UAI a 7 chiffres suivis d'une lettre, par exemple 0750654D."),
            code="uai_format",
        )
    if uai[7] != check_letter(uai[:7]):
        raise ValidationError(
            _("Ce code UAI n'existe pas : sa lettre de contrôle ne correspond pas aux chiffres."),
            code="uai_check",
        )
