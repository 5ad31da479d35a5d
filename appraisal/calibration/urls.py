"""Addresses of calibration (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.calibration import views

urlpatterns = [
    # Calibration (domain §6): organisational predicates, the distribution pattern, finalising
    path("kalibrasi/", views.calibration_list, name="calibration_list"),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/",
        views.calibration,
        name="calibration",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/predikat/",
        views.unit_predicate_set,
        name="unit_predicate_set",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/final/",
        views.unit_finalise,
        name="unit_finalise",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/buka/",
        views.unit_reopen,
        name="unit_reopen",
    ),
    path(
        "siklus/<int:year>/pola-distribusi/",
        views.distribution_limits,
        name="distribution_limits",
    ),
]
