from django.urls import path

from accounts import account_views, views

app_name = "org"

urlpatterns = [
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/tambah/", views.unit_create, name="unit_create"),
    path("unit/pilihan/", views.unit_options, name="unit_options"),
    path("unit/<str:code>/", views.unit_detail, name="unit_detail"),
    path("unit/<str:code>/ubah/", views.unit_edit, name="unit_edit"),
    path("jabatan/", views.position_list, name="position_list"),
    path("jabatan/tambah/", views.position_create, name="position_create"),
    path("jabatan/pilihan/", views.position_options, name="position_options"),
    path("jabatan/<uuid:public_id>/ubah/", views.position_edit, name="position_edit"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/tambah/", views.employee_create, name="employee_create"),
    path("pegawai/<str:nip>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<str:nip>/ubah/", views.employee_edit, name="employee_edit"),
    path("pegawai/<str:nip>/mutasi/", views.employee_transfer, name="employee_transfer"),
    path("pegawai/<str:nip>/plt-plh/", views.employee_acting, name="employee_acting"),
    path(
        "pegawai/<str:nip>/penugasan/<int:assignment_id>/akhiri/",
        views.assignment_end,
        name="assignment_end",
    ),
    path("pegawai/<str:nip>/penilai/", views.employee_override, name="employee_override"),
    path(
        "pegawai/<str:nip>/penilai/<int:override_id>/akhiri/",
        views.override_end,
        name="override_end",
    ),
    path(
        "pegawai/<str:nip>/akun/tautan/", account_views.account_send_link, name="account_send_link"
    ),
    path(
        "pegawai/<str:nip>/akun/kode/", account_views.account_print_code, name="account_print_code"
    ),
    path(
        "pegawai/<str:nip>/akun/nonaktifkan/",
        account_views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "pegawai/<str:nip>/akun/aktifkan/",
        account_views.account_reactivate,
        name="account_reactivate",
    ),
    path("instansi/", views.agency_edit, name="agency_edit"),
    path("peran/", views.role_list, name="role_list"),
    path("peran/<int:role_id>/cabut/", views.role_revoke, name="role_revoke"),
]
