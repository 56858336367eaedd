"""Forget an account's cached roles when it gains or loses one."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import Exhibitor
from usine.forum.models import Speaker
from usine.professionals.models import Professional
from usine.schools.models import Teacher

from .roles import forget_roles


@receiver([post_save, post_delete], sender=Exhibitor)
@receiver([post_save, post_delete], sender=Teacher)
@receiver([post_save, post_delete], sender=Professional)
@receiver([post_save, post_delete], sender=Speaker)
def forget_roles_on_change(sender, instance, **kwargs):
    forget_roles(user_id=instance.user_id)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def forget_roles_on_groups_change(sender, instance, action, reverse, pk_set, **kwargs):
    """Joining or leaving the organizers' group (roles.ORGANIZERS_GROUP)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        forget_roles(user_id=instance.pk)
    else:
        for user_id in pk_set or instance.user_set.values_list("pk", flat=True):
            forget_roles(user_id=user_id)
