"""Extensions are visible to the people they are for: a per-employee extension is announced, with
its date and reason, on that employee's SKP page and realisation page, and not to anyone else."""

import datetime as dt

import pytest
from django.urls import reverse

from appraisal.cycles import services as cycle_services
from appraisal.cycles.windows import skp_window
from tests.actors import system

pytestmark = pytest.mark.django_db

REASON = "Cuti melahirkan sampai akhir Februari"


def extend_for(cycle, kind, period, employee, days=20):
    window = cycle.windows.get(kind=kind, period=period)
    until = window.closes_on + dt.timedelta(days=days)
    cycle_services.window_extend(
        window, "employee", until, REASON, actor=system(), employee=employee
    )
    return until


def test_a_personal_skp_extension_is_shown_to_that_employee_only(plan, org, login, english):
    kadis, kabid, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    until = extend_for(plan.cycle, "skp", 0, org.pegawai)

    state = skp_window(skp)
    assert state.extension is not None and state.extension.reason == REASON
    assert state.closes_on == until == state.extension.closes_on

    own = login("pegawai").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert own.status_code == 200
    html = own.content.decode()
    assert 'data-testid="window-extension"' in html
    assert REASON in html and "extended for you until" in html
    assert until.strftime("%Y") in html

    # The PPK reading the plan, and a colleague on their own plan, are not told.
    seen_by_ppk = login("ppk").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert seen_by_ppk.status_code == 200
    assert REASON not in seen_by_ppk.content.decode()
    colleague = login("ppk").get(reverse("appraisal:skp_detail", args=[kasi.public_id]))
    assert colleague.status_code == 200
    assert 'data-testid="window-extension"' not in colleague.content.decode()
    assert skp_window(kasi).extension is None


def test_a_personal_realisation_extension_is_shown_to_that_employee_only(
    approved, plan, org, login, english
):
    kasi = plan.cycle.skps.get(employee=org.ppk)
    extend_for(plan.cycle, "period", 1, org.pegawai)
    url = reverse("appraisal:realisation", args=[approved.public_id, 1])

    own = login("pegawai").get(url)
    assert own.status_code == 200
    html = own.content.decode()
    assert 'data-testid="window-extension"' in html and REASON in html

    colleague = login("ppk").get(reverse("appraisal:realisation", args=[kasi.public_id, 1]))
    assert colleague.status_code == 200
    assert 'data-testid="window-extension"' not in colleague.content.decode()
    assert REASON not in login("ppk").get(url).content.decode()


def test_an_extension_overtaken_by_a_later_window_is_not_announced(plan, org):
    skp = plan.draft(org.pegawai)
    until = extend_for(plan.cycle, "skp", 0, org.pegawai, days=2)
    plan.cycle.windows.filter(kind="skp").update(closes_on=until + dt.timedelta(days=5))
    plan.cycle.refresh_from_db()
    skp.cycle = plan.cycle
    state = skp_window(skp)
    assert state.extension is None and state.closes_on == until + dt.timedelta(days=5)
