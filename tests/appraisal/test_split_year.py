"""A mid-year move is scored by the right person (issue 20, point 11).

Sources: PermenPANRB 6/2022 — the PPK evaluates the work planned with them (an SKP is agreed with
the PPK of the post), and a mutasi gives one SKP per post (domain §2, §3); domain §1 — the PPK is
the holder of the nearest filled post above at pengawas level or above. So the SKP of the first
post is scored by the PPK recorded on it while they still hold the post above it, else by their
successor there (or the next filled post above while it is vacant), never by the employee's PPK
in the new post. The year's predicate is the last post's (rules.split_year_predicate).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import PositionKind, UnitKind
from accounts.org.models import Assignment
from accounts.org.roles import roles_for_user
from appraisal.choices import ANNUAL, SkpStatus
from appraisal.documents.evaluation import render_document_html
from appraisal.evaluation import services as ev
from appraisal.evaluation.policies import may_score_plan
from appraisal.evaluation.selectors import team_scoring_rows
from appraisal.plans.models import Skp
from core.errors import DomainError
from tests.actors import actor, system
from tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    UserFactory,
    place,
)

MEETS = "SESUAI_EKSPEKTASI"


def _leave(employee, on):
    """End the employee's definitive post the day before `on`."""
    Assignment.objects.filter(employee=employee, end_date__isnull=True).update(
        end_date=on - dt.timedelta(days=1)
    )


@pytest.fixture
def moved(org, cycle):
    """The pegawai planned the year with the kasi (the PPK recorded on the plan) as Pengelola
    Data, and moves today to the immunisation section, whose kasi is their PPK from today."""
    today = timezone.localdate()
    imun = OrgUnitFactory(
        code="DINKES.IMUN", name="Seksi Imunisasi", kind=UnitKind.SEKSI, parent=org.p2p
    )
    kasi2_pos = PositionFactory(
        name="Kepala Seksi Imunisasi", kind=PositionKind.PENGAWAS, unit=imun, parent=org.kabid_pos
    )
    staff2_pos = PositionFactory(
        name="Pengelola Vaksin", kind=PositionKind.PELAKSANA, unit=imun, parent=kasi2_pos
    )
    kasi2 = place(EmployeeFactory(name="Kasi Imunisasi", user=UserFactory()), kasi2_pos)
    first = Skp.objects.create(
        cycle=cycle,
        employee=org.pegawai,
        position=org.staff_pos,
        start_date=dt.date(cycle.year, 1, 1),
        end_date=today - dt.timedelta(days=1),
        status=SkpStatus.APPROVED,
        ppk_employee=org.ppk,
        ppk_name=org.ppk.name,
    )
    _leave(org.pegawai, today)
    place(org.pegawai, staff2_pos, start=today)
    second = Skp.objects.create(
        cycle=cycle,
        employee=org.pegawai,
        position=staff2_pos,
        start_date=today,
        end_date=dt.date(cycle.year, 12, 31),
        status=SkpStatus.APPROVED,
        ppk_employee=kasi2,
        ppk_name=kasi2.name,
    )
    return SimpleNamespace(first=first, second=second, kasi2=kasi2, today=today)


def _successor(org, today):
    """The kasi moves to the HR post; a new kasi holds the surveillance post from today."""
    _leave(org.ppk, today)
    place(org.ppk, PositionFactory(name="Analis Kebijakan", unit=org.dinkes), start=today)
    return place(EmployeeFactory(name="Kasi Baru", user=UserFactory()), org.kasi_pos, start=today)


def _vacant(org, today):
    """The kasi retires: the surveillance post stays empty."""
    _leave(org.ppk, today)
    org.ppk.status = "retired"
    org.ppk.save(update_fields=["status"])


def _may(person, skp):
    return may_score_plan(roles_for_user(person.user), skp)


# (case, change to the organisation, who scores the first SKP, who may not) — PermenPANRB
# 6/2022 (the PPK of the post evaluates it) and domain §1 (nearest filled post above).
CASES = [
    ("the recorded PPK still holds the post", None, "ppk", ["kasi2", "pegawai"]),
    ("the recorded PPK moved: their successor", _successor, "successor", ["ppk", "kasi2"]),
    ("the post is vacant: the next filled post above", _vacant, "atasan_ppk", ["kasi2"]),
]


