"""Addresses of the TPP pages (namespace "tpp"): the admins' under /kelola/tpp/, each employee's
own under /tpp/."""

from tpp.attendance import urls as attendance_urls
from tpp.months import urls as month_urls
from tpp.schemes import urls as scheme_urls

app_name = "tpp"

urlpatterns = [*scheme_urls.urlpatterns, *attendance_urls.urlpatterns, *month_urls.urlpatterns]
