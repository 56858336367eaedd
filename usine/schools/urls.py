from django.urls import path

from . import views, views_pupils, views_session, views_waiting

app_name = "schools"
urlpatterns = [
    path("enseignants/inscription/", views.signup, name="signup"),
    path("enseignants/inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("enseignants/confirmer/<str:uidb64>/<str:token>/", views.confirm, name="confirm"),
    path("enseignants/", views.classes, name="classes"),
    path("enseignants/compte/", views.account, name="account"),
    path("enseignants/classes/nouvelle/", views.class_new, name="class_new"),
    path("enseignants/classes/importer/", views.class_import, name="class_import"),
    path("enseignants/classes/<int:pk>/", views.class_detail, name="class"),
    path("enseignants/classes/<int:pk>/modifier/", views.class_edit, name="class_edit"),
    path("enseignants/classes/<int:pk>/supprimer/", views.class_delete, name="class_delete"),
    path("enseignants/classes/<int:pk>/code/", views.class_code, name="class_code"),
    path("enseignants/classes/<int:pk>/eleves/ajouter/", views.pupil_add, name="pupil_add"),
    path(
        "enseignants/classes/<int:pk>/eleves/<int:pupil_pk>/retirer/",
        views.pupil_remove,
        name="pupil_remove",
    ),
    path("enseignants/classes/<int:pk>/fiche/", views.class_sheet, name="sheet"),
    path("enseignants/classes/<int:pk>/fiche.pdf", views.class_sheet_pdf, name="sheet_pdf"),
    path("enseignants/classes/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("enseignants/classes/<int:pk>/invitation.ics", views.invitation, name="invitation"),
    path("enseignants/creneaux/", views.slots, name="slots"),
    path("enseignants/creneaux/reserver/", views.book, name="book"),
    path("enseignants/creneaux/attente/", views_waiting.join, name="waiting_join"),
    path("enseignants/creneaux/attente/quitter/", views_waiting.leave, name="waiting_leave"),
    path("rejoindre/", views_pupils.join_class, name="join"),
    path("classe/direct/", views_pupils.live_exchange, name="live_exchange"),
    path("classe/passeport/visite/", views_pupils.passport_visit, name="passport_visit"),
    path(
        "classe/passeport/temoignage/",
        views_pupils.passport_testimonial,
        name="passport_testimonial",
    ),
    path("enseignants/classes/<int:pk>/console/", views_session.console, name="console"),
    path(
        "enseignants/classes/<int:pk>/console/liberer/<int:pupil_pk>/",
        views_session.free_seat,
        name="free_seat",
    ),
    path("enseignants/classes/<int:pk>/console/rassembler/", views_session.gather, name="gather"),
    path("enseignants/classes/<int:pk>/bilan/", views_session.report, name="report"),
    path("enseignants/classes/<int:pk>/bilan.pdf", views_session.report_pdf, name="report_pdf"),
    path(
        "enseignants/classes/<int:pk>/attestations.pdf",
        views_session.certificates_pdf,
        name="certificates_pdf",
    ),
]
