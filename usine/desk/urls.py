from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("batiments/<slug:slug>/accueil/", views.ask, name="ask"),
    path("batiments/<slug:slug>/accueil/etat/", views.ask_state, name="ask_state"),
    path("accueil/repondre/", views.answer_page, name="answer"),
    path("accueil/repondre/etat/", views.answer_state, name="answer_state"),
    path("accueil/repondre/<id:pk>/", views.answer, name="answer_post"),
    path("accueil/camera/<id:pk>/", views.camera_page, name="camera"),
    path("accueil/camera/<id:pk>/etat/", views.camera_state, name="camera_state"),
    path("accueil/camera/<id:pk>/ouvrir/", views.camera_open, name="camera_open"),
    path("accueil/camera/<id:pk>/arreter/", views.camera_stop, name="camera_stop"),
    path("accueil/relecture/", views.review_page, name="review"),
    path("accueil/relecture/etat/", views.review_state, name="review_state"),
    path("accueil/relecture/<id:pk>/", views.review, name="review_post"),
    path("accueil/faq/<id:pk>/", views.publish, name="publish"),
]
