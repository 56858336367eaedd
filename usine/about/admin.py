from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(inputs.ModelAdmin):
    list_display = ["created_at", "topic", "name", "email", "handled"]
    list_filter = ["handled", "topic"]
    search_fields = ["name", "email", "text"]
    readonly_fields = ["name", "email", "topic", "text", "created_at"]
    date_hierarchy = "created_at"
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Marquer comme traités"))
    def mark_handled(self, request, queryset):
        queryset.update(handled=True)
