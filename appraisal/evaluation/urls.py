"""Addresses of evaluation (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.evaluation import views

urlpatterns = [
    # Evaluation (PPK) and the result (pegawai)
    path(
        "skp/<uuid:public_id>/evaluasi/<int:period>/",
        views.evaluation_start,
        name="evaluation_start",
    ),
    path("evaluasi/<uuid:public_id>/", views.evaluation_page, name="evaluation"),
    path(
        "evaluasi/<uuid:public_id>/final/",
        views.evaluation_finalise,
        name="evaluation_finalise",
    ),
    path(
        "evaluasi/<uuid:public_id>/terima/",
        views.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path("hasil/", views.my_results, name="my_results"),
    path("tim/penilaian/", views.team_scoring, name="team_scoring"),
    path("tim/penilaian/<uuid:public_id>/", views.team_scoring_row, name="team_scoring_row"),
]
