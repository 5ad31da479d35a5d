"""Public feedback's addresses: the signed-in pages (namespace "feedback", under /umpan-balik/) and
the citizens' form at a short URL with no login (namespace "public", under /u/)."""

from django.urls import path

from feedback.public import views

urlpatterns = [
    path("publik/", views.moderation, name="public_moderation"),
    path("publik/<uuid:public_id>/sembunyikan/", views.hide, name="public_hide"),
    path("publik/<uuid:public_id>/tampilkan/", views.unhide, name="public_unhide"),
    path("publik/kanal/", views.channels, name="public_channels"),
    path("publik/kanal/buat-semua/", views.channels_create_all, name="public_channels_create"),
    path("publik/kanal/pegawai/", views.channel_employee_add, name="public_channel_employee"),
    path(
        "publik/kanal/<uuid:public_id>/nonaktifkan/",
        views.channel_deactivate,
        name="public_channel_deactivate",
    ),
    path(
        "publik/kanal/<uuid:public_id>/aktifkan/",
        views.channel_activate,
        name="public_channel_activate",
    ),
    path("publik/kanal/<uuid:public_id>/poster.pdf", views.poster, name="public_poster"),
    path("publik/unit/", views.units, name="public_units"),
    path("publik/unit/<str:code>/", views.unit_detail, name="public_unit"),
]

# /u/: a unit's or an ASN's feedback form, and thanks (config/urls.py names the namespace).
citizen_urlpatterns = [
    path("<slug:code>/", views.public_form, name="form"),
    path("<slug:code>/terima-kasih/", views.public_thanks, name="thanks"),
]
