from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import Booking, School, SchoolClass, Teacher, WaitingListEntry


@admin.register(School)
class SchoolAdmin(inputs.ModelAdmin):
    list_display = ["name", "uai", "town"]
    search_fields = ["name", "uai", "town"]


@admin.register(Teacher)
class TeacherAdmin(inputs.ModelAdmin):
    list_display = ["__str__", "school", "email_confirmed_at", "wants_anonymisation"]
    list_filter = ["wants_anonymisation"]
    search_fields = ["user__email", "user__last_name", "school__name", "school__uai"]
    raw_id_fields = ["user", "school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(inputs.ModelAdmin):
    # Pupils' pseudonyms are not listed here: the organizer has no need to see them.
    list_display = ["name", "level", "pupil_count", "teacher", "edition", "booked_slot"]
    list_filter = ["edition", "level"]
    search_fields = ["name", "teacher__school__name", "teacher__user__email"]
    readonly_fields = ["code", "code_changed_at", "pupil_count"]
    raw_id_fields = ["teacher"]
    filter_horizontal = ["wanted_trades"]

    @admin.display(description=_("créneau"))
    def booked_slot(self, school_class):
        booking = getattr(school_class, "booking", None)
        return booking.slot if booking else "—"


@admin.register(Booking)
class BookingAdmin(inputs.ModelAdmin):
    """Read-only: bookings are made and cancelled through the booking service, which keeps
    the slot's counter right."""

    list_display = ["school_class", "slot", "created_at"]
    list_filter = ["slot__edition"]
    list_select_related = ["school_class", "slot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(inputs.ModelAdmin):
    """Read-only: organizers see who waits; a class leaves the line by itself when it gets a
    place, or when its teacher takes it off. Deleting an entry is allowed (a duplicate class)."""

    list_display = ["slot", "school_class", "created_at"]
    list_filter = ["slot__edition"]
    list_select_related = ["school_class", "slot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
