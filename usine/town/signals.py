"""Drop the cached town JSON whenever something it shows changes.

The town shows editions, buildings, their companies, job titles and published testimonials (see
`services.town_payload`); none of its figures comes from a many-to-many relation.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import Company, JobProfile, Testimonial
from usine.fair.models import Building, Edition

from .services import forget_town


@receiver([post_save, post_delete], sender=Edition)
@receiver([post_save, post_delete], sender=Building)
@receiver([post_save, post_delete], sender=Company)
@receiver([post_save, post_delete], sender=JobProfile)
@receiver([post_save, post_delete], sender=Testimonial)
def forget_town_on_change(sender, **kwargs):
    forget_town()
