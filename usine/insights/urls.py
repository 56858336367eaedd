from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("api/compte", views.count, name="count"),
    path("organisation/chiffres/", views.organizer_index, name="organizer_index"),
    path("organisation/chiffres/<slug:slug>/", views.organizer, name="organizer"),
    path(
        "organisation/chiffres/<slug:slug>/<slug:key>.csv",
        views.organizer_csv,
        name="organizer_csv",
    ),
    path("exposant/chiffres/", views.exhibitor, name="exhibitor"),
    path("exposant/chiffres.csv", views.exhibitor_csv, name="exhibitor_csv"),
    path("enseignants/chiffres/", views.teacher, name="teacher"),
    path("enseignants/chiffres/<slug:slug>.csv", views.teacher_csv, name="teacher_csv"),
    path("classe/questionnaire/", views.survey_page, name="survey"),
]
