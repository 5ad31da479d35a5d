"""The monthly run under /kelola/tpp/ and each employee's own TPP under /tpp/."""

from django.urls import path

from tpp.months.views import admin, employee

urlpatterns = [
    path("kelola/tpp/", admin.year, name="admin"),
    path("kelola/tpp/<int:year>/<int:month>/", admin.month, name="month"),
    path("kelola/tpp/<int:year>/<int:month>/hitung/", admin.compute_all, name="compute_all"),
    path(
        "kelola/tpp/<int:year>/<int:month>/hitung/<str:code>/",
        admin.compute_opd,
        name="compute_opd",
    ),
    path("kelola/tpp/proses/<uuid:public_id>/", admin.run_progress, name="run_progress"),
    path("kelola/tpp/bulan/<uuid:public_id>/", admin.month_opd, name="month_opd"),
    path("kelola/tpp/bulan/<uuid:public_id>/kunci/", admin.lock, name="month_lock"),
    path("kelola/tpp/bulan/<uuid:public_id>/buka/", admin.reopen, name="month_reopen"),
    path("tpp/", employee.mine, name="mine"),
    path("tpp/tim/", employee.team, name="team"),
    path("tpp/<int:year>/<int:month>/", employee.mine_month, name="mine_month"),
    path("tpp/pegawai/<str:nip>/", employee.employee_months, name="employee_months"),
    path(
        "tpp/pegawai/<str:nip>/<int:year>/<int:month>/",
        employee.employee_month,
        name="employee_month",
    ),
]
