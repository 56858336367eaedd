from django.urls import path

from .views import challenge, orientation, quiz

app_name = "games"
urlpatterns = [
    path("batiments/<slug:slug>/quiz/", quiz.play, name="quiz"),
    path("exposant/quiz/", quiz.edit, name="quiz_edit"),
    path("organisation/publications/quiz/", quiz.pending, name="quiz_pending"),
    path("organisation/publications/quiz/<id:pk>/accepter/", quiz.approve, name="quiz_approve"),
    path("organisation/publications/quiz/<id:pk>/refuser/", quiz.refuse, name="quiz_refuse"),
    path("quel-metier/", orientation.questions, name="orientation"),
    path("quel-metier/<str:code>/", orientation.result, name="orientation_result"),
    path("quel-metier/<str:code>/garder/", orientation.keep, name="orientation_keep"),
    path("quel-metier/<str:code>/retirer/", orientation.forget, name="orientation_forget"),
    path("defi/", challenge.podium, name="challenge"),
    path("defi/podium.json", challenge.podium_json, name="challenge_json"),
    path("organisation/defi/", challenge.winners, name="challenge_winners"),
]
