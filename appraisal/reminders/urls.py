"""Addresses of reminders (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.reminders import views

urlpatterns = [
    path("pengingat/", views.reminders, name="reminders"),
    path(
        "pengingat/jendela/<int:window_id>/jumlah/",
        views.window_counts,
        name="reminder_window_counts",
    ),
    path("pengingat/jendela/<int:window_id>/kirim/", views.send_now, name="reminders_send"),
    path("pengingat/ulangi-email/", views.retry_failed, name="reminders_retry"),
    path("pengingat/ulangi-pesan/", views.resend_channel, name="reminders_resend_all"),
    path(
        "pengingat/ulangi-pesan/<int:delivery_id>/",
        views.resend_channel,
        name="reminders_resend",
    ),
]
