import pytest
from django.db import IntegrityError

from tests.schools.factories import PupilFactory, SchoolClassFactory
from usine.schools.models import Pupil


def test_a_pupil_holds_only_a_pseudonym_a_class_and_timestamps():
    # Pupils are minors: adding any field here (a name, an e-mail, an IP address…) must be a
    # deliberate decision that changes this test. (Other models that point to a pupil, such as
    # seat claims or activity, are purged with it: see test_retention.py.)
    names = sorted(field.name for field in Pupil._meta.get_fields() if field.concrete)
    assert names == ["created_at", "id", "pseudonym", "school_class", "updated_at"]


@pytest.mark.django_db
def test_a_pseudonym_is_unique_within_its_class_only():
    first = PupilFactory(pseudonym="Grue Rapide")
    PupilFactory(pseudonym="Grue Rapide")  # another class
    with pytest.raises(IntegrityError):
        PupilFactory(pseudonym="Grue Rapide", school_class=first.school_class)


@pytest.mark.django_db
def test_class_codes_are_unique():
    first = SchoolClassFactory()
    with pytest.raises(IntegrityError):
        SchoolClassFactory(code=first.code)


@pytest.mark.django_db
def test_a_class_cannot_hold_more_than_40_pupils_in_its_count():
    with pytest.raises(IntegrityError):
        SchoolClassFactory(pupil_count=41)
