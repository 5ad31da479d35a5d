"""Disciplinary penalties and exemptions: months normalised, refusals, history, who may."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import DomainError
from tests.actors import actor, system
from tpp.attendance.models import Exemption, Penalty
from tpp.attendance.policies import (
    employee_for_tpp,
    exemption_for_change,
    may_manage_employee,
    penalty_for_change,
)
from tpp.attendance.services import (
    exemption_add,
    exemption_remove,
    penalty_add,
    penalty_remove,
)
from tpp.choices import ExemptionKind, PenaltyKind

DECREE_DATE = dt.date(2026, 2, 20)


def add_penalty(employee, by, **changes) -> Penalty:
    values = {
        "level": PenaltyKind.POTONG_6,
        "percent": Decimal("25"),
        "first_month": dt.date(2026, 3, 17),
        "months": 6,
        "decree_number": "800/12/BKPSDM/2026",
        "decree_date": DECREE_DATE,
    }
    values.update(changes)
    return penalty_add(employee, actor=actor(by), **values)


def add_exemption(employee, by, **changes) -> Exemption:
    values = {
        "kind": ExemptionKind.NO_ATTENDANCE_DEDUCTION,
        "first_month": dt.date(2026, 4, 10),
        "last_month": dt.date(2026, 6, 30),
        "reason": "Diklat PIM III, ST 090/45/2026",
    }
    values.update(changes)
    return exemption_add(employee, actor=actor(by), **values)


def test_a_penalty_starts_on_the_first_day_of_its_month_and_says_why(org):
    penalty = add_penalty(org.pegawai, org.admin_opd, percent=Decimal("12.5"))

    penalty.refresh_from_db()
    assert (penalty.first_month, penalty.months, penalty.percent) == (
        dt.date(2026, 3, 1),
        6,
        Decimal("12.50"),
    )
    assert penalty.last_month == dt.date(2026, 8, 1)  # March to August: six months
    penalty.months = 12
    assert penalty.last_month == dt.date(2027, 2, 1)
    assert penalty.created_by == org.admin_opd.user
    record = penalty.history.get()
    assert record.history_change_reason == _("Disciplinary penalty, decree %(number)s") % {
        "number": "800/12/BKPSDM/2026"
    }
    assert record.history_user == org.admin_opd.user


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"percent": Decimal(0)}, "The TPP cut must be more than 0 and at most 100 percent."),
        (
            {"percent": Decimal("100.01")},
            "The TPP cut must be more than 0 and at most 100 percent.",
        ),
        ({"percent": "banyak"}, "The TPP cut must be more than 0 and at most 100 percent."),
        ({"percent": Decimal("10.125")}, "Give the TPP cut with at most two decimals."),
        ({"months": 0}, "A penalty lasts from 1 to 36 months."),
        ({"months": 37}, "A penalty lasts from 1 to 36 months."),
        ({"months": 2.5}, "Give the number of months as a whole number."),
        ({"decree_number": "  "}, "Give the decree number."),
        ({"level": ""}, "Choose the penalty (PP 94/2021)."),
        ({"level": "Teguran"}, "Choose the penalty (PP 94/2021)."),
        ({"decree_date": None}, "Give the decree date."),
        ({"first_month": None}, "Give the month as a date."),
    ],
)
def test_a_penalty_with_a_wrong_value_is_refused(org, english, changes, message):
    with pytest.raises(DomainError) as refused:
        add_penalty(org.pegawai, org.admin_bkd, **changes)
    assert str(refused.value) == message
    assert not Penalty.objects.exists()


def test_a_full_cut_for_three_years_is_allowed(org):
    penalty = add_penalty(org.pegawai, org.admin_bkd, percent=100, months=36)
    assert (penalty.percent, penalty.months) == (100, 36)


def test_only_an_admin_in_scope_records_a_penalty(org):
    with pytest.raises(PermissionDenied):
        add_penalty(org.outsider, org.admin_opd)
    with pytest.raises(PermissionDenied):
        add_penalty(org.pegawai, org.ppk)
    assert add_penalty(org.outsider, org.admin_bkd).employee == org.outsider
    penalty = penalty_add(
        org.colleague,
        level=PenaltyKind.TEGURAN_LISAN,
        percent=5,
        first_month=dt.date(2026, 1, 31),
        months=1,
        decree_number="1/2026",
        decree_date=DECREE_DATE,
        actor=system("demo"),
    )
    assert penalty.first_month == dt.date(2026, 1, 1)


def test_removing_a_penalty_needs_a_reason_kept_in_history(org, english):
    penalty = add_penalty(org.pegawai, org.admin_opd)

    with pytest.raises(DomainError, match="Say why the penalty is removed."):
        penalty_remove(penalty, " ", actor=actor(org.admin_opd))
    with pytest.raises(PermissionDenied):
        penalty_remove(penalty, "Salah input", actor=actor(org.admin_opd_other))
    penalty_remove(penalty, "Dibatalkan oleh putusan banding", actor=actor(org.admin_opd))

    assert not Penalty.objects.exists()
    removal = Penalty.history.get(history_type="-")
    assert removal.history_change_reason == "Dibatalkan oleh putusan banding"
    assert removal.history_user == org.admin_opd.user
    with pytest.raises(DomainError, match="already removed"):
        penalty_remove(penalty, "Lagi", actor=actor(org.admin_opd))


def test_an_exemption_covers_whole_months_and_keeps_its_reason(org):
    exemption = add_exemption(org.pegawai, org.admin_opd)

    exemption.refresh_from_db()
    assert (exemption.first_month, exemption.last_month) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 1),
    )
    record = exemption.history.get()
    assert record.history_change_reason == "Diklat PIM III, ST 090/45/2026"
    assert record.history_user == org.admin_opd.user
    single = add_exemption(
        org.pegawai,
        org.admin_opd,
        kind=ExemptionKind.NOT_PAID,
        first_month=dt.date(2026, 7, 31),
        last_month=dt.date(2026, 7, 1),
    )
    assert single.first_month == single.last_month == dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"first_month": dt.date(2026, 6, 1), "last_month": dt.date(2026, 5, 31)},
            "The last month comes before the first.",
        ),
        ({"reason": "   "}, "Give the reason or decree of the exemption."),
        ({"kind": "holiday"}, "Choose the kind of exemption."),
        ({"last_month": None}, "Give the month as a date."),
    ],
)
def test_an_exemption_with_a_wrong_value_is_refused(org, english, changes, message):
    with pytest.raises(DomainError) as refused:
        add_exemption(org.pegawai, org.admin_bkd, **changes)
    assert str(refused.value) == message
    assert not Exemption.objects.exists()


def test_an_exemption_overlapping_another_of_the_employee_is_refused(org, english):
    add_exemption(org.pegawai, org.admin_bkd)

    with pytest.raises(DomainError) as refused:
        add_exemption(
            org.pegawai,
            org.admin_bkd,
            kind=ExemptionKind.NOT_PAID,
            first_month=dt.date(2026, 6, 15),
            last_month=dt.date(2026, 9, 1),
        )

    assert str(refused.value) == (
        "This employee already has an exemption from April 2026 to June 2026."
    )
    add_exemption(
        org.pegawai, org.admin_bkd, first_month=dt.date(2026, 7, 1), last_month=dt.date(2026, 7, 1)
    )
    add_exemption(org.colleague, org.admin_bkd)  # another employee's months are their own
    assert Exemption.objects.count() == 3


def test_removing_an_exemption_needs_a_reason_kept_in_history(org, english):
    exemption = add_exemption(org.pegawai, org.admin_opd)

    with pytest.raises(DomainError, match="Say why the exemption is removed."):
        exemption_remove(exemption, "", actor=actor(org.admin_opd))
    with pytest.raises(PermissionDenied):
        exemption_remove(exemption, "Salah", actor=actor(org.pegawai))
    exemption_remove(exemption, "Diklat dibatalkan", actor=actor(org.admin_bkd))

    removal = Exemption.history.get(history_type="-")
    assert (removal.history_change_reason, removal.history_user) == (
        "Diklat dibatalkan",
        org.admin_bkd.user,
    )


def test_pages_find_employees_penalties_and_exemptions_in_scope_only(org):
    admin_opd = actor(org.admin_opd).roles
    penalty = add_penalty(org.outsider, org.admin_bkd)
    exemption = add_exemption(org.outsider, org.admin_bkd)

    assert employee_for_tpp(admin_opd, org.pegawai.nip) == org.pegawai
    with pytest.raises(Http404):
        employee_for_tpp(admin_opd, org.outsider.nip)
    with pytest.raises(Http404):
        penalty_for_change(admin_opd, penalty.public_id)
    with pytest.raises(Http404):
        exemption_for_change(admin_opd, exemption.public_id)
    other = actor(org.admin_opd_other).roles
    assert penalty_for_change(other, penalty.public_id) == penalty
    assert exemption_for_change(other, exemption.public_id) == exemption
    with pytest.raises(PermissionDenied):
        employee_for_tpp(actor(org.pegawai).roles, org.pegawai.nip)
    with pytest.raises(PermissionDenied):
        penalty_for_change(actor(org.outsider).roles, penalty.public_id)
    assert may_manage_employee(actor(org.admin_bkd).roles, org.outsider)
    assert not may_manage_employee(actor(org.ppk).roles, org.pegawai)


def test_an_admin_records_nothing_for_themself(org):
    from accounts.org.roles import roles_for_user
    from tpp.attendance.policies import may_manage_employee

    assert not may_manage_employee(roles_for_user(org.admin_bkd.user), org.admin_bkd)
    assert may_manage_employee(roles_for_user(org.admin_bkd.user), org.pegawai)


def _form(org, **changes) -> dict:
    return {
        "penalty-nip": org.pegawai.nip,
        "penalty-level": PenaltyKind.POTONG_9,
        "penalty-percent": "",
        "penalty-first_month": "2026-04-01",
        "penalty-months": "",
        "penalty-decree_number": "800/9/2026",
        "penalty-decree_date": "2026-03-20",
    } | changes


def test_a_moderate_penalty_takes_the_cut_pp_94_sets(org, login):
    response = login("admin_opd").post(reverse("tpp:penalties"), _form(org))
    assert response.status_code == 302
    penalty = Penalty.objects.get()
    assert (penalty.level, penalty.percent, penalty.months) == (PenaltyKind.POTONG_9, 25, 9)


def test_a_minor_penalty_needs_the_perkadas_cut_and_keeps_what_was_typed(org, login, english):
    data = _form(org, **{"penalty-level": PenaltyKind.TEGURAN_LISAN, "penalty-months": "2"})
    response = login("admin_opd").post(reverse("tpp:penalties"), data)
    assert response.status_code == 200 and not Penalty.objects.exists()
    form = response.context["penalty_form"]
    assert form.errors == {"percent": ["Give the TPP cut your Perkada sets for this penalty."]}
    assert 'value="800/9/2026"' in response.content.decode()


def test_the_lists_page_and_search(org, login, django_assert_max_num_queries):
    by = actor(org.admin_bkd)
    for month in range(1, 31):
        add_penalty(org.pegawai, by, first_month=dt.date(2024 + month // 12, month % 12 + 1, 1))
    add_penalty(org.colleague, by)
    client = login("admin_opd")
    with django_assert_max_num_queries(10):  # session, user, roles, each list counted and read
        first = client.get(reverse("tpp:penalties"))
    assert len(first.context["penalties"]) == 25
    assert first.context["penalties"].paginator.count == 31
    second = client.get(reverse("tpp:penalties"), {"penalties_page": 2, "exemptions_page": 1})
    assert len(second.context["penalties"]) == 6
    assert "exemptions_page=1" in second.content.decode()  # the other list's page is kept
    found = client.get(reverse("tpp:penalties"), {"q": org.colleague.name[:5]})
    assert [p.employee for p in found.context["penalties"]] == [org.colleague]
    assert client.get(reverse("tpp:penalties"), {"q": "\x00'"}).status_code == 200