@pytest.mark.parametrize(
    ("change", "scorer", "not_scorers"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_first_post_is_scored_by_its_ppk(org, moved, change, scorer, not_scorers):
    people = {"ppk": org.ppk, "kasi2": moved.kasi2, "pegawai": org.pegawai}
    people["atasan_ppk"] = org.atasan_ppk
    if change is not None:
        people["successor"] = change(org, moved.today)
    assert _may(people[scorer], moved.first)
    for name in not_scorers:
        assert not _may(people[name], moved.first), name


def test_the_new_post_is_scored_by_the_new_ppk(org, moved):
    assert _may(moved.kasi2, moved.second)
    assert not _may(org.ppk, moved.second)


def test_finalising_the_first_post_records_its_appraisers(org, moved, english):
    evaluation = ev.evaluation_for(moved.first, ANNUAL, actor=actor(org.ppk))
    with pytest.raises(DomainError):
        ev.evaluation_for(moved.first, ANNUAL, actor=actor(moved.kasi2))
    evaluation = ev.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(org.ppk),
    )
    with pytest.raises(DomainError):
        ev.evaluation_finalise(evaluation, actor=actor(moved.kasi2))
    done = ev.evaluation_finalise(evaluation, actor=actor(org.ppk))
    assert done.ppk_employee == org.ppk and done.atasan_employee == org.atasan_ppk


def test_each_ppk_finds_their_plan_on_the_team_scoring_page(org, moved):
    mine = team_scoring_rows(org.ppk, moved.first.cycle, ANNUAL)
    assert [r["skp"] for r in mine if r["employee"] == org.pegawai] == [moved.first]
    assert next(r for r in mine if r["skp"] == moved.first)["former"]
    theirs = team_scoring_rows(moved.kasi2, moved.first.cycle, ANNUAL)
    assert [r["skp"] for r in theirs if r["employee"] == org.pegawai] == [moved.second]


def test_the_pages_and_the_document_list_both_plans_and_state_the_rule(org, moved, login, english):
    client = login("ppk")
    evaluation = ev.evaluation_for(moved.first, ANNUAL, actor=system())
    body = client.get(reverse("appraisal:team_scoring") + "?period=0").content.decode()
    assert 'data-testid="former-post"' in body and "Pengelola Data" in body
    page = client.get(reverse("appraisal:evaluation", kwargs={"public_id": evaluation.public_id}))
    text = page.content.decode()
    assert 'data-testid="split-year"' in text and "Pengelola Vaksin" in text
    assert "SKP of the last post" in text and "PermenPANRB 6/2022" in text
    document = render_document_html(evaluation)
    assert "Pengelola Data" in document and "Pengelola Vaksin" in document
    assert "predikat SKP jabatan terakhir" in document


def test_the_bkn_export_lists_both_plans_with_their_ppk(org, moved):
    from reports.scope import AGENCY_SCOPE
    from tests.reports.conftest import export_bytes, read_workbook

    for skp, ppk in ((moved.first, org.ppk), (moved.second, moved.kasi2)):
        e = ev.evaluation_for(skp, ANNUAL, actor=system())
        e = ev.evaluation_save(
            e, expected_version=e.version, rating_hasil=MEETS, rating_perilaku=MEETS,
            actor=actor(ppk),
        )  # fmt: skip
        ev.evaluation_finalise(e, actor=actor(ppk))
    year = moved.first.cycle.year
    _book, sheets = read_workbook(export_bytes("bkn", AGENCY_SCOPE, year=year, period=ANNUAL))
    rows = [row for row in sheets["e-Kinerja"][1:] if row[0] == org.pegawai.nip]
    assert [(row[3], row[11]) for row in rows] == [
        ("Pengelola Data", org.ppk.nip),
        ("Pengelola Vaksin", moved.kasi2.nip),
    ]
