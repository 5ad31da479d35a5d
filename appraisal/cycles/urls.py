"""Addresses of cycles (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.cycles import views

urlpatterns = [
    # Admin BKD: cycles and windows
    path("siklus/", views.cycle_list, name="cycle_list"),
    path("siklus/baru/", views.cycle_create, name="cycle_create"),
    path("siklus/<int:year>/", views.cycle_detail, name="cycle_detail"),
    path("siklus/<int:year>/buka/", views.cycle_open, name="cycle_open"),
    path("siklus/<int:year>/jendela/<int:window_id>/", views.window_edit, name="window_edit"),
    path(
        "siklus/<int:year>/jendela/<int:window_id>/perpanjang/",
        views.window_extend,
        name="window_extend",
    ),
    path("siklus/<int:year>/pengecualian/", views.waiver_grant, name="waiver_grant"),
]
