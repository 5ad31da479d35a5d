"""Cycles and SKPs on top of the org personas: a cycle for this year whose windows are open today.

`plan` builds SKPs through the real services: plan.approved(employee, links=...) gives an approved
SKP, plan.draft(employee, linked_to=rhk) a draft with one Utama RHK linked to its PPK's RHK.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from appraisal.cycles import services as cycle_services
from appraisal.plans.models import Rhk
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from tests.actors import actor, system
from tests.factories import UserFactory


def pin_today(monkeypatch, day: dt.date) -> None:
    """Make timezone.localdate() answer `day` (calls with an explicit value still convert it)."""
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture(autouse=True)
def a_day_into_the_year(monkeypatch):
    """Tests close a window "yesterday" or move someone "today"; on 1 January there is no earlier
    day in the year, so they run as on 2 January instead of being skipped."""
    real = timezone.localdate()
    if (real.month, real.day) == (1, 1):
        pin_today(monkeypatch, real + dt.timedelta(days=1))


def open_cycle_for(year: int, skp_window: tuple[dt.date, dt.date] | None = None):
    """An open quarterly cycle whose every window is open all year (tests close one to test
    refusals); the SKP window can be given."""
    whole_year = (dt.date(year, 1, 1), dt.date(year + 1, 1, 31))
    windows = [
        (kind, period, *whole_year)
        for kind, period, _opens, _closes in cycle_services.default_windows(year, "triwulanan")
        if kind != "skp"
    ]
    opens, closes = skp_window or (dt.date(year, 1, 1), dt.date(year, 12, 31))
    windows.insert(0, ("skp", 0, opens, closes))
    cycle = cycle_services.cycle_create(year, "triwulanan", 14, windows, actor=system())
    return cycle_services.cycle_open(cycle, actor=system())


@pytest.fixture
def cycle(org):
    return open_cycle_for(timezone.localdate().year)


def iki(aspek="kuantitas", indicator="Jumlah laporan", value="12", unit="laporan"):
    return {
        "aspek": aspek,
        "indicator": indicator,
        "target_value": Decimal(value) if value is not None else None,
        "target_unit": unit,
        "target_text": "",
    }


FULL_IKI = [
    iki(),
    iki("kualitas", "Persentase laporan tanpa revisi", "100", "%"),
    iki("waktu", "Laporan tepat waktu", "12", "bulan"),
]


def owner(employee):
    """The employee acting on their own plan. Someone the personas hold without a login (the
    pegawai's colleague) is given one: submitting is personal, the system never submits."""
    if employee.user_id is None:
        employee.user = UserFactory()
        employee.save(update_fields=["user"])
    return actor(employee)


class Plan:
    def __init__(self, org, cycle):
        self.org, self.cycle = org, cycle

    def start(self, employee):
        return skp_edit.skp_start(employee, self.cycle, actor=system())

    def decider(self, employee):
        """Who decides on the employee's plan today: their PPK, or for a head of OPD the admin
        BKD recording the Kepala Daerah's decision."""
        line_ppk = OrgSnapshot(timezone.localdate()).ppk(employee.pk)
        if line_ppk.is_external:
            return actor(self.org.admin_bkd)
        return actor(Employee.objects.get(pk=line_ppk.employee_id))

    def add_rhk(
        self,
        skp,
        text="Tersusunnya laporan surveilans",
        linked_to=None,
        section="utama",
        ikis=None,
        perspektif="",
    ):
        rhk = Rhk(skp=skp, section=section, text=text, intervened=linked_to, perspektif=perspektif)
        allowed = {linked_to.pk} if linked_to else set()
        return skp_edit.rhk_save(skp, rhk, ikis or FULL_IKI, {}, allowed, actor=system())

    def approved(self, employee, linked_to=None, text="Meningkatnya kualitas data surveilans"):
        skp = self.start(employee)
        self.add_rhk(
            skp, text=text, linked_to=linked_to, perspektif="proses_bisnis" if skp.is_jpt else ""
        )
        skp_flow.skp_submit(skp, actor=owner(employee))
        skp_flow.skp_approve(skp, actor=self.decider(employee))
        skp.refresh_from_db()
        return skp

    def chain(self):
        """Approved SKPs for the kepala dinas, kabid and kasi, each linked to the one above."""
        kadis = self.approved(self.org.kepala_unit, text="Meningkatnya derajat kesehatan")
        kabid = self.approved(
            self.org.atasan_ppk,
            linked_to=kadis.rhks.get(),
            text="Menurunnya kasus penyakit menular",
        )
        kasi = self.approved(
            self.org.ppk, linked_to=kabid.rhks.get(), text="Tersedianya data surveilans yang akurat"
        )
        return kadis, kabid, kasi

    def draft(self, employee, linked_to=None):
        skp = self.start(employee)
        self.add_rhk(skp, linked_to=linked_to)
        return skp


@pytest.fixture
def plan(org, cycle):
    return Plan(org, cycle)


@pytest.fixture
def approved(plan, org):
    """The pegawai's approved SKP (one Utama RHK with Kuantitas, Kualitas and Waktu), under the
    approved chain kadis → kabid → kasi; the kasi (ppk persona) evaluates it."""
    *_, kasi = plan.chain()
    return plan.approved(org.pegawai, linked_to=kasi.rhks.get())
