"""The exhibitor's own pages, mounted under /exposant/ in the exhibits namespace."""

from django.urls import path

from . import views_exhibitor as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("temoignages/nouveau/", views.testimonial_create, name="testimonial_create"),
    path("temoignages/<int:pk>/", views.testimonial_edit, name="testimonial_edit"),
    path("temoignages/<int:pk>/supprimer/", views.testimonial_delete, name="testimonial_delete"),
    path("temoignages/<int:pk>/video/", views.testimonial_video, name="testimonial_video"),
    path(
        "temoignages/<int:pk>/sous-titres/",
        views.testimonial_captions,
        name="testimonial_captions",
    ),
    path(
        "temoignages/<int:pk>/publication/", views.testimonial_publish, name="testimonial_publish"
    ),
    path("metiers/nouveau/", views.job_create, name="job_create"),
    path("metiers/<int:pk>/", views.job_edit, name="job_edit"),
    path("metiers/<int:pk>/supprimer/", views.job_delete, name="job_delete"),
    path("demos/nouvelle/", views.demo_create, name="demo_create"),
    path("demos/<int:pk>/", views.demo_edit, name="demo_edit"),
    path("demos/<int:pk>/supprimer/", views.demo_delete, name="demo_delete"),
    path("demos/<int:pk>/video/", views.demo_video, name="demo_video"),
    path("demos/<int:pk>/sous-titres/", views.demo_captions, name="demo_captions"),
    path("demos/<int:pk>/photos/", views.demo_photos, name="demo_photos"),
    path(
        "demos/<int:pk>/photos/<int:photo_pk>/supprimer/",
        views.demo_photo_delete,
        name="demo_photo_delete",
    ),
]
