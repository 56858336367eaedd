"""Questions at a building's desk."""

import factory

from tests.exhibits.factories import PresenceSlotFactory
from usine.desk.models import DeskQuestion


class DeskQuestionFactory(factory.django.DjangoModelFactory):
    """A pupil's question waiting for review, asked during a presence now under way."""

    class Meta:
        model = DeskQuestion

    slot = factory.SubFactory(PresenceSlotFactory)
    building = factory.SelfAttribute("slot.building")
    pupil = factory.SubFactory("tests.schools.factories.PupilFactory")
    school_class = factory.LazyAttribute(lambda o: o.pupil.school_class if o.pupil else None)
    asker = factory.LazyAttribute(
        lambda o: DeskQuestion.Asker.PUPIL if o.pupil else DeskQuestion.Asker.VISITOR
    )
    text = factory.Sequence(lambda n: f"Combien d'heures par jour travaillez-vous ? ({n})")
