"""Adoption per OPD: who has logged in, finished the tour, started and submitted the SKP and
recorded a realisation, counted per OPD of the admin's scope, week by week, and exported."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from appraisal.plans.models import Skp
from appraisal.realisation.models import Realisation
from guide import adoption
from guide.models import TourSeen
from reports.exporters import write_workbook
from reports.exporters.base import ExportParams
from reports.scope import AGENCY_SCOPE

YEAR = 2026


@pytest.fixture
def cycle(org):
    cycle = Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN)
    org.pegawai.user.last_login = timezone.now()
    org.pegawai.user.save(update_fields=["last_login"])
    TourSeen.objects.create(user=org.pegawai.user, tour="pegawai", completed=True)
    TourSeen.objects.create(user=org.ppk.user, tour="ppk", completed=False)  # closed early
    skp = Skp.objects.create(
        cycle=cycle,
        employee=org.pegawai,
        position=org.staff_pos,
        start_date=dt.date(YEAR, 1, 1),
        end_date=dt.date(YEAR, 12, 31),
        submitted_at=timezone.make_aware(dt.datetime(YEAR, 1, 14, 9)),
    )
    Skp.objects.create(
        cycle=cycle,
        employee=org.outsider,
        position=org.outsider.position,
        start_date=dt.date(YEAR, 1, 1),
        end_date=dt.date(YEAR, 12, 31),
    )
    Realisation.objects.create(skp=skp, period=1)
    return cycle


def test_each_opd_counts_its_active_employees(org, cycle):
    rows = {row.code: row for row in adoption.by_opd(cycle, None)}
    dinkes, disdik = rows["DINKES"], rows["DISDIK"]
    assert (dinkes.logged_in, dinkes.toured, dinkes.started, dinkes.submitted, dinkes.realised) == (
        1, 1, 1, 1, 1,
    )  # fmt: skip
    assert (disdik.started, disdik.submitted, disdik.realised) == (1, 0, 0)
    assert dinkes.percent("started") == round(100 / dinkes.employees)
    total = adoption.total(list(rows.values()))
    assert total.employees == sum(r.employees for r in rows.values()) and total.started == 2
    only = adoption.by_opd(cycle, frozenset({org.dinkes.pk}))
    assert [row.code for row in only] == ["DINKES"]


def test_week_by_week_counts_add_up(org, cycle):
    series = adoption.weekly(cycle, None, today=dt.date(YEAR, 2, 1))
    weeks = series["weeks"]
    assert weeks[0] == dt.date(YEAR - 1, 12, 29) and weeks[-1] == dt.date(YEAR, 1, 26)
    assert series["submitted"][weeks.index(dt.date(YEAR, 1, 5))] == 0
    assert series["submitted"][weeks.index(dt.date(YEAR, 1, 12))] == 1
    assert series["submitted"][-1] == 1
    for name in ("toured", "started", "realised"):
        assert series[name] == sorted(series[name])  # cumulative


def test_the_page_shows_the_admins_own_opds(org, cycle, login, django_assert_max_num_queries):
    client = login("admin_opd")
    client.get(reverse("guide:adoption"))
    with django_assert_max_num_queries(
        15
    ):  # session, user, roles, menus; the years, the cycle, 2 for the table, 4 for the weeks
        page = client.get(reverse("guide:adoption"), {"year": "²"})
    assert page.status_code == 200 and page.context["year"] == YEAR
    assert [row.code for row in page.context["rows"]] == ["DINKES"]
    assert 'id="adoption-chart-data"' in page.text
    everyone = login("admin_bkd").get(reverse("guide:adoption"))
    assert {row.code for row in everyone.context["rows"]} >= {"DINKES", "DISDIK"}
    assert login("pegawai").get(reverse("guide:adoption")).status_code == 403


def test_the_recap_exports_each_opd_and_the_total(org, cycle):
    from guide.exporter import AdoptionExporter

    stream = BytesIO()
    write_workbook(
        AdoptionExporter(ExportParams(cycle=cycle), AGENCY_SCOPE), stream, generated_by="uji"
    )
    sheet = load_workbook(BytesIO(stream.getvalue()))["Adopsi"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1]]
    assert rows[0][:3] == ("Kode OPD", "OPD", "Pegawai aktif")
    dinkes = next(row for row in rows if row[0] == "DINKES")
    assert dinkes[3:] == (1, 1, 1, 1, 1)
    assert rows[-1][1] == "Jumlah" and rows[-1][5] == 2
