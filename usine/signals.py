"""Forget an account's cached roles when it gains or loses one, and its cached teacher row when
the row or its school changes."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from usine.exhibits.models import Exhibitor
from usine.forum.models import Speaker
from usine.professionals.models import Professional
from usine.schools.models import School, Teacher

from .roles import forget_roles, forget_teachers


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


@receiver([post_save, post_delete], sender=Teacher)
@receiver([post_save, post_delete], sender=School)
def forget_teachers_on_change(sender, instance, created=False, **kwargs):
    if sender is School and created:
        return  # no teacher yet
    if sender is Teacher:
        user_ids = [instance.user_id]
    else:
        user_ids = list(instance.teachers.values_list("user_id", flat=True))
    # At once for the writer's next page, and once committed: a page drawn in between read the
    # rows from before the change.
    forget_teachers(user_ids=user_ids)
    transaction.on_commit(lambda: forget_teachers(user_ids=user_ids))
