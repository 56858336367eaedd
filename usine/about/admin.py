from django.contrib import admin

from usine import inputs

from .models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(inputs.ModelAdmin):
    list_display = ["created_at", "topic", "name", "email", "handled"]
    list_filter = ["handled", "topic"]
    search_fields = ["name", "email", "text"]
    readonly_fields = ["name", "email", "topic", "text", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
