"""Addresses of evaluation (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.evaluation.views import page, scoring

urlpatterns = [
    # Evaluation (PPK) and the result (pegawai)
    path(
        "skp/<uuid:public_id>/evaluasi/<int:period>/",
        page.evaluation_start,
        name="evaluation_start",
    ),
    path("evaluasi/<uuid:public_id>/", page.evaluation_page, name="evaluation"),
    path(
        "evaluasi/<uuid:public_id>/final/",
        page.evaluation_finalise,
        name="evaluation_finalise",
    ),
    path(
        "evaluasi/<uuid:public_id>/terima/",
        page.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path("hasil/", page.my_results, name="my_results"),
    path("tim/penilaian/", scoring.team_scoring, name="team_scoring"),
    path("tim/penilaian/<uuid:public_id>/", scoring.team_scoring_row, name="team_scoring_row"),
    path("kepala-daerah/penilaian/", scoring.head_scoring, name="head_scoring"),
]
