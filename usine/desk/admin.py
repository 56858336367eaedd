from django.contrib import admin

from .models import DeskQuestion


@admin.register(DeskQuestion)
class DeskQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "building", "asker", "state", "flag", "published_at", "created_at"]
    list_filter = ["state", "asker", "flag"]
    raw_id_fields = ["building", "slot", "pupil", "school_class", "moderated_by", "answered_by"]
