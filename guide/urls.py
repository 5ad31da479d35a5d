"""The help centre under /bantuan/."""

from django.urls import path

from guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("tur/<slug:key>/dilihat/", views.tour_seen, name="tour_seen"),
    path("adopsi/", views.adoption, name="adoption"),
    path("<slug:slug>/", views.page, name="page"),
]
