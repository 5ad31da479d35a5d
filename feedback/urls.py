"""Signed-in feedback pages: threads, coaching records, 360 rounds, moderation of public feedback."""

from django.urls import path  # noqa: F401

app_name = "feedback"

urlpatterns: list = []
