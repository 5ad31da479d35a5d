"""Addresses of the interchange app's pages under /kelola/ (namespace "interchange"); the API
itself is under /api/v1/ (interchange/api/urls.py)."""

from interchange.api import urls as api_urls
from interchange.siasn import urls as siasn_urls

app_name = "interchange"

urlpatterns = [*api_urls.admin_urlpatterns, *siasn_urls.admin_urlpatterns]
