"""/accounts/sso/: start the login at the provider, and come back from it (404 without SSO)."""

from django.urls import path

from accounts.sso import views

app_name = "sso"

urlpatterns = [
    path("login/", views.sso_login, name="login"),
    path("callback/", views.sso_callback, name="callback"),
]
