from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import Building, Edition, SessionSlot


class BuildingInline(inputs.TabularInline):
    model = Building
    fields = ["slug", "name", "company", "look", "description", "zone", "x", "z", "orientation"]
    autocomplete_fields = ["company"]
    extra = 0


@admin.register(Edition)
class EditionAdmin(inputs.ModelAdmin):
    list_display = [
        "name",
        "starts_on",
        "ends_on",
        "state",
        "review_publications",
        "building_count",
    ]
    list_filter = ["state"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BuildingInline]

    @admin.display(description=_("bâtiments"))
    def building_count(self, edition):
        return edition.buildings.count()


@admin.register(Building)
class BuildingAdmin(inputs.ModelAdmin):
    list_display = ["name", "company", "edition", "look", "zone", "x", "z", "orientation"]
    list_editable = ["look", "zone", "x", "z", "orientation"]
    list_filter = ["edition", "zone", "look", "company__sector"]
    search_fields = ["name", "slug", "company__name"]
    autocomplete_fields = ["company"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SessionSlot)
class SessionSlotAdmin(inputs.ModelAdmin):
    list_display = ["__str__", "edition", "duration_minutes", "capacity", "booked", "remaining"]
    list_filter = ["edition"]
    readonly_fields = ["booked"]
    date_hierarchy = "starts_at"

    @admin.display(description=_("places restantes"))
    def remaining(self, slot):
        return slot.remaining

    def has_delete_permission(self, request, obj=None):
        # A slot with bookings is protected by its bookings (PROTECT); an empty one may go.
        return obj is None or obj.booked == 0
