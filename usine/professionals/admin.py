from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import Assignment, Professional, ScheduleRun
from .services import send_invitation


@admin.register(Professional)
class ProfessionalAdmin(inputs.ModelAdmin):
    list_display = [
        "first_name",
        "trade",
        "company",
        "edition",
        "charter_accepted_at",
        "max_per_day",
    ]
    list_filter = ["edition", "trade__family"]
    search_fields = ["first_name", "user__email"]
    raw_id_fields = ["user", "invited_by", "job", "company"]
    autocomplete_fields = ["trade"]
    filter_horizontal = ["available_slots"]
    actions = ["resend_invitation"]

    @admin.action(description=_("Renvoyer l'invitation par e-mail"))
    def resend_invitation(self, request, queryset):
        for professional in queryset.select_related("user", "edition"):
            send_invitation(professional=professional)
        self.message_user(request, _("Invitations envoyées."), messages.SUCCESS)


class AssignmentInline(inputs.TabularInline):
    model = Assignment
    raw_id_fields = ["booking", "professional"]
    extra = 0


@admin.register(ScheduleRun)
class ScheduleRunAdmin(inputs.ModelAdmin):
    list_display = ["__str__", "edition", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["previous", "result", "error"]
    inlines = [AssignmentInline]
