"""Addresses of monitoring (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.monitoring import views

urlpatterns = [
    # Monitoring: admin OPD (scoped) and admin BKD
    path("pantau/", views.monitoring, name="monitoring"),
    path("pantau/<str:code>/", views.monitoring_opd, name="monitoring_opd"),
    path("pantau-tautan/", views.broken_links, name="broken_links"),
    path("pantau-penilai/", views.line_diagnostics, name="line_diagnostics"),
]
