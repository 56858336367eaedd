from django.urls import include, path, register_converter

from .views import building, exhibitor, invitation, presence, review


class VideoOwnerKind:
    """`<video_owner:kind>`: only the kinds of videos under review, so that the other
    publications' addresses (the games' `quiz/…`) stay theirs."""

    regex = "|".join(review.VIDEO_OWNERS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(VideoOwnerKind, "video_owner")

# The exhibitor's own pages, mounted under /exposant/.
exhibitor_urlpatterns = [
    path("", exhibitor.dashboard, name="dashboard"),
    path("entreprise/", exhibitor.company_edit, name="company_edit"),
    path("temoignages/nouveau/", exhibitor.testimonial_create, name="testimonial_create"),
    path("temoignages/<id:pk>/", exhibitor.testimonial_edit, name="testimonial_edit"),
    path("temoignages/<id:pk>/supprimer/", exhibitor.testimonial_delete, name="testimonial_delete"),
    path("temoignages/<id:pk>/video/", exhibitor.testimonial_video, name="testimonial_video"),
    path(
        "temoignages/<id:pk>/sous-titres/",
        exhibitor.testimonial_captions,
        name="testimonial_captions",
    ),
    path(
        "temoignages/<id:pk>/publication/",
        exhibitor.testimonial_publish,
        name="testimonial_publish",
    ),
    path("metiers/nouveau/", exhibitor.job_create, name="job_create"),
    path("metiers/<id:pk>/", exhibitor.job_edit, name="job_edit"),
    path("metiers/<id:pk>/supprimer/", exhibitor.job_delete, name="job_delete"),
    path("accueil/presences/", presence.slots, name="presence"),
    path("accueil/presences/<id:pk>/supprimer/", presence.slot_delete, name="presence_delete"),
    path("demos/nouvelle/", exhibitor.demo_create, name="demo_create"),
    path("demos/<id:pk>/", exhibitor.demo_edit, name="demo_edit"),
    path("demos/<id:pk>/supprimer/", exhibitor.demo_delete, name="demo_delete"),
    path("demos/<id:pk>/video/", exhibitor.demo_video, name="demo_video"),
    path("demos/<id:pk>/sous-titres/", exhibitor.demo_captions, name="demo_captions"),
    path("demos/<id:pk>/photos/", exhibitor.demo_photos, name="demo_photos"),
    path(
        "demos/<id:pk>/photos/<id:photo_pk>/supprimer/",
        exhibitor.demo_photo_delete,
        name="demo_photo_delete",
    ),
]

app_name = "exhibits"
urlpatterns = [
    path("batiments/<slug:slug>/", building.building, name="building"),
    path("api/videos/<id:pk>/progress", exhibitor.video_progress, name="video_progress"),
    path("exposant/", include(exhibitor_urlpatterns)),
    path("exposant/invitation/<str:uidb64>/<str:token>/", invitation.welcome, name="welcome"),
    path("organisation/exposants/inviter/", invitation.invite, name="invite"),
    path("organisation/publications/", review.pending, name="review_pending"),
    path("organisation/publications/relecture/", review.setting, name="review_setting"),
    path("organisation/publications/<id:pk>/accepter/", review.approve, name="review_approve"),
    path("organisation/publications/<id:pk>/refuser/", review.refuse, name="review_refuse"),
    path(
        "organisation/publications/<video_owner:kind>/<id:pk>/accepter/",
        review.approve_video,
        name="review_video_approve",
    ),
    path(
        "organisation/publications/<video_owner:kind>/<id:pk>/refuser/",
        review.refuse_video,
        name="review_video_refuse",
    ),
]
