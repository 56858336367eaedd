from django.template import Context, Template
from django.utils import translation

from usine.templatetags import constant

PART = Template(
    '{% load i18n constant %}{% constant "test-part" who %}'
    '{% translate "Vue texte" %} {{ who }} {{ drawn }}{% endconstant %}'
)


def test_a_part_is_drawn_once_per_language_and_value():
    constant._drawn.clear()
    with translation.override("fr"):
        assert PART.render(Context({"who": "a", "drawn": 1})) == "Vue texte a 1"
        # Kept: what else the context says is not drawn again.
        assert PART.render(Context({"who": "a", "drawn": 2})) == "Vue texte a 1"
        assert PART.render(Context({"who": "b", "drawn": 3})) == "Vue texte b 3"
    with translation.override("en"):
        assert PART.render(Context({"who": "a", "drawn": 4})) == "Text view a 4"


def test_made_up_values_never_grow_the_memory_past_its_limit(monkeypatch):
    constant._drawn.clear()
    monkeypatch.setattr(constant, "LIMIT", 3)
    for n in range(10):
        PART.render(Context({"who": n, "drawn": n}))
    assert len(constant._drawn) <= 3
