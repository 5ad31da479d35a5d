from django.urls import path

from reports import views
from reports.audit import views as audit_views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("audit/", audit_views.audit_trail, name="audit"),
    path("ekspor/<slug:identifier>/", views.export, name="export"),
    path("unduhan/<uuid:public_id>/", views.job, name="job"),
    path("unduhan/<uuid:public_id>/berkas/", views.job_download, name="job_download"),
]
