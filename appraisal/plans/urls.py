"""Addresses of plans (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.plans.views import edit, examples, skp, team

urlpatterns = [
    # Pegawai: my work plan
    path("skp/", skp.my_skp, name="my_skp"),
    path("skp/mulai/", skp.skp_start, name="skp_start"),
    path("skp/<uuid:public_id>/", skp.skp_detail, name="skp_detail"),
    path("skp/<uuid:public_id>/pendekatan/", edit.skp_approach, name="skp_approach"),
    path("skp/<uuid:public_id>/salin/", edit.skp_copy_previous, name="skp_copy_previous"),
    path("skp/<uuid:public_id>/contoh/", examples.skp_examples, name="skp_examples"),
    path("skp/<uuid:public_id>/contoh/salin/", examples.skp_copy_example, name="skp_copy_example"),
    path("skp/<uuid:public_id>/rhk/baru/", edit.rhk_create, name="rhk_create"),
    path("skp/<uuid:public_id>/rhk/pustaka/", edit.rhk_from_library, name="rhk_from_library"),
    path("skp/<uuid:public_id>/lampiran/", edit.lampiran_edit, name="lampiran_edit"),
    path("rhk/<uuid:public_id>/", edit.rhk_edit, name="rhk_edit"),
    path("rhk/<uuid:public_id>/hapus/", edit.rhk_delete, name="rhk_delete"),
    path("rhk/<uuid:public_id>/pindah/", edit.rhk_move, name="rhk_move"),
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
]
