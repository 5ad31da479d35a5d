"""What the API says of each thing: plain values, codes and NIPs, never internal ids."""

from __future__ import annotations

from rest_framework import serializers

from accounts.org.models import Employee, OrgUnit
from appraisal.cycles.models import UnitPredicate
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from tpp.months.models import Line


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    opd = serializers.CharField(source="opd.code", allow_null=True, default=None)

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "opd", "is_active"]


class EmployeeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")
    post = serializers.CharField(source="position.name", allow_null=True, default=None)
    unit = serializers.CharField(source="position.unit.code", allow_null=True, default=None)
    unit_name = serializers.CharField(source="position.unit.name", allow_null=True, default=None)
    opd = serializers.CharField(source="position.unit.opd.code", allow_null=True, default=None)

    class Meta:
        model = Employee
        fields = [
            "nip",
            "name",
            "employment_type",
            "golongan",
            "status",
            "post",
            "unit",
            "unit_name",
            "opd",
        ]


class SkpSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    nip = serializers.CharField(source="employee.nip")
    year = serializers.IntegerField(source="cycle.year")
    post = serializers.CharField(source="position.name")
    unit = serializers.CharField(source="position.unit.code")

    class Meta:
        model = Skp
        fields = [
            "id",
            "nip",
            "year",
            "status",
            "version",
            "start_date",
            "end_date",
            "post",
            "unit",
            "decided_at",
            "updated_at",
        ]


class EvaluationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    nip = serializers.CharField(source="skp.employee.nip")
    year = serializers.IntegerField(source="skp.cycle.year")
    skp = serializers.UUIDField(source="skp.public_id")
    appraiser_nip = serializers.CharField(source="ppk_nip")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "nip",
            "year",
            "period",
            "skp",
            "rating_hasil",
            "rating_perilaku",
            "predicate",
            "appraiser_nip",
            "finalised_at",
            "acknowledged_at",
            "updated_at",
        ]


class UnitPredicateSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    year = serializers.IntegerField(source="cycle.year")
    updated_at = serializers.DateTimeField(source="set_at")

    class Meta:
        model = UnitPredicate
        fields = ["unit", "year", "period", "predicate", "updated_at"]


class TppLineSerializer(serializers.ModelSerializer):
    """A locked month's TPP of one employee, as a payroll system pays it."""

    nip = serializers.CharField(source="employee.nip")
    year = serializers.IntegerField(source="month.year")
    month = serializers.IntegerField(source="month.month")
    opd = serializers.CharField(source="month.opd.code")
    position = serializers.CharField(source="position_name")
    locked_at = serializers.DateTimeField(source="month.locked_at")

    class Meta:
        model = Line
        fields = [
            "nip",
            "year",
            "month",
            "opd",
            "position",
            "kelas",
            "basis",
            "predicate",
            "performance_percent",
            "gross",
            "deduction_total",
            "received",
            "locked_at",
        ]
