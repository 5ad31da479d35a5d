"""The PPK reviewing a submitted plan reads the indicator coach's hints beside each IKI."""

from __future__ import annotations

from django.urls import reverse

from appraisal.plans.services import flow as skp_flow
from tests.appraisal.conftest import owner


def test_the_ppk_reads_the_hints_when_reviewing(plan, org, login, english):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp.rhks.get().ikis.filter(aspek="kualitas").update(indicator="Mengoptimalkan pelayanan")
    skp_flow.skp_submit(skp, actor=owner(org.pegawai))
    page = login("ppk").get(reverse("appraisal:skp_review", args=[skp.public_id]))
    assert page.status_code == 200
    assert 'data-testid="iki-hints"' in page.text and "“mengoptimalkan”" in page.text
