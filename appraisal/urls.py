from django.urls import path

from appraisal.views import (
    calibration,
    closing,
    cycles,
    daily_log,
    evaluation,
    evaluation_pdf,
    monitoring,
    objections,
    pdf,
    realisation,
    reminders,
    skp,
    skp_edit,
    team,
)

app_name = "appraisal"

urlpatterns = [
    # Admin BKD: cycles and windows
    path("siklus/", cycles.cycle_list, name="cycle_list"),
    path("siklus/baru/", cycles.cycle_create, name="cycle_create"),
    path("siklus/<int:year>/", cycles.cycle_detail, name="cycle_detail"),
    path("siklus/<int:year>/buka/", cycles.cycle_open, name="cycle_open"),
    path("siklus/<int:year>/jendela/<int:window_id>/", cycles.window_edit, name="window_edit"),
    path(
        "siklus/<int:year>/jendela/<int:window_id>/perpanjang/",
        cycles.window_extend,
        name="window_extend",
    ),
    path("siklus/<int:year>/pengecualian/", cycles.waiver_grant, name="waiver_grant"),
    # Pegawai: my work plan
    path("skp/", skp.my_skp, name="my_skp"),
    path("skp/mulai/", skp.skp_start, name="skp_start"),
    path("skp/<uuid:public_id>/", skp.skp_detail, name="skp_detail"),
    path("skp/<uuid:public_id>/pdf/", pdf.skp_pdf, name="skp_pdf"),
    path("skp/<uuid:public_id>/pendekatan/", skp_edit.skp_approach, name="skp_approach"),
    path("skp/<uuid:public_id>/salin/", skp_edit.skp_copy_previous, name="skp_copy_previous"),
    path("skp/<uuid:public_id>/rhk/baru/", skp_edit.rhk_create, name="rhk_create"),
    path("skp/<uuid:public_id>/rhk/pustaka/", skp_edit.rhk_from_library, name="rhk_from_library"),
    path("skp/<uuid:public_id>/lampiran/", skp_edit.lampiran_edit, name="lampiran_edit"),
    path("rhk/<uuid:public_id>/", skp_edit.rhk_edit, name="rhk_edit"),
    path("rhk/<uuid:public_id>/hapus/", skp_edit.rhk_delete, name="rhk_delete"),
    path("rhk/<uuid:public_id>/pindah/", skp_edit.rhk_move, name="rhk_move"),
    path("skp/<uuid:public_id>/ajukan/", skp.skp_submit, name="skp_submit"),
    path("skp/<uuid:public_id>/revisi/", skp.skp_revise, name="skp_revise"),
    path("skp/<uuid:public_id>/batalkan-revisi/", skp.revision_discard, name="revision_discard"),
    # PPK
    path("skp/<uuid:public_id>/setujui/", skp.skp_approve, name="skp_approve"),
    path("skp/<uuid:public_id>/kembalikan/", skp.skp_return, name="skp_return"),
    path("skp/<uuid:public_id>/ekspektasi/", skp.expectations_edit, name="expectations_edit"),
    path("tim/", team.team, name="team"),
    path("tim/skp/<uuid:public_id>/", team.skp_review, name="skp_review"),
    path("tim/matriks/", team.role_matrix, name="role_matrix"),
    path("tim/matriks/turunkan/", team.hand_down, name="hand_down"),
    # During the year: daily progress and realisation with evidence (pegawai)
    path("progres/", daily_log.daily_log, name="daily_log"),
    path("progres/<uuid:public_id>/hapus/", daily_log.daily_log_delete, name="daily_log_delete"),
    path("tim/progres/", daily_log.team_daily_log, name="team_daily_log"),
    path(
        "skp/<uuid:public_id>/realisasi/<int:period>/", realisation.realisation, name="realisation"
    ),
    path(
        "skp/<uuid:public_id>/realisasi/<int:period>/ajukan/",
        realisation.realisation_submit,
        name="realisation_submit",
    ),
    path(
        "skp/<uuid:public_id>/realisasi/<int:period>/bukti/",
        realisation.evidence_add,
        name="evidence_add",
    ),
    path("bukti/<uuid:public_id>/", realisation.evidence_download, name="evidence_download"),
    path("bukti/<uuid:public_id>/hapus/", realisation.evidence_delete, name="evidence_delete"),
    # Evaluation (PPK) and the result (pegawai)
    path(
        "skp/<uuid:public_id>/evaluasi/<int:period>/",
        evaluation.evaluation_start,
        name="evaluation_start",
    ),
    path("evaluasi/<uuid:public_id>/", evaluation.evaluation_page, name="evaluation"),
    path(
        "evaluasi/<uuid:public_id>/final/",
        evaluation.evaluation_finalise,
        name="evaluation_finalise",
    ),
    path(
        "evaluasi/<uuid:public_id>/terima/",
        evaluation.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path("evaluasi/<uuid:public_id>/pdf/", evaluation_pdf.evaluation_pdf, name="evaluation_pdf"),
    path(
        "evaluasi/<uuid:public_id>/dokumen/",
        evaluation_pdf.evaluation_document_pdf,
        name="evaluation_document_pdf",
    ),
    path("hasil/", evaluation.my_results, name="my_results"),
    path("tim/penilaian/", evaluation.team_scoring, name="team_scoring"),
    path("tim/penilaian/<uuid:public_id>/", evaluation.team_scoring_row, name="team_scoring_row"),
    # Keberatan (domain §7)
    path("evaluasi/<uuid:public_id>/keberatan/", objections.objection_file, name="objection_file"),
    path("keberatan/", objections.objection_queue, name="objection_queue"),
    path("keberatan/<uuid:public_id>/", objections.objection_detail, name="objection_detail"),
    path(
        "keberatan/<uuid:public_id>/pesan/",
        objections.objection_message,
        name="objection_message",
    ),
    path(
        "keberatan/<uuid:public_id>/putuskan/",
        objections.objection_decide,
        name="objection_decide",
    ),
    # Calibration (domain §6): organisational predicates, the distribution pattern, finalising
    path("kalibrasi/", calibration.calibration_list, name="calibration_list"),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/",
        calibration.calibration,
        name="calibration",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/predikat/",
        calibration.unit_predicate_set,
        name="unit_predicate_set",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/final/",
        calibration.unit_finalise,
        name="unit_finalise",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/penetapan.pdf",
        calibration.unit_predicate_pdf,
        name="unit_predicate_pdf",
    ),
    path(
        "siklus/<int:year>/pola-distribusi/",
        calibration.distribution_limits,
        name="distribution_limits",
    ),
    # Closing (admin BKD)
    path("siklus/<int:year>/penutupan/", closing.closing, name="closing"),
    path(
        "siklus/<int:year>/penutupan/<int:period>/", closing.closing_report, name="closing_report"
    ),
    path(
        "siklus/<int:year>/penutupan/<int:period>/tutup/", closing.period_close, name="period_close"
    ),
    path(
        "siklus/<int:year>/penutupan/<int:period>/buka/",
        closing.period_reopen,
        name="period_reopen",
    ),
    path("siklus/<int:year>/tutup/", closing.cycle_close, name="cycle_close"),
    path("siklus/<int:year>/buka-kembali/", closing.cycle_reopen, name="cycle_reopen"),
    # Monitoring: admin OPD (scoped) and admin BKD
    path("pantau/", monitoring.monitoring, name="monitoring"),
    path("pengingat/", reminders.reminders, name="reminders"),
    path(
        "pengingat/jendela/<int:window_id>/jumlah/",
        reminders.window_counts,
        name="reminder_window_counts",
    ),
    path("pengingat/jendela/<int:window_id>/kirim/", reminders.send_now, name="reminders_send"),
    path("pengingat/ulangi-email/", reminders.retry_failed, name="reminders_retry"),
    path("pantau/<str:code>/", monitoring.monitoring_opd, name="monitoring_opd"),
    path("pantau-tautan/", monitoring.broken_links, name="broken_links"),
]
