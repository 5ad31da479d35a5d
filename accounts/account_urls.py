"""Public account pages at /akun/: redeeming a one-time link or code to set a password."""

from django.urls import path

from accounts import account_views as views

app_name = "account"

urlpatterns = [
    path("aktivasi/", views.redeem_code, name="redeem_code"),
    path("tautan/<str:secret>/", views.redeem_link, name="redeem_link"),
    path("kata-sandi/", views.set_password, name="set_password"),
]
