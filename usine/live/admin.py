from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import LiveRoom, ModerationAction, Mute, Question


@admin.register(LiveRoom)
class LiveRoomAdmin(inputs.ModelAdmin):
    list_display = ["__str__", "state", "professional", "janus_room_id", "last_event_seq"]
    list_filter = ["state"]
    raw_id_fields = ["booking", "professional"]


@admin.register(Question)
class QuestionAdmin(inputs.ModelAdmin):
    list_display = ["text", "room", "author", "state", "flag", "upvotes", "created_at"]
    list_filter = ["state", "flag"]
    raw_id_fields = ["room", "author"]


@admin.register(Mute)
class MuteAdmin(inputs.ModelAdmin):
    list_display = ["pupil", "room", "until", "created_at"]
    raw_id_fields = ["room", "pupil"]


@admin.register(ModerationAction)
class ModerationActionAdmin(inputs.ModelAdmin):
    """The audit log: read only."""

    list_display = ["created_at", "room", "talk", "action", "actor", "role", "reason", "detail"]
    list_filter = ["action", "actor_role"]

    @admin.display(description=_("rôle"), ordering="actor_role")
    def role(self, action):
        return action.actor_role_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
