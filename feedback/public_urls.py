"""The public pages (no login): a unit's or an ASN's feedback form at a short URL, and thanks."""

from django.urls import path

from feedback.views import public as views

app_name = "public"

urlpatterns = [
    path("<slug:code>/", views.public_form, name="form"),
    path("<slug:code>/terima-kasih/", views.public_thanks, name="thanks"),
]
