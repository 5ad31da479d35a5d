"""Addresses of login accounts: the public pages at /akun/, the admin overview at /kelola/akun/ and
the actions on one employee's account, which live under the employee's page (namespace "org")."""

from django.urls import path

from accounts.logins.views import employee, overview, public, sessions

app_name = "account"

# /akun/: redeeming a one-time link or code to set a password; one's own sessions.
urlpatterns = [
    path("aktivasi/", public.redeem_code, name="redeem_code"),
    path("tautan/<str:secret>/", public.redeem_link, name="redeem_link"),
    path("kata-sandi/", public.set_password, name="set_password"),
    # "Sesi aktif": one's own signed-in sessions.
    path("sesi/", sessions.session_list, name="sessions"),
    path("sesi/<uuid:public_id>/akhiri/", sessions.session_end, name="session_end"),
    path("sesi/akhiri-lainnya/", sessions.sessions_end_others, name="sessions_end_others"),
]

# /kelola/akun/ (namespace "account_admin"): status overview, bulk activation, Excel export.
admin_urlpatterns = [
    path("", overview.overview, name="overview"),
    path("ekspor.xlsx", overview.export, name="export"),
    path("kirim-tautan/", overview.send_links, name="send_links"),
    path("cetak-kode/", overview.print_slips, name="print_slips"),
]

# /kelola/pegawai/<nip>/akun/… (namespace "org", beside the employee's page).
employee_urlpatterns = [
    path("pegawai/<str:nip>/akun/tautan/", employee.account_send_link, name="account_send_link"),
    path("pegawai/<str:nip>/akun/kode/", employee.account_print_code, name="account_print_code"),
    path(
        "pegawai/<str:nip>/akun/nonaktifkan/",
        employee.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "pegawai/<str:nip>/akun/aktifkan/", employee.account_reactivate, name="account_reactivate"
    ),
]
