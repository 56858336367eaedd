"""Who runs the fair: the rule, below every app (the live room, protected media and the exhibits'
video progress ask it too; `roles.py` keeps it in each account's cached roles).

Organizers are staff accounts, who also have the Django admin, and the accounts of the
ORGANIZERS_GROUP group, who have every organizer page but not the admin: the demo's organizer, or
a colleague who runs the fair day without editing the database.
"""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

ORGANIZERS_GROUP = "Organisation"


def in_organizers_group(user_ref: str = "pk") -> Exists:
    """For annotations: whether the user at `user_ref` is in the organizers' group."""
    return Exists(Group.objects.filter(user=OuterRef(user_ref), name=ORGANIZERS_GROUP))


def is_organizer(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    known = getattr(user, "_in_organizers_group", None)
    if known is None:
        # Asked once per user object (a request's, a socket's).
        known = user.groups.filter(name=ORGANIZERS_GROUP).exists()
        user._in_organizers_group = known
    return known
