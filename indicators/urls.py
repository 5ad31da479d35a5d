from django.urls import path

from indicators import example_plans, views

app_name = "indicators"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("tambah/", views.entry_create, name="entry_create"),
    path("cari/", views.search, name="search"),
    path("periksa-iki/", views.coach, name="coach"),
    path("<uuid:public_id>/ubah/", views.entry_edit, name="entry_edit"),
    path("<uuid:public_id>/status/", views.entry_toggle, name="entry_toggle"),
    path("contoh-skp/", example_plans.example_list, name="example_list"),
    path("contoh-skp/tambah/", example_plans.example_create, name="example_create"),
    path("contoh-skp/<uuid:public_id>/ubah/", example_plans.example_edit, name="example_edit"),
    path(
        "contoh-skp/<uuid:public_id>/status/",
        example_plans.example_toggle,
        name="example_toggle",
    ),
]
