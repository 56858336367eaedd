"""Django's own accounts in the organizers' admin, with the fair's input checks (usine/inputs.py)
like every other model: text cleaned, ids of groups and permissions checked before any query."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from .inputs import AdminInputMixin, CleanInputMixin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class CheckedUserAdmin(AdminInputMixin, UserAdmin):
    form = UserAdmin.form  # UserAdmin's own forms (change, creation) are kept, checked

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (CleanInputMixin, form), {})


@admin.register(Group)
class CheckedGroupAdmin(AdminInputMixin, GroupAdmin):
    pass
