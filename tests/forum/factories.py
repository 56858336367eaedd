"""The Forum's programme: stages, speakers, talks.

`TalkFactory(speakers=[a, b])` puts speakers on a talk in that order. Talks fall on the open
edition's last day by default, one hour apart.
"""

import datetime

import factory

from tests.fair.factories import open_edition
from usine.forum.models import Speaker, Stage, Talk, TalkSpeaker


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    edition = factory.LazyFunction(open_edition)
    name = factory.Sequence(lambda n: f"Scène {n}")
    slug = factory.Sequence(lambda n: f"scene-{n}")
    order = factory.Sequence(lambda n: n)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    edition = factory.LazyFunction(open_edition)
    name = factory.Sequence(lambda n: f"Camille Martin{n}")
    role = "Présidente de la fédération de la métallurgie"
    company = "Fédération de la métallurgie"


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk
        skip_postgeneration_save = True

    edition = factory.LazyFunction(open_edition)
    stage = factory.SubFactory(StageFactory, edition=factory.SelfAttribute("..edition"))
    title = factory.Sequence(lambda n: f"L'industrie de demain, épisode {n}")
    slug = factory.Sequence(lambda n: f"intervention-{n}")
    abstract = "Comment les usines recrutent et forment les jeunes."
    kind = Talk.Kind.TALK
    starts_at = factory.LazyAttributeSequence(
        lambda o, n: (
            datetime.datetime.combine(o.edition.ends_on, datetime.time(9), tzinfo=datetime.UTC)
            + datetime.timedelta(hours=n % 8)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=45))

    @factory.post_generation
    def speakers(obj, create, extracted, **kwargs):
        if create and extracted:
            for position, speaker in enumerate(extracted):
                TalkSpeaker.objects.create(talk=obj, speaker=speaker, position=position)
