"""Account administration at /kelola/akun/: status overview, bulk activation, Excel export."""

from django.urls import path

from accounts import account_admin_views as views

app_name = "account_admin"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ekspor.xlsx", views.export, name="export"),
    path("kirim-tautan/", views.send_links, name="send_links"),
    path("cetak-kode/", views.print_slips, name="print_slips"),
]
