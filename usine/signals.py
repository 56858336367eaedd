"""Forget an account's cached roles when it gains or loses one."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .roles import forget_roles


@receiver([post_save, post_delete])
def forget_roles_on_change(sender, instance, **kwargs):
    from usine.exhibits.models import Exhibitor
    from usine.live.models import Professional
    from usine.schools.models import Teacher

    if sender in (Exhibitor, Teacher, Professional):
        forget_roles(user_id=instance.user_id)
