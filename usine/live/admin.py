from django.contrib import admin

from .models import LiveRoom, ModerationAction, Mute, Question


@admin.register(LiveRoom)
class LiveRoomAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "professional", "janus_room_id", "last_event_seq"]
    list_filter = ["state"]
    raw_id_fields = ["booking", "professional"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "room", "author", "state", "flag", "upvotes", "created_at"]
    list_filter = ["state", "flag"]
    raw_id_fields = ["room", "author"]


@admin.register(Mute)
class MuteAdmin(admin.ModelAdmin):
    list_display = ["pupil", "room", "until", "created_at"]
    raw_id_fields = ["room", "pupil"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit log: read only."""

    list_display = ["created_at", "room", "action", "actor", "actor_role", "reason"]
    list_filter = ["action", "actor_role"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Professionals and the scheduler's runs (issue 5 §1, §2) -------------------------------------
from django.contrib import messages as _messages  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from .models_professionals import Assignment, Professional, ScheduleRun  # noqa: E402


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["first_name", "job", "company", "edition", "charter_accepted_at", "max_per_day"]
    list_filter = ["edition"]
    search_fields = ["first_name", "user__email"]
    raw_id_fields = ["user", "invited_by", "job", "company"]
    filter_horizontal = ["available_slots"]
    actions = ["resend_invitation"]

    @admin.action(description=_("Renvoyer l'invitation par e-mail"))
    def resend_invitation(self, request, queryset):
        from .professionals import send_invitation

        site_url = request.build_absolute_uri("/").rstrip("/")
        for professional in queryset.select_related("user", "edition"):
            send_invitation(professional=professional, site_url=site_url)
        self.message_user(request, _("Invitations envoyées."), _messages.SUCCESS)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    raw_id_fields = ["booking", "professional"]
    extra = 0


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["previous", "result", "error"]
    inlines = [AssignmentInline]
