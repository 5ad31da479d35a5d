"""Issue 20, point 12: the Penetapan predikat kinerja organisasi is signed by the leader whose
decision it records; "a.n." only when an admin BKD entered it on their behalf, as stored."""

import pytest

from appraisal.calibration import services
from appraisal.documents.predicate import render_predicate_html
from tests.actors import actor

pytestmark = pytest.mark.django_db


def _signature(html: str) -> str:
    return html[html.index('<table class="signatures">') :]


def test_the_leader_signs_even_when_they_give_a_reason(org, cycle):
    # A reason no longer means "on behalf": the leader one level up (Kepala Bidang P2P) decided.
    stored = services.unit_predicate_set(
        cycle, org.surv, 1, "BAIK", actor=actor(org.atasan_ppk), reason="Capaian PK tercapai"
    )
    assert stored.on_behalf is False
    signature = _signature(render_predicate_html(cycle, org.surv, 1, {org.surv.pk: None}))
    assert "a.n." not in signature
    assert "Kepala Bidang P2P" in signature and org.atasan_ppk.full_name in signature
    assert org.atasan_ppk.nip in signature


def test_an_admin_bkd_entry_is_signed_on_behalf_of_the_leader(org, cycle):
    stored = services.unit_predicate_set(
        cycle, org.surv, 0, "ISTIMEWA", actor=actor(org.admin_bkd), reason="Kabid cuti"
    )
    assert stored.on_behalf is True
    html = render_predicate_html(cycle, org.surv, 0, {org.surv.pk: None})
    signature = _signature(html)
    assert "a.n. Kepala Bidang P2P" in signature and org.admin_bkd.full_name in signature
    note = html[html.index('<p class="note">Keputusan') :]
    assert "Kabid cuti" in note and org.atasan_ppk.full_name in note  # whose decision it is


def test_the_leader_setting_it_again_is_no_longer_on_behalf(org, cycle):
    services.unit_predicate_set(
        cycle, org.surv, 1, "BAIK", actor=actor(org.admin_bkd), reason="Kabid cuti"
    )
    again = services.unit_predicate_set(cycle, org.surv, 1, "ISTIMEWA", actor=actor(org.atasan_ppk))
    assert again.on_behalf is False
    assert "a.n." not in _signature(render_predicate_html(cycle, org.surv, 1, {org.surv.pk: None}))
