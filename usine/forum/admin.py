from django.contrib import admin

from usine import inputs

from .models import Speaker, Stage, Talk, TalkSpeaker


@admin.register(Stage)
class StageAdmin(inputs.ModelAdmin):
    list_display = ["name", "edition", "order"]
    list_filter = ["edition"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Speaker)
class SpeakerAdmin(inputs.ModelAdmin):
    list_display = ["name", "role", "company", "edition", "user", "invited_at"]
    list_filter = ["edition"]
    search_fields = ["name", "role", "company", "user__email"]
    raw_id_fields = ["user", "invited_by"]
    readonly_fields = ["invited_at"]


class TalkSpeakerInline(inputs.TabularInline):
    model = TalkSpeaker
    autocomplete_fields = ["speaker"]
    extra = 0


@admin.register(Talk)
class TalkAdmin(inputs.ModelAdmin):
    list_display = ["title", "stage", "kind", "starts_at", "ends_at", "state"]
    list_filter = ["edition", "stage", "kind", "state"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    # The state changes through services.set_talk_state (the town and home page are told).
    readonly_fields = ["state"]
    date_hierarchy = "starts_at"
    inlines = [TalkSpeakerInline]
