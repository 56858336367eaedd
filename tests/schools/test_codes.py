import math
import re

from usine.schools import codes, pseudonyms


def test_class_codes_carry_at_least_40_bits_and_no_ambiguous_character():
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 40
    assert not set("0O1IL") & set(codes.ALPHABET)
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(codes.is_well_formed(code) for code in drawn)


def test_codes_are_grouped_for_reading_aloud_and_typing_is_forgiven():
    assert codes.grouped("K7QH3MXP9TRW") == "K7QH-3MXP-9TRW"
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", codes.grouped(codes.new_code()))
    assert codes.normalise_code(" k7qh-3mxp 9trw ") == "K7QH3MXP9TRW"
    assert codes.normalise_code("k7qh\u20133mxp\u20149trw") == "K7QH3MXP9TRW"
    assert not codes.is_well_formed("K7QH3MXP9TR0")
    assert not codes.is_well_formed("K7QH3MXP9TR")


def test_word_lists_give_far_more_than_40_distinct_pseudonyms():
    assert len(set(pseudonyms.WORDS)) >= 60
    assert len(set(pseudonyms.ADJECTIVES)) >= 60
    names = pseudonyms.new_pseudonyms(40)
    assert len(set(names)) == 40
    assert all(len(name.split(" ")) == 2 for name in names)


def test_a_new_pseudonym_avoids_those_already_taken():
    taken = {f"{w} {a}" for w in pseudonyms.WORDS for a in pseudonyms.ADJECTIVES[:-1]}
    for _ in range(20):
        name = pseudonyms.new_pseudonym(taken=taken)
        assert name.endswith(pseudonyms.ADJECTIVES[-1])
