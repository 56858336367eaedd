"""Forget an account's cached roles when it gains or loses one."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import Exhibitor
from usine.professionals.models import Professional
from usine.schools.models import Teacher

from .roles import forget_roles


@receiver([post_save, post_delete], sender=Exhibitor)
@receiver([post_save, post_delete], sender=Teacher)
@receiver([post_save, post_delete], sender=Professional)
def forget_roles_on_change(sender, instance, **kwargs):
    forget_roles(user_id=instance.user_id)
