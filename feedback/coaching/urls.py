"""Dialog kinerja and coaching records (bimbingan kinerja) under /umpan-balik/."""

from django.urls import path

from feedback.coaching import views

urlpatterns = [
    path("bimbingan/", views.my_sessions, name="my_sessions"),
    path("bimbingan/tim/", views.team_sessions, name="team_sessions"),
    path("bimbingan/pegawai/<str:nip>/", views.employee_sessions, name="employee_sessions"),
    path("bimbingan/pegawai/<str:nip>/baru/", views.session_create, name="session_create"),
    path("bimbingan/<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("bimbingan/<uuid:public_id>/penilaian/", views.session_rate, name="session_rate"),
    path(
        "bimbingan/<uuid:public_id>/tindak-lanjut/<int:follow_up_id>/selesai/",
        views.follow_up_done,
        name="follow_up_done",
    ),
]
