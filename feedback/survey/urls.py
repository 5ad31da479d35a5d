"""360 input (feedback.urls mounts these under /umpan-balik/, namespace "feedback")."""

from django.urls import path

from feedback.survey import views

urlpatterns = [
    path("360/", views.survey_home, name="survey_home"),
    path("360/baru/<str:nip>/", views.survey_open, name="survey_open"),
    path("360/<uuid:public_id>/", views.survey_round, name="survey_round"),
    path("360/jawab/<uuid:public_id>/", views.survey_answer, name="survey_answer"),
]
