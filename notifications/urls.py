from django.urls import path

from notifications import views
from notifications.channels import views as channel_views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:public_id>/buka/", views.open_notification, name="open"),
    path("tandai-dibaca/", views.mark_all_read, name="mark_all_read"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("saluran/<slug:channel>/nomor/", channel_views.phone, name="channel_phone"),
    path("saluran/<slug:channel>/kode/", channel_views.code, name="channel_code"),
    path("saluran/<slug:channel>/terima/", channel_views.mode, name="channel_mode"),
    path("saluran/<slug:channel>/hapus/", channel_views.remove, name="channel_remove"),
    path("saluran/telegram/tautkan/", channel_views.telegram_start, name="telegram_start"),
    path("telegram/webhook/", channel_views.telegram_webhook, name="telegram_webhook"),
    path("jangkauan/", channel_views.reach, name="reach"),
]
