from django.urls import path

from accounts.importing import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("templat.xlsx", views.template, name="template"),
    path("riwayat/", views.history, name="history"),
    path("<uuid:public_id>/", views.preview, name="preview"),
]
