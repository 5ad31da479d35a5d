from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("tambah/", views.entry_create, name="entry_create"),
    path("cari/", views.search, name="search"),
    path("periksa-iki/", views.coach, name="coach"),
    path("<uuid:public_id>/ubah/", views.entry_edit, name="entry_edit"),
    path("<uuid:public_id>/status/", views.entry_toggle, name="entry_toggle"),
]
