"""django.contrib.admin with the fair's site as the default one (usine/accounts/admin_site.py):
INSTALLED_APPS names this instead of django.contrib.admin. Apart from usine/accounts/apps.py,
where a second AppConfig would leave Django unsure which one is the accounts app's."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "usine.accounts.admin_site.AdminSite"
