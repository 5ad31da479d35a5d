"""The public pages (no login): a unit's or an ASN's feedback form at a short URL, and thanks."""

from django.urls import path  # noqa: F401

app_name = "public"

urlpatterns: list = []
