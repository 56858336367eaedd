import pytest
from django.core.exceptions import ValidationError

from usine.schools.uai import check_letter, normalise_uai, validate_uai


@pytest.mark.parametrize(("digits", "letter"), [("0750654", "D"), ("0750655", "E")])
def test_check_letter_is_the_remainder_by_23_in_the_alphabet_without_i_o_q(digits, letter):
    assert check_letter(digits) == letter


def test_a_real_uai_is_accepted_whatever_its_case_and_spaces():
    validate_uai(" 0750654d ")
    assert normalise_uai(" 0750654d ") == "0750654D"


@pytest.mark.parametrize("value", ["", "075065D", "07506540", "A750654D", "0750654DD", "07506 54"])
def test_a_malformed_uai_is_refused_with_the_expected_format(value):
    with pytest.raises(ValidationError) as raised:
        validate_uai(value)
    assert raised.value.code == "uai_format"
    assert "7 chiffres suivis d'une lettre" in raised.value.messages[0]


def test_a_uai_with_the_wrong_check_letter_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_uai("0750654E")
    assert raised.value.code == "uai_check"
