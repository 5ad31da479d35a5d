"""Addresses of the API under /api/v1/ (namespace "api"), its OpenAPI document and page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from interchange.api.views import endpoints, keys

app_name = "api"

urlpatterns = [
    path("units/", endpoints.UnitList.as_view(), name="units"),
    path("employees/", endpoints.EmployeeList.as_view(), name="employees"),
    path("employees/<str:nip>/", endpoints.EmployeeDetail.as_view(), name="employee"),
    path("skp/", endpoints.SkpList.as_view(), name="skp"),
    path("evaluations/", endpoints.EvaluationList.as_view(), name="evaluations"),
    path("unit-predicates/", endpoints.UnitPredicateList.as_view(), name="unit_predicates"),
    path("tpp/", endpoints.TppList.as_view(), name="tpp"),
    # The documentation, for the admins who hand keys out (a signed-in admin; no key needed).
    path("schema/", keys.admins_only(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        keys.admins_only(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]

# The admin BKD's page of keys, under /kelola/ (namespace "interchange").
admin_urlpatterns = [
    path("kunci-api/", keys.key_list, name="api_keys"),
    path("kunci-api/<uuid:public_id>/cabut/", keys.key_revoke, name="api_key_revoke"),
]
