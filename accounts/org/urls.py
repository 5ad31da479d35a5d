from django.urls import path

from accounts.org.views import employees, structure

app_name = "org"

# The actions on an employee's login account join this namespace in config/urls.py
# (accounts.logins.urls.employee_urlpatterns).

urlpatterns = [
    path("unit/", structure.unit_list, name="unit_list"),
    path("unit/tambah/", structure.unit_create, name="unit_create"),
    path("unit/pilihan/", structure.unit_options, name="unit_options"),
    path("unit/<str:code>/", structure.unit_detail, name="unit_detail"),
    path("unit/<str:code>/ubah/", structure.unit_edit, name="unit_edit"),
    path("jabatan/", structure.position_list, name="position_list"),
    path("jabatan/tambah/", structure.position_create, name="position_create"),
    path("jabatan/pilihan/", structure.position_options, name="position_options"),
    path("jabatan/<uuid:public_id>/ubah/", structure.position_edit, name="position_edit"),
    path("pegawai/", employees.employee_list, name="employee_list"),
    path("pegawai/tambah/", employees.employee_create, name="employee_create"),
    path("pegawai/<str:nip>/", employees.employee_detail, name="employee_detail"),
    path("pegawai/<str:nip>/ubah/", employees.employee_edit, name="employee_edit"),
    path("pegawai/<str:nip>/mutasi/", employees.employee_transfer, name="employee_transfer"),
    path("pegawai/<str:nip>/plt-plh/", employees.employee_acting, name="employee_acting"),
    path(
        "pegawai/<str:nip>/penugasan/<int:assignment_id>/akhiri/",
        employees.assignment_end,
        name="assignment_end",
    ),
    path("pegawai/<str:nip>/penilai/", employees.employee_override, name="employee_override"),
    path(
        "pegawai/<str:nip>/penilai/<int:override_id>/akhiri/",
        employees.override_end,
        name="override_end",
    ),
    path("instansi/", structure.agency_edit, name="agency_edit"),
    path("peran/", structure.role_list, name="role_list"),
    path("peran/<int:role_id>/cabut/", structure.role_revoke, name="role_revoke"),
]
