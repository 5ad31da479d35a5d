"""SKP transitions and their refusals: submit, approve, return, revise, mutasi, the PPK rule."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.org import services as org_services
from accounts.org.reporting import OrgSnapshot
from appraisal.choices import CycleStatus, SkpStatus
from appraisal.cycles import services as cycle_services
from appraisal.cycles.models import Cycle, Window
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.selectors import intervenable_rhks
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.services import hand_down
from core.errors import DomainError
from notifications.models import Notification
from tests.actors import actor
from tests.appraisal.conftest import iki, owner
from tests.factories import PositionFactory


def test_start_takes_the_dates_and_position_of_the_assignment(plan, org, cycle):
    skp = plan.start(org.pegawai)
    assert skp.position == org.staff_pos and skp.status == SkpStatus.DRAFT
    assert skp.start_date == max(
        dt.date(cycle.year, 1, 1), org.pegawai.assignments.get().start_date
    )
    assert skp.end_date == dt.date(cycle.year, 12, 31)
    with pytest.raises(DomainError):
        plan.start(org.pegawai)


def test_start_is_refused_while_the_cycle_is_not_open(org, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=CycleStatus.DRAFT)
    cycle.refresh_from_db()
    with pytest.raises(DomainError):
        skp_edit.skp_start(org.pegawai, cycle, actor=actor(org.pegawai))


def test_submit_needs_an_utama_rhk_with_a_link_and_targets(plan, org, english):
    kadis, kabid, kasi = plan.chain()
    skp = plan.start(org.pegawai)
    with pytest.raises(DomainError, match="A. Utama"):
        skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    rhk = Rhk.objects.create(skp=skp, section="utama", text="Tanpa tautan")
    with pytest.raises(DomainError) as refusal:
        skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    assert "no indicator" in str(refusal.value) and "contributes to" in str(refusal.value)
    rhk.delete()
    plan.add_rhk(skp, linked_to=kasi.rhks.get(), ikis=[iki()])
    warnings = skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    assert any("Kualitas, Waktu" in w for w in warnings)  # warned, not blocked
    skp.refresh_from_db()
    assert skp.status == SkpStatus.SUBMITTED and skp.ppk_employee == org.ppk


def test_submitting_notifies_the_ppk_with_a_link(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    note = Notification.objects.get(recipient=org.ppk.user, url__contains=str(skp.public_id))
    assert org.pegawai.name in note.text


def test_submit_waits_for_the_ppks_approved_skp_and_says_why(plan, org, cycle, english):
    skp = plan.start(org.pegawai)
    Rhk.objects.create(skp=skp, section="utama", text="Belum bisa ditautkan")
    with pytest.raises(DomainError) as refusal:
        skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    assert "Kasi Surveilans" in str(refusal.value) and "no approved SKP" in str(refusal.value)
    cycle_services.waiver_grant(cycle, org.pegawai, "PPK cuti panjang", actor=actor(org.admin_bkd))
    skp.rhks.all().delete()
    plan.add_rhk(skp)  # no link: the waiver lifts it, there is nothing to link to
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    skp.refresh_from_db()
    assert skp.status == SkpStatus.SUBMITTED


def test_the_page_tells_the_employee_why_they_must_wait(plan, org, login, english):
    plan.draft(org.pegawai)
    skp = Skp.objects.get(employee=org.pegawai)
    page = login("pegawai").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert "Kasi Surveilans" in page.context["waiting_for_ppk"]


def test_the_picker_offers_only_the_ppks_approved_rhk(plan, org):
    kadis, kabid, kasi = plan.chain()
    draft_of_colleague = plan.draft(org.colleague, linked_to=kasi.rhks.get())
    skp = plan.start(org.pegawai)
    offered = set(intervenable_rhks(skp))
    assert offered == set(kasi.rhks.all())
    foreign = kabid.rhks.get()
    with pytest.raises(DomainError):
        skp_edit.rhk_save(
            skp,
            Rhk(skp=skp, section="utama", text="x", intervened=foreign),
            [iki()],
            {},
            {r.pk for r in offered},
            actor=actor(org.pegawai),
        )
    assert not set(intervenable_rhks(skp)) & set(draft_of_colleague.rhks.all())


def test_approve_stores_the_appraisers_as_of_that_day(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    skp_flow.skp_approve(skp, actor=actor(org.ppk))
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED
    assert (skp.ppk_name, skp.ppk_nip, skp.ppk_title) == (
        org.ppk.full_name,
        org.ppk.nip,
        "Kepala Seksi Surveilans",
    )
    assert skp.atasan_employee == org.atasan_ppk and skp.atasan_name == org.atasan_ppk.full_name
    assert Notification.objects.filter(recipient=org.pegawai.user).exists()


def test_only_the_ppk_approves_and_only_a_submitted_skp(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    with pytest.raises(DomainError):
        skp_flow.skp_approve(skp, actor=actor(org.ppk))  # still a draft
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    with pytest.raises(DomainError):
        skp_flow.skp_approve(skp, actor=actor(org.atasan_ppk))


def test_return_keeps_the_notes_and_the_employee_resubmits(plan, org, login):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    with pytest.raises(DomainError):
        skp_flow.skp_return(skp, "  ", actor=actor(org.ppk))
    skp_flow.skp_return(skp, "Target kualitas terlalu rendah", actor=actor(org.ppk))
    skp.refresh_from_db()
    assert skp.status == SkpStatus.RETURNED and skp.is_editable
    page = login("pegawai").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert "Target kualitas terlalu rendah" in page.content.decode()
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    skp_flow.skp_approve(skp, actor=actor(org.ppk))
    page = login("pegawai").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert "Target kualitas terlalu rendah" in page.content.decode()  # notes stay on the SKP


def test_a_closed_window_refuses_edits_and_shows_the_date(plan, org, cycle, login, english):
    skp = plan.draft(org.pegawai)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Window.objects.filter(cycle=cycle, kind="skp").update(
        opens_on=dt.date(cycle.year, 1, 1),
        closes_on=yesterday,
    )
    with pytest.raises(DomainError, match="closed on"):
        plan.add_rhk(skp, section="tambahan")
    with pytest.raises(DomainError, match="closed on"):
        skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    page = login("pegawai").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert "closed on" in page.context["refusal"]
    assert not page.context["editable"]
    response = login("pegawai").get(reverse("appraisal:rhk_create", args=[skp.public_id]))
    assert response.status_code == 302


def test_an_extension_for_the_employee_reopens_their_plan(plan, org, cycle):
    skp = plan.draft(org.pegawai)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    window = Window.objects.get(cycle=cycle, kind="skp")
    Window.objects.filter(pk=window.pk).update(closes_on=yesterday)
    window.refresh_from_db()
    cycle_services.window_extend(
        window,
        "employee",
        timezone.localdate(),
        "Sakit",
        actor=actor(org.admin_bkd),
        employee=org.pegawai,
    )
    plan.add_rhk(skp, section="tambahan")


def test_revision_keeps_the_approved_version_until_approved(plan, org, english):
    *_, kasi = plan.chain()
    v1 = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(v1, actor=actor(org.pegawai))
    skp_flow.skp_approve(v1, actor=actor(org.ppk))
    v1.refresh_from_db()
    with pytest.raises(DomainError):
        skp_flow.skp_revise(v1, "", actor=actor(org.pegawai))
    v2 = skp_flow.skp_revise(v1, "Anggaran berubah", actor=actor(org.pegawai))
    assert (v2.version, v2.status, v2.revision_of) == (2, SkpStatus.DRAFT, v1)
    with pytest.raises(DomainError):
        skp_flow.skp_revise(v1, "lagi", actor=actor(org.pegawai))
    old_rhk, new_rhk = v1.rhks.get(), v2.rhks.get()
    assert old_rhk.lineage == new_rhk.lineage and new_rhk.intervened == old_rhk.intervened
    plan.add_rhk(v2, text="RHK baru", linked_to=kasi.rhks.get())
    v1.refresh_from_db()
    assert v1.status == SkpStatus.APPROVED
    skp_flow.skp_submit(v2, actor=actor(org.pegawai))
    skp_flow.skp_approve(v2, actor=actor(org.ppk))
    v1.refresh_from_db()
    assert v1.status == SkpStatus.SUPERSEDED
    from appraisal.plans.versions import version_changes

    changes = version_changes(v1, v2)
    assert [c.kind for c in changes] == ["added"] and changes[0].text == "RHK baru"


def test_links_follow_the_supervisors_rhk_through_a_revision(plan, org):
    *_, kasi = plan.chain()
    kasi_v2 = skp_flow.skp_revise(kasi, "Revisi", actor=actor(org.ppk))
    skp_flow.skp_submit(kasi_v2, actor=actor(org.ppk))
    skp_flow.skp_approve(kasi_v2, actor=actor(org.atasan_ppk))
    skp = plan.start(org.pegawai)
    assert set(intervenable_rhks(skp)) == set(kasi_v2.rhks.all())


def test_mutasi_ends_the_old_skp_and_starts_a_new_one(plan, org, cycle):
    skp = plan.draft(org.pegawai)
    today = timezone.localdate()
    new_post = PositionFactory(name="Epidemiolog", unit=org.surv, parent=org.kasi_pos)
    org_services.employee_transfer(
        org.pegawai, new_post, today, "SK mutasi", actor=actor(org.admin_bkd)
    )
    skp.refresh_from_db()
    assert skp.end_date == today - dt.timedelta(days=1)
    new = Skp.objects.get(employee=org.pegawai, position=new_post)
    assert (new.start_date, new.status) == (today, SkpStatus.DRAFT)


def test_hand_down_skips_a_submitted_skp(plan, org):
    *_, kasi = plan.chain()
    submitted = plan.draft(org.colleague, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(submitted, actor=owner(org.colleague))
    given, skipped = hand_down.rhk_hand_down(
        kasi.rhks.get(), [org.pegawai, org.colleague], actor=actor(org.ppk)
    )
    assert given == [org.pegawai] and [e for e, _ in skipped] == [org.colleague]
    handed = Rhk.objects.get(skp__employee=org.pegawai)
    assert handed.intervened == kasi.rhks.get() and handed.section == "utama"


def test_copy_from_last_year(org, plan, cycle):
    from tests.appraisal.conftest import Plan, open_cycle_for

    last = open_cycle_for(cycle.year - 1, (dt.date(cycle.year - 1, 1, 1), timezone.localdate()))
    old = Plan(org, last).start(org.pegawai)
    Plan(org, last).add_rhk(old, text="RHK tahun lalu", section="tambahan")
    skp = plan.start(org.pegawai)
    assert skp_edit.skp_copy_previous(skp, actor=actor(org.pegawai)) == 1
    copied = skp.rhks.get()
    assert copied.text == "RHK tahun lalu" and copied.intervened is None
    assert copied.lineage != old.rhks.get().lineage
    with pytest.raises(DomainError):
        skp_edit.skp_copy_previous(skp, actor=actor(org.pegawai))


def test_pick_from_the_library(org, plan, login):
    from indicators.demo.seed import seed_library
    from indicators.models import LibraryEntry

    seed_library()
    entry = LibraryEntry.objects.filter(is_active=True).first()
    skp = plan.start(org.pegawai)
    response = login("pegawai").post(
        reverse("appraisal:rhk_from_library", args=[skp.public_id]),
        {"library_entry": str(entry.public_id)},
    )
    rhk = skp.rhks.get()
    assert response.url == reverse("appraisal:rhk_edit", args=[rhk.public_id])
    assert rhk.text == entry.rhk and rhk.ikis.count() == entry.indicators.count()


def test_a_refused_rhk_form_keeps_everything_typed(plan, org, login):
    skp = plan.start(org.pegawai)
    data = {
        "section": "tambahan",
        "text": "Terlaksananya pelatihan kader",
        "link_kind": "direct",
        "iki-TOTAL_FORMS": "1",
        "iki-INITIAL_FORMS": "0",
        "iki-0-aspek": "kuantitas",
        "iki-0-indicator": "Jumlah kader terlatih",
        "iki-0-target_value": "",
        "iki-0-target_unit": "orang",
        "plan_2": "Pelatihan angkatan I",
    }
    response = login("pegawai").post(reverse("appraisal:rhk_create", args=[skp.public_id]), data)
    assert response.status_code == 200
    page = response.content.decode()
    for typed in (
        "Terlaksananya pelatihan kader",
        "Jumlah kader terlatih",
        "orang",
        "Pelatihan angkatan I",
    ):
        assert typed in page
    assert not skp.rhks.exists()
    data["iki-0-target_value"] = "40"
    response = login("pegawai").post(reverse("appraisal:rhk_create", args=[skp.public_id]), data)
    assert response.status_code == 302
    rhk = skp.rhks.get()
    assert rhk.rencana_aksi.get().text == "Pelatihan angkatan I"


def test_reorder_and_delete_in_draft(plan, org, login):
    skp = plan.start(org.pegawai)
    first = plan.add_rhk(skp, text="Satu", section="tambahan")
    second = plan.add_rhk(skp, text="Dua", section="tambahan")
    client = login("pegawai")
    client.post(reverse("appraisal:rhk_move", args=[second.public_id]), {"direction": "up"})
    assert list(skp.rhks.order_by("order").values_list("text", flat=True)) == ["Dua", "Satu"]
    client.post(reverse("appraisal:rhk_delete", args=[first.public_id]))
    assert list(skp.rhks.values_list("text", flat=True)) == ["Dua"]


def test_the_ppk_writes_expectations_per_value(plan, org, login):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    response = login("ppk").post(
        reverse("appraisal:expectations_edit", args=[skp.public_id]),
        {"berorientasi_pelayanan": "Melayani pelapor kasus dalam 1 x 24 jam"},
    )
    assert response.status_code == 302
    assert skp.expectations.get(value="berorientasi_pelayanan").text.startswith("Melayani")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approve_and_return_exactly_one_wins(org):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (SQLite serialises whole transactions)")
    from tests.appraisal.conftest import Plan, open_cycle_for

    cycle = open_cycle_for(timezone.localdate().year)
    plan = Plan(org, cycle)
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    barrier = threading.Barrier(2)
    outcomes = []

    def act(decide):
        barrier.wait()
        try:
            decide()
            outcomes.append("ok")
        except DomainError as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=(lambda: skp_flow.skp_approve(skp, actor=actor(org.ppk)),)
        ),
        threading.Thread(
            target=act,
            args=(lambda: skp_flow.skp_return(skp, "Perbaiki", actor=actor(org.ppk)),),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "ok" and outcomes.count("ok") == 1
    skp.refresh_from_db()
    assert skp.status in (SkpStatus.APPROVED, SkpStatus.RETURNED)


def test_the_admin_bkd_records_the_kepala_daerahs_decision_on_a_head_of_opd(plan, org, login):
    skp = plan.start(org.kepala_unit)
    plan.add_rhk(skp, perspektif="penerima_layanan")
    skp_flow.skp_submit(skp, actor=actor(org.kepala_unit))
    assert Notification.objects.filter(recipient=org.admin_bkd.user).exists()
    with pytest.raises(DomainError):
        skp_flow.skp_approve(skp, actor=actor(org.admin_opd))  # an admin, but not the BKD's
    assert (
        login("admin_opd").post(reverse("appraisal:skp_approve", args=[skp.public_id])).status_code
        == 403
    )
    response = login("admin_bkd").post(
        reverse("appraisal:skp_approve", args=[skp.public_id]), {"confirm_no_expectations": "on"}
    )
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED
    assert (skp.ppk_employee, skp.ppk_name, skp.ppk_title) == (None, "Wali Kota Uji", "Wali Kota")


def test_monitoring_lists_heads_awaiting_the_kepala_daerah(plan, org, login):
    skp = plan.start(org.kepala_unit)
    plan.add_rhk(skp, perspektif="penerima_layanan")
    skp_flow.skp_submit(skp, actor=actor(org.kepala_unit))
    response = login("admin_bkd").get(reverse("appraisal:monitoring"))
    assert response.context["for_the_head"] == [skp]
    assert "for_the_head" not in login("admin_opd").get(reverse("appraisal:monitoring")).context


def test_hand_down_only_from_an_approved_skp(plan, org):
    own = plan.draft(org.ppk)
    with pytest.raises(DomainError):
        hand_down.rhk_hand_down(own.rhks.get(), [org.pegawai], actor=actor(org.ppk))


def _rhk_post(rhk, **changes):
    data = {
        "section": rhk.section,
        "text": rhk.text,
        "intervened": rhk.intervened_id or "",
        "link_kind": rhk.link_kind,
        "iki-TOTAL_FORMS": str(rhk.ikis.count() + 1),
        "iki-INITIAL_FORMS": str(rhk.ikis.count()),
    }
    for index, item in enumerate(rhk.ikis.all()):
        data |= {
            f"iki-{index}-aspek": item.aspek,
            f"iki-{index}-indicator": item.indicator,
            f"iki-{index}-target_value": str(item.target_value),
            f"iki-{index}-target_unit": item.target_unit,
            f"iki-{index}-target_text": item.target_text,
        }
    return data | changes


def test_editing_only_the_rhk_text_keeps_every_indicator(plan, org, login):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    rhk = skp.rhks.get()
    response = login("pegawai").post(
        reverse("appraisal:rhk_edit", args=[rhk.public_id]), _rhk_post(rhk, text="Teks baru")
    )
    assert response.status_code == 302
    rhk.refresh_from_db()
    assert rhk.text == "Teks baru" and rhk.ikis.count() == 3


def test_ticking_remove_drops_just_that_indicator(plan, org, login):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    rhk = skp.rhks.get()
    login("pegawai").post(
        reverse("appraisal:rhk_edit", args=[rhk.public_id]),
        _rhk_post(rhk, **{"iki-1-DELETE": "on"}),
    )
    assert sorted(rhk.ikis.values_list("aspek", flat=True)) == ["kuantitas", "waktu"]


def _history_types(model, **filters) -> list[str]:
    return sorted(model.history.filter(**filters).values_list("history_type", flat=True))


def test_saving_an_rhk_writes_only_the_indicators_that_changed(plan, org, login):
    """The audit trail shows what the owner edited: an unchanged indicator keeps its row (and its
    id), an edited one is updated in place, a removed one deleted, a new one created."""
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    rhk = skp.rhks.get()
    first, second, third = rhk.ikis.all()
    before = {iki.pk: iki.history.count() for iki in (first, second, third)}
    changes = {
        "iki-0-indicator": "Jumlah laporan yang diperbaiki",
        "iki-2-DELETE": "on",
        "iki-3-aspek": "kualitas",
        "iki-3-indicator": "Indikator baru",
        "iki-3-target_value": "90",
        "iki-3-target_unit": "%",
    }
    response = login("pegawai").post(
        reverse("appraisal:rhk_edit", args=[rhk.public_id]), _rhk_post(rhk, **changes)
    )
    assert response.status_code == 302
    ikis = list(rhk.ikis.all())
    assert [i.pk for i in ikis[:2]] == [first.pk, second.pk]
    assert [i.order for i in ikis] == [1, 2, 3]
    assert ikis[0].indicator == "Jumlah laporan yang diperbaiki"
    assert ikis[2].indicator == "Indikator baru" and ikis[2].pk not in before
    assert first.history.count() == before[first.pk] + 1  # "~"
    assert first.history.first().history_type == "~"
    assert second.history.count() == before[second.pk]  # untouched: no history row
    assert third.history.first().history_type == "-"
    assert _history_types(type(first), rhk_id=rhk.pk, id=ikis[2].pk) == ["+"]


def test_saving_an_rhk_unchanged_keeps_its_indicators_and_rencana_aksi(plan, org, login):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    rhk = skp.rhks.get()
    client = login("pegawai")
    url = reverse("appraisal:rhk_edit", args=[rhk.public_id])
    client.post(url, _rhk_post(rhk, plan_1="Menyusun laporan", plan_2="Rapat koordinasi"))
    kept = {ra.period: ra.pk for ra in rhk.rencana_aksi.all()}
    ikis = list(rhk.ikis.values_list("pk", flat=True))
    iki_history = type(rhk.ikis.first()).history.filter(rhk_id=rhk.pk).count()
    client.post(url, _rhk_post(rhk, plan_1="Menyusun laporan", plan_2="Rapat koordinasi"))
    assert list(rhk.ikis.values_list("pk", flat=True)) == ikis
    assert len(kept) == 2 and {ra.period: ra.pk for ra in rhk.rencana_aksi.all()} == kept
    assert type(rhk.ikis.first()).history.filter(rhk_id=rhk.pk).count() == iki_history
    client.post(url, _rhk_post(rhk, plan_1="Menyusun laporan akhir", plan_2=""))
    plans = {ra.period: (ra.pk, ra.text) for ra in rhk.rencana_aksi.all()}
    assert plans == {1: (kept[1], "Menyusun laporan akhir")}


def test_an_utama_rhk_can_be_written_before_it_can_be_linked(plan, org, login):
    skp = plan.start(org.pegawai)  # the PPK has no approved SKP yet
    data = {
        "section": "utama",
        "text": "Ditulis dulu, ditautkan nanti",
        "iki-TOTAL_FORMS": "1",
        "iki-INITIAL_FORMS": "0",
        "iki-0-aspek": "kuantitas",
        "iki-0-indicator": "Jumlah laporan",
        "iki-0-target_value": "12",
        "iki-0-target_unit": "laporan",
    }
    response = login("pegawai").post(reverse("appraisal:rhk_create", args=[skp.public_id]), data)
    assert response.status_code == 302 and skp.rhks.get().intervened is None


def test_an_admin_bkd_never_decides_their_own_skp(plan, org, login):
    from accounts.org.models import AdminRole

    AdminRole.objects.create(user=org.kepala_unit.user, kind="admin_bkd")
    own = plan.start(org.kepala_unit)  # a head of OPD: the Kepala Daerah is their PPK
    plan.add_rhk(own, perspektif="anggaran")
    skp_flow.skp_submit(own, actor=actor(org.kepala_unit))
    url = reverse("appraisal:skp_approve", args=[own.public_id])
    assert login("kepala_unit").post(url).status_code == 403
    with pytest.raises(DomainError):
        skp_flow.skp_approve(own, actor=actor(org.kepala_unit))
    assert login("admin_bkd").post(url, {"confirm_no_expectations": "on"}).status_code == 302


def test_a_vacant_chain_is_not_the_kepala_daerahs_to_decide(plan, org, login):
    from accounts.org.roles import roles_for_user
    from appraisal.plans.policies import decides_for_the_head

    skp = plan.start(org.pegawai)
    for person in (org.ppk, org.atasan_ppk, org.kepala_unit):
        person.assignments.update(end_date=dt.date(plan.cycle.year - 1, 12, 31))
    skp = Skp.objects.select_related("position", "employee").get(pk=skp.pk)
    assert OrgSnapshot(timezone.localdate()).ppk(org.pegawai.pk).is_external
    assert not decides_for_the_head(roles_for_user(org.admin_bkd.user), skp)


def test_jpt_rhk_need_a_perspektif_to_submit(plan, org, english):
    skp = plan.start(org.kepala_unit)
    Rhk.objects.create(skp=skp, section="utama", text="Tanpa perspektif")
    errors, _warnings = skp_flow.submission_problems(skp)
    assert any("perspektif" in e for e in errors)


def test_this_years_cycle_is_the_one_to_plan_in(org, cycle):
    from appraisal.cycles.selectors import open_cycle
    from tests.appraisal.conftest import open_cycle_for

    open_cycle_for(cycle.year + 1)
    assert open_cycle() == cycle


def test_a_revision_is_notified_and_can_be_discarded(plan, org, login):
    *_, kasi = plan.chain()
    v1 = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(v1, actor=actor(org.pegawai))
    skp_flow.skp_approve(v1, actor=actor(org.ppk))
    v2 = skp_flow.skp_revise(Skp.objects.get(pk=v1.pk), "Target berubah", actor=actor(org.ppk))
    assert Notification.objects.filter(recipient=org.pegawai.user, url__contains=str(v2.public_id))
    rows = {
        r["employee"].pk: r for r in login("ppk").get(reverse("appraisal:team")).context["rows"]
    }
    assert rows[org.pegawai.pk]["skp"] == v1 and rows[org.pegawai.pk]["revising"]
    response = login("pegawai").post(reverse("appraisal:revision_discard", args=[v2.public_id]))
    assert response.url == reverse("appraisal:skp_detail", args=[v1.public_id])
    assert not Skp.objects.filter(pk=v2.pk).exists()
    v1.refresh_from_db()
    assert v1.status == SkpStatus.APPROVED


def test_a_same_day_mutasi_correction_moves_the_new_draft(plan, org, cycle):
    today = timezone.localdate()
    plan.draft(org.pegawai)
    first = PositionFactory(name="Epidemiolog", unit=org.surv, parent=org.kasi_pos)
    second = PositionFactory(name="Entomolog", unit=org.surv, parent=org.kasi_pos)
    org_services.employee_transfer(
        org.pegawai, first, today, "SK mutasi", actor=actor(org.admin_bkd)
    )
    Skp.objects.filter(employee=org.pegawai, position=first).update()
    org.pegawai.assignments.filter(position=first).delete()  # the wrong decree is withdrawn
    org.pegawai.refresh_from_db()
    org_services.employee_transfer(
        org.pegawai, second, today, "SK ralat", actor=actor(org.admin_bkd)
    )
    assert Skp.objects.get(employee=org.pegawai, start_date=today).position == second


def test_a_refused_hand_down_leaves_no_empty_plan(plan, org, cycle):
    *_, kasi = plan.chain()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Window.objects.filter(cycle=cycle, kind="skp").update(closes_on=yesterday)
    given, skipped = hand_down.rhk_hand_down(kasi.rhks.get(), [org.pegawai], actor=actor(org.ppk))
    assert given == [] and len(skipped) == 1
    assert not Skp.objects.filter(employee=org.pegawai).exists()


def test_copy_prefers_the_approved_plan_and_replaces_the_lampiran(org, plan, cycle):
    from tests.appraisal.conftest import Plan, open_cycle_for

    last = open_cycle_for(cycle.year - 1, (dt.date(cycle.year - 1, 1, 1), timezone.localdate()))
    old_plan = Plan(org, last)
    approved = old_plan.start(org.pegawai)
    old_plan.add_rhk(approved, text="Yang disetujui", section="tambahan")
    skp_edit.lampiran_save(approved, {"dukungan": ["Anggaran lama"]}, actor=actor(org.pegawai))
    Skp.objects.filter(pk=approved.pk).update(status=SkpStatus.APPROVED)
    skp = plan.start(org.pegawai)
    skp_edit.lampiran_save(skp, {"dukungan": ["Diketik dulu"]}, actor=actor(org.pegawai))
    skp_edit.skp_copy_previous(skp, actor=actor(org.pegawai))
    assert list(skp.rhks.values_list("text", flat=True)) == ["Yang disetujui"]
    assert list(skp.lampiran.values_list("text", flat=True)) == ["Anggaran lama"]
