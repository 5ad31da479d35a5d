"""The public verification address printed under every document's QR (namespace "verification",
under /v/ in config/urls.py)."""

from django.urls import path

from accounts.verification import views

app_name = "verification"

urlpatterns = [
    path("<str:code>/", views.document, name="document"),
]
