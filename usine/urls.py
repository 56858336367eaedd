from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # First: every page's counter reports here, and resolving it behind the other apps' patterns
    # cost a fifth of a report (bench/insights.py). Its paths are literal, shadowing nothing.
    path("", include("usine.insights.urls")),
    path("accueil/", views.home, name="home"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Signing in (throttled), password reset in the fair's look; Django's own views for the
    # rest (logout, password change).
    path("comptes/", include("usine.accounts.urls")),
    path("comptes/", include("django.contrib.auth.urls")),
    path("", include("usine.town.urls")),
    path("", include("usine.exhibits.urls")),
    path("", include("usine.schools.urls")),
    path("", include("usine.live.urls")),
    path("", include("usine.desk.urls")),
    path("", include("usine.professionals.urls")),
    path("", include("usine.forum.urls")),
    path("", include("usine.fair.urls")),
    path("", include("usine.about.urls")),
    path("", include("usine.games.urls")),
]

# The fair's own error pages (templates/404.html…), in JSON under /api/.
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Embedded default: the app serves the local media folder itself (HLS segments, posters,
    # captions). In the scale-out form media come from S3 + CDN and this route is absent.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.serve_media, name="media"
        ),
    ]
