"""Mounted at /comptes/ before django.contrib.auth.urls, whose other views (logout, password
change, reset done and complete) keep their names and use the templates in
usine/templates/registration/."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("double-authentification/", views.second_factor_settings, name="second_factor"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
