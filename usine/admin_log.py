"""What the organizers change in the admin, told to the apps that keep a log of their own.

Django's admin writes a LogEntry for each addition, change and deletion; every model admin of the
fair (`inputs.ModelAdmin`) also sends `admin_edited`, deletions before the objects go, so that
the live exchange's audit log records an organizer's edit of a question, a mute, a room or a
booking (`live/signals.py`) in the fair's words.
"""

import json

from django.conf import settings
from django.dispatch import Signal
from django.utils import translation

ADD, CHANGE, DELETE = "add", "change", "delete"

# sender: the model; user, objects (a list), action (ADD, CHANGE or DELETE), message: what
# changed, in the site's language ("Modification de Texte." — empty for additions and deletions).
admin_edited = Signal()


class AdminLogMixin:
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        _send(request, [obj], ADD, "")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        _send(request, [obj], CHANGE, _described(message))
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, objects)
        _send(request, objects, DELETE, "")
        return entries


def _described(message) -> str:
    """The admin's change message (a JSON structure) as the admin's history shows it, in the
    site's language whatever the organizer's."""
    # Imported here: this module loads with inputs.py, which needs no app registry.
    from django.contrib.admin.models import LogEntry

    if isinstance(message, list):
        message = json.dumps(message)
    with translation.override(settings.LANGUAGE_CODE):
        return LogEntry(change_message=message or "").get_change_message()


def _send(request, objects, action, message) -> None:
    if objects:
        admin_edited.send(
            sender=type(objects[0]),
            user=request.user,
            objects=objects,
            action=action,
            message=message,
        )
