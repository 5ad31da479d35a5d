"""Addresses of realisation (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.realisation.views import daily_log, link, page, progress

urlpatterns = [
    # During the year: daily progress and realisation with evidence (pegawai)
    path("progres/", daily_log.daily_log, name="daily_log"),
    path("progres/<uuid:public_id>/hapus/", daily_log.daily_log_delete, name="daily_log_delete"),
    path("tim/progres/", daily_log.team_daily_log, name="team_daily_log"),
    path("tim/capaian/", progress.team_progress_page, name="team_progress"),
    path("skp/<uuid:public_id>/realisasi/<int:period>/", page.realisation, name="realisation"),
    path(
        "skp/<uuid:public_id>/realisasi/<int:period>/ajukan/",
        page.realisation_submit,
        name="realisation_submit",
    ),
    path(
        "skp/<uuid:public_id>/realisasi/<int:period>/bukti/",
        page.evidence_add,
        name="evidence_add",
    ),
    path("bukti/<uuid:public_id>/", page.evidence_download, name="evidence_download"),
    path("bukti/<uuid:public_id>/tautan/", link.evidence_link, name="evidence_link"),
    path("bukti/<uuid:public_id>/hapus/", page.evidence_delete, name="evidence_delete"),
]
