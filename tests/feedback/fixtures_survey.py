"""360 input on top of the org personas: three more staff under the kasi (the pegawai's peers,
each with a login), an open cycle, and rounds opened through the real service.

Plain functions (the permission matrix builds its URLs from `org` alone); each test module
declares its `survey` fixture from make_survey (no conftest: other parts of the app have theirs).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from accounts.choices import PositionKind
from accounts.org.models import Employee
from appraisal.cycles.models import Cycle
from feedback.survey import services
from feedback.survey.models import Respondent360, Round360
from tests.actors import actor
from tests.factories import EmployeeFactory, PositionFactory, UserFactory, place

PEERS = ("Sari Wulandari", "Budi Santoso", "Rina Marlina")
GOOD, MEETS, BELOW = "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"


def the_cycle() -> Cycle:
    from tests.appraisal.conftest import open_cycle_for

    year = timezone.localdate().year
    return Cycle.objects.filter(year=year).first() or open_cycle_for(year)


def peers(org) -> list[Employee]:
    """Three staff under the kasi (the pegawai's PPK) with logins: the pegawai's peers, and the
    kasi's subordinates."""
    found = list(Employee.objects.filter(name__in=PEERS).order_by("name"))
    if found:
        return found
    for index, name in enumerate(PEERS):
        position = PositionFactory(
            name=f"Pelaksana Surveilans {index + 1}",
            kind=PositionKind.PELAKSANA,
            unit=org.surv,
            parent=org.kasi_pos,
        )
        user = UserFactory(username=f"rekan{index + 1}")
        place(EmployeeFactory(user=user, name=name), position)
    return list(Employee.objects.filter(name__in=PEERS).order_by("name"))


def open_round(org, employee=None, ppk=None, respondents=None, period=1, deadline=None):
    """A round opened by the employee's PPK (by default: about the pegawai, by the kasi, asking
    the three peers)."""
    the_cycle()
    employee = employee or org.pegawai
    ppk = ppk or org.ppk
    respondents = respondents if respondents is not None else peers(org)
    return services.round_open(
        employee,
        actor=actor(ppk),
        period=period,
        deadline=deadline or timezone.localdate() + dt.timedelta(days=14),
        respondent_ids=[person.pk for person in respondents],
    )


def round_about_pegawai(org) -> Round360:
    return Round360.objects.filter(employee=org.pegawai).first() or open_round(org)


def request_of_pegawai(org) -> Respondent360:
    """A round about the kasi, opened by the kabid, asking the kasi's subordinates: the pegawai
    (a persona) and two of the peers."""
    existing = Respondent360.objects.filter(respondent=org.pegawai).first()
    if existing:
        return existing
    others = peers(org)[:2]
    round_ = open_round(
        org, employee=org.ppk, ppk=org.atasan_ppk, respondents=[org.pegawai, *others]
    )
    return round_.respondents.get(respondent=org.pegawai)


def answers(rating=MEETS, comment="", **by_value):
    """Answers for every BerAKHLAK value: `rating` unless given per value (value=(rating, text))."""
    from indicators.choices import BerakhlakValue

    return {value: by_value.get(value, (rating, comment)) for value in BerakhlakValue.values}


def answer(round_, employee, **kwargs):
    request = round_.respondents.select_related("round__cycle").get(respondent=employee)
    services.answer_submit(request, answers(**kwargs), actor=actor(employee))
    return request


def make_survey(org) -> SimpleNamespace:
    """What the test modules' `survey` fixture returns: the open cycle and the three peers."""
    cycle = the_cycle()
    return SimpleNamespace(cycle=cycle, peers=peers(org))
