"""The read-only endpoints under /api/v1/. Each reads only inside its key's scope (the whole
agency or its OPDs: anything else is 404, as if it did not exist), is cursor-paginated in a
stable order, filters by what a syncing system asks (cycle, period, OPD, `updated_since`), and
logs the call (key, endpoint, status, rows)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied

from accounts.org.models import Assignment, Employee, OrgUnit
from appraisal.choices import EvaluationStatus
from appraisal.cycles.models import UnitPredicate
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from interchange.api import serializers
from interchange.api.keys import scope_opd_ids
from interchange.api.models import ApiCall, ApiKey
from tpp.choices import MonthState
from tpp.months.models import Line


class LoggedCalls:
    """Every answer to a key is logged, and the key's last use kept."""

    endpoint = ""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = request.auth if isinstance(request.auth, ApiKey) else None
        if key is not None:
            data = getattr(response, "data", None)
            if isinstance(data, dict) and "results" in data:
                rows = len(data["results"])
            else:
                rows = 1 if response.status_code == 200 else 0
            now = timezone.now()
            ApiCall.objects.create(
                key=key, endpoint=self.endpoint, status=response.status_code, rows=rows, at=now
            )
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return response


def _in_scope(request, queryset, opd_path: str):
    if not isinstance(request.auth, ApiKey):  # the OpenAPI generator's stand-in request
        return queryset.none()
    opd_ids = scope_opd_ids(request.auth)
    return queryset if opd_ids is None else queryset.filter(**{f"{opd_path}__in": opd_ids})


class UpdatedSince(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(method="changed_since")

    def changed_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=value)


# ----- units and employees -------------------------------------------------------------------


class UnitFilter(UpdatedSince):
    opd = django_filters.CharFilter(field_name="opd__code")

    def changed_since(self, queryset, name, value):
        changed = OrgUnit.history.model.objects.filter(id=OuterRef("pk"), history_date__gte=value)
        return queryset.filter(Exists(changed))

    class Meta:
        model = OrgUnit
        fields = ["opd"]


class UnitList(LoggedCalls, generics.ListAPIView):
    """Organisation units: code, name, kind, parent and OPD."""

    endpoint = "units"
    serializer_class = serializers.UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        units = OrgUnit.objects.select_related("parent", "opd")
        return _in_scope(self.request, units, "opd_id")


class EmployeeFilter(UpdatedSince):
    opd = django_filters.CharFilter(field_name="position__unit__opd__code")
    status = django_filters.CharFilter()

    def changed_since(self, queryset, name, value):
        # A change of the person or of their posts (a mutasi is an assignment).
        person = Employee.history.model.objects.filter(id=OuterRef("pk"), history_date__gte=value)
        posts = Assignment.history.model.objects.filter(
            employee_id=OuterRef("pk"), history_date__gte=value
        )
        return queryset.filter(Q(Exists(person)) | Q(Exists(posts)))

    class Meta:
        model = Employee
        fields = ["opd", "status"]


def _employees(request):
    employees = Employee.objects.select_related("position__unit__opd")
    return _in_scope(request, employees, "position__unit__opd_id")


class EmployeeList(LoggedCalls, generics.ListAPIView):
    """Employees: NIP, name, employment type, golongan, status, current post, unit and OPD."""

    endpoint = "employees"
    serializer_class = serializers.EmployeeSerializer
    filterset_class = EmployeeFilter

    def get_queryset(self):
        return _employees(self.request)


class EmployeeDetail(LoggedCalls, generics.RetrieveAPIView):
    """One employee by NIP (404 outside the key's scope)."""

    endpoint = "employee"
    serializer_class = serializers.EmployeeSerializer
    lookup_field = "nip"

    def get_queryset(self):
        return _employees(self.request)


# ----- appraisal ----------------------------------------------------------------------------------


class SkpFilter(UpdatedSince):
    cycle = django_filters.NumberFilter(field_name="cycle__year")
    opd = django_filters.CharFilter(field_name="position__unit__opd__code")
    nip = django_filters.CharFilter(field_name="employee__nip")
    status = django_filters.CharFilter()

    class Meta:
        model = Skp
        fields = ["cycle", "opd", "nip", "status"]


class SkpList(LoggedCalls, generics.ListAPIView):
    """SKPs: status and version per employee, cycle and post."""

    endpoint = "skp"
    serializer_class = serializers.SkpSerializer
    filterset_class = SkpFilter

    def get_queryset(self):
        # A practice cycle (issue 29.5) is never read out: its plans and results count nowhere.
        skps = Skp.objects.filter(cycle__practice=False).select_related(
            "employee", "cycle", "position__unit"
        )
        return _in_scope(self.request, skps, "position__unit__opd_id")


class EvaluationFilter(UpdatedSince):
    cycle = django_filters.NumberFilter(field_name="skp__cycle__year")
    period = django_filters.NumberFilter()
    opd = django_filters.CharFilter(field_name="skp__position__unit__opd__code")
    nip = django_filters.CharFilter(field_name="skp__employee__nip")

    class Meta:
        model = Evaluation
        fields = ["cycle", "period", "opd", "nip"]


class EvaluationList(LoggedCalls, generics.ListAPIView):
    """Finalised evaluations (period 0: the year): ratings and predicate. A rating being written
    is the PPK's work in progress and is not shown."""

    endpoint = "evaluations"
    serializer_class = serializers.EvaluationSerializer
    filterset_class = EvaluationFilter

    def get_queryset(self):
        evaluations = Evaluation.objects.filter(
            status=EvaluationStatus.FINALISED, skp__cycle__practice=False
        ).select_related("skp__employee", "skp__cycle")
        return _in_scope(self.request, evaluations, "skp__position__unit__opd_id")


class UnitPredicateFilter(UpdatedSince):
    cycle = django_filters.NumberFilter(field_name="cycle__year")
    period = django_filters.NumberFilter()
    opd = django_filters.CharFilter(field_name="unit__opd__code")

    def changed_since(self, queryset, name, value):
        return queryset.filter(set_at__gte=value)

    class Meta:
        model = UnitPredicate
        fields = ["cycle", "period", "opd"]


class UnitPredicateList(LoggedCalls, generics.ListAPIView):
    """Organisational predicates per unit, cycle and period."""

    endpoint = "unit_predicates"
    serializer_class = serializers.UnitPredicateSerializer
    filterset_class = UnitPredicateFilter

    def get_queryset(self):
        predicates = UnitPredicate.objects.filter(cycle__practice=False).select_related(
            "unit", "cycle"
        )
        return _in_scope(self.request, predicates, "unit__opd_id")


# ----- TPP -----------------------------------------------------------------------------------


class TppFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="month__year")
    month = django_filters.NumberFilter(field_name="month__month")
    opd = django_filters.CharFilter(field_name="month__opd__code")
    nip = django_filters.CharFilter(field_name="employee__nip")

    class Meta:
        model = Line
        fields = ["year", "month", "opd", "nip"]


class TppList(LoggedCalls, generics.ListAPIView):
    """Each employee's TPP of a locked month (a month still being computed is not final and is
    not shown): basis, predicate, performance percentage, gross, deductions, received."""

    endpoint = "tpp"
    serializer_class = serializers.TppLineSerializer
    filterset_class = TppFilter

    def get_queryset(self):
        if isinstance(self.request.auth, ApiKey) and not self.request.auth.reads_tpp:
            raise PermissionDenied(_("This key was not issued to read TPP."))
        lines = Line.objects.filter(month__state=MonthState.LOCKED).select_related(
            "employee", "month__opd"
        )
        return _in_scope(self.request, lines, "month__opd_id")
