"""Professionals who take the live exchanges."""

import datetime

import factory

from tests.exhibits.factories import CompanyFactory, JobProfileFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.users.factories import UserFactory
from usine.fair.models import Building
from usine.professionals.models import Professional


class ProfessionalFactory(factory.django.DjangoModelFactory):
    """A professional ready to be scheduled: open account, job, charter accepted. Their job's
    company has a building in the edition. `ProfessionalFactory(slots=[slot, …])` declares slots."""

    class Meta:
        model = Professional
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    edition = factory.LazyFunction(open_edition)
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    company = factory.SubFactory(CompanyFactory)
    job = factory.SubFactory(JobProfileFactory, company=factory.SelfAttribute("..company"))
    trade = factory.LazyAttribute(lambda o: o.job.trade if o.job else None)
    presentation = "Je conçois des vannes pour l'industrie chimique."
    charter_accepted_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    max_per_day = 3

    @factory.post_generation
    def in_town(obj, create, extracted, **kwargs):
        in_town = Building.objects.filter(edition=obj.edition, company=obj.company).exists()
        if create and obj.company_id and not in_town:
            BuildingFactory(edition=obj.edition, company=obj.company)

    @factory.post_generation
    def slots(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.available_slots.set(extracted)
