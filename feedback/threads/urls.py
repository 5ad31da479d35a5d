"""Feedback threads (umpan balik berkelanjutan) under /umpan-balik/."""

from django.urls import path

from feedback.threads import views

urlpatterns = [
    path("percakapan/", views.thread_list, name="thread_list"),
    path("percakapan/mulai/<uuid:public_id>/", views.thread_start, name="thread_start"),
    path("percakapan/<uuid:public_id>/", views.thread_detail, name="thread_detail"),
    path("percakapan/<uuid:public_id>/balas/", views.thread_reply, name="thread_reply"),
    path(
        "percakapan/<uuid:public_id>/tindak-lanjut/",
        views.thread_follow_up,
        name="thread_follow_up",
    ),
]
