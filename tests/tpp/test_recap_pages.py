"""The recap upload page: a locked month's recap cannot be replaced, and an OPD's import holds
that OPD's employees only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from tests.actors import actor
from tpp.attendance.models import Recap, RecapImport
from tpp.months.services import month_compute, month_lock
from tpp.schemes.services import scheme_start

pytestmark = pytest.mark.django_db
YEAR, MONTH = 2026, 2


def _csv(*nips) -> SimpleUploadedFile:
    header = "NIP;TL1;TL2;TL3;TL4;PSW1;PSW2;PSW3;PSW4;TK;CT;CB;CS;CM;CAP;CLTN\n"
    rows = "".join(f"{nip};1;0;0;0;0;0;0;0;0;0;0;0;0;0;0\n" for nip in nips)
    return SimpleUploadedFile("rekap.csv", (header + rows).encode())


def _post(client, opd, *nips):
    data = {"year": YEAR, "month": MONTH, "opd": opd, "source": "Mesin", "file": _csv(*nips)}
    return client.post(reverse("tpp:recap_upload"), data)


def test_a_locked_month_refuses_a_new_recap_for_its_opd(org, login):
    by = actor(org.admin_bkd)
    scheme_start(Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN), actor=by)
    month_lock(month_compute(YEAR, MONTH, org.dinkes, actor=by), actor=by)
    client = login("admin_bkd")
    for opd in ("DINKES", ""):  # the OPD itself, or the whole agency
        response = _post(client, opd, org.outsider.nip)
        assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not RecapImport.objects.exists()


def test_an_opds_import_holds_its_employees_only(org, login):
    response = _post(login("admin_bkd"), "DINKES", org.pegawai.nip, org.outsider.nip)
    assert response.status_code == 200
    assert [e.nip for e in response.context["parsed"].errors] == [org.outsider.nip]
    assert not Recap.objects.exists()
    assert _post(login("admin_bkd"), "DINKES", org.pegawai.nip).status_code == 302
    assert Recap.objects.get().employee == org.pegawai
