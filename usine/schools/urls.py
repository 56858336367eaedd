from django.urls import path

from .views import pupils, session, teachers, waiting

app_name = "schools"
urlpatterns = [
    path("enseignants/inscription/", teachers.signup, name="signup"),
    path("conseillers/inscription/", teachers.counsellor_signup, name="counsellor_signup"),
    path("enseignants/inscription/envoyee/", teachers.signup_sent, name="signup_sent"),
    path("enseignants/confirmer/<str:uidb64>/<str:token>/", teachers.confirm, name="confirm"),
    path("enseignants/", teachers.classes, name="classes"),
    path("enseignants/compte/", teachers.account, name="account"),
    path("enseignants/classes/nouvelle/", teachers.class_new, name="class_new"),
    path("enseignants/classes/importer/", teachers.class_import, name="class_import"),
    path("enseignants/classes/<id:pk>/", teachers.class_detail, name="class"),
    path("enseignants/classes/<id:pk>/modifier/", teachers.class_edit, name="class_edit"),
    path("enseignants/classes/<id:pk>/supprimer/", teachers.class_delete, name="class_delete"),
    path("enseignants/classes/<id:pk>/code/", teachers.class_code, name="class_code"),
    path("enseignants/classes/<id:pk>/eleves/ajouter/", teachers.pupil_add, name="pupil_add"),
    path("enseignants/classes/<id:pk>/eleves/retirer/", teachers.pupil_remove, name="pupil_remove"),
    path("enseignants/classes/<id:pk>/fiche/", teachers.class_sheet, name="sheet"),
    path("enseignants/classes/<id:pk>/fiche.pdf", teachers.class_sheet_pdf, name="sheet_pdf"),
    path("enseignants/classes/<id:pk>/annuler/", teachers.cancel, name="cancel"),
    path("enseignants/classes/<id:pk>/invitation.ics", teachers.invitation, name="invitation"),
    path("enseignants/creneaux/", teachers.slots, name="slots"),
    path("enseignants/creneaux/reserver/", teachers.book, name="book"),
    path("enseignants/creneaux/attente/", waiting.join, name="waiting_join"),
    path("enseignants/creneaux/attente/quitter/", waiting.leave, name="waiting_leave"),
    path("rejoindre/", pupils.join_class, name="join"),
    path("classe/passeport/visite/", pupils.passport_visit, name="passport_visit"),
    path(
        "classe/passeport/temoignage/",
        pupils.passport_testimonial,
        name="passport_testimonial",
    ),
    path("enseignants/classes/<id:pk>/console/", session.console, name="console"),
    path(
        "enseignants/classes/<id:pk>/console/liberer/<id:pupil_pk>/",
        session.free_seat,
        name="free_seat",
    ),
    path("enseignants/classes/<id:pk>/console/rassembler/", session.gather, name="gather"),
    path("enseignants/classes/<id:pk>/bilan/", session.report, name="report"),
    path("enseignants/classes/<id:pk>/bilan.pdf", session.report_pdf, name="report_pdf"),
    path(
        "enseignants/classes/<id:pk>/attestations.pdf",
        session.certificates_pdf,
        name="certificates_pdf",
    ),
]
