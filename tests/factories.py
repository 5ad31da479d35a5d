"""factory-boy factories for the organisation. NIPs are generated valid and unique."""

import datetime as dt

import factory

from accounts.choices import AssignmentKind, PositionKind, UnitKind
from accounts.logins.models import User
from accounts.org.models import Assignment, Employee, OrgUnit, Position


def make_nip(n: int, gender: int = 1) -> str:
    """A valid NIP: birth date, TMT CPNS, gender digit, sequence (unique per n)."""
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=(n * 37) % 9000)
    tmt_year = birth.year + 25
    return f"{birth:%Y%m%d}{tmt_year}{(n % 12) + 1:02d}{gender}{n % 1000:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("rahasia-uji-123")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = UnitKind.OPD

    @factory.post_generation
    def set_opd(obj, create, extracted, **kwargs):
        top = obj
        while top.parent is not None:
            top = top.parent
        obj.opd = top
        if create:
            obj.save(update_fields=["opd"])


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Jabatan {n}")
    kind = PositionKind.PELAKSANA
    unit = factory.SubFactory(OrgUnitFactory)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.Sequence(lambda n: make_nip(n + 1))
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    golongan = "III/a"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    employee = factory.SubFactory(EmployeeFactory)
    position = factory.SubFactory(PositionFactory)
    kind = AssignmentKind.DEFINITIF
    start_date = dt.date(2020, 1, 1)


def place(employee: Employee, position: Position, start=dt.date(2020, 1, 1), kind="definitif"):
    """Give an employee a position (and keep Employee.position in step for definitive ones)."""
    Assignment.objects.create(employee=employee, position=position, kind=kind, start_date=start)
    if kind == AssignmentKind.DEFINITIF:
        employee.position = position
        employee.save(update_fields=["position"])
    return employee
