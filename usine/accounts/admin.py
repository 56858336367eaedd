"""Organizers' second factors in the admin: seen and deleted (a colleague's lost phone), never
read. django-otp's own admin shows each device's secret and QR code to every organizer who may
view devices, which would hand one organizer another's second factor: it is replaced."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from usine.inputs import ModelAdmin

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Made by its owner only, from /comptes/double-authentification/.
        return False

    def has_change_permission(self, request, obj=None):
        return False
