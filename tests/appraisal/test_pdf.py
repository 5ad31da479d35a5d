"""The SKP as an official PDF: the whole plan in Indonesian, the PPK as approved, 404 outside scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.org.models import AgencyProfile
from appraisal.choices import SkpStatus
from appraisal.documents import skp as pdf
from appraisal.documents.skp import render_skp_html, skp_pdf_filename
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from indicators.choices import GUIDE_BEHAVIOURS
from tests.actors import actor
from tests.appraisal.conftest import FULL_IKI

pytestmark = pytest.mark.django_db

LAMPIRAN = {
    "dukungan": ["Anggaran kegiatan surveilans pada DPA", "Akses aplikasi SKDR"],
    "skema": ["Laporan bulanan kepada Kepala Seksi"],
    "konsekuensi": ["Tambahan penghasilan sesuai capaian kinerja"],
}


def detail(skp):
    from appraisal.plans.selectors import skp_detail_queryset

    return skp_detail_queryset().get(pk=skp.pk)


@pytest.fixture
def approved_skp(org, plan):
    """The pegawai's SKP approved by the kepala seksi, with plans, Lampiran and expectations."""
    _kadis, _kabid, kasi = plan.chain()
    skp = plan.start(org.pegawai)
    plan.add_rhk(
        skp, text="Tersedianya analisis data surveilans mingguan", linked_to=kasi.rhks.get()
    )
    rhk = skp.rhks.get()
    skp_edit.rhk_save(
        skp,
        rhk,
        FULL_IKI,
        {1: "Menyusun format analisis", 3: "Evaluasi"},
        {kasi.rhks.get().pk},
        actor=actor(org.pegawai),
    )
    plan.add_rhk(skp, text="Terlaksananya diseminasi buletin epidemiologi", section="tambahan")
    skp_edit.lampiran_save(skp, LAMPIRAN, actor=actor(org.pegawai))
    skp_edit.expectations_save(
        skp, {"akuntabel": "Laporan lengkap dengan bukti dukung"}, actor=actor(org.ppk)
    )
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    return skp_flow.skp_approve(skp, actor=actor(org.ppk))


def test_the_approved_plan_is_all_there_in_the_official_layout(org, approved_skp):
    html = render_skp_html(detail(approved_skp))

    assert "SASARAN KINERJA PEGAWAI" in html
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in html
    assert "PEMERINTAH KOTA UJI" in html
    year = approved_skp.cycle.year
    assert f"PERIODE PENILAIAN: 1 Januari {year} s.d. 31 Desember {year}" in html
    assert "PEGAWAI YANG DINILAI" in html and "PEJABAT PENILAI KINERJA" in html
    assert org.pegawai.nip in html and org.ppk.nip in html
    assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" in html
    assert "A. Utama" in html and "B. Tambahan" in html
    assert "Tersedianya analisis data surveilans mingguan" in html
    assert "Tersedianya data surveilans yang akurat" in html  # the intervened RHK of the kasi
    assert "Persentase laporan tanpa revisi" in html and "100 %" in html
    assert "Triwulan I:</strong> Menyusun format analisis" in html
    for behaviours in GUIDE_BEHAVIOURS.values():
        for behaviour in behaviours:
            assert behaviour in html
    assert "Laporan lengkap dengan bukti dukung" in html
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in html
    for heading in ("DUKUNGAN SUMBER DAYA", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI"):
        assert heading in html
    for lines in LAMPIRAN.values():
        for line in lines:
            assert line in html
    assert "DRAFT" not in html and "belum ditetapkan" not in html


def test_the_ppk_block_and_signature_come_from_the_approval_snapshot(org, approved_skp):
    org.ppk.name = "Nama Baru Setelah Disetujui"
    org.ppk.save()
    approved_skp.decided_at = timezone.make_aware(dt.datetime(2026, 1, 31, 9, 0))
    approved_skp.save()

    html = render_skp_html(detail(approved_skp))

    assert approved_skp.ppk_name == "Kasi Surveilans"
    assert "Kasi Surveilans" in html and "Nama Baru Setelah Disetujui" not in html
    assert "Kepala Seksi Surveilans" in html
    assert "Kota Uji, 31 Januari 2026" in html  # region from the agency name, date of approval
    assert "Pegawai yang Dinilai" in html and "Pejabat Penilai Kinerja" in html


def test_the_document_stays_indonesian_for_an_english_reader(approved_skp):
    with translation.override("en"):
        html = render_skp_html(detail(approved_skp))

    assert "1 Januari" in html and "Desember" in html and "January" not in html


def test_the_region_name_is_the_place_when_set(org, approved_skp):
    AgencyProfile.objects.filter(pk=1).update(region_name="Laras Bahari")

    html = render_skp_html(detail(approved_skp), today=dt.date(2026, 2, 3))

    assert "Laras Bahari, " in html and "Kota Uji, " not in html


def test_a_draft_shows_todays_ppk_marked_not_yet_approved_and_a_watermark(org, plan):
    _kadis, _kabid, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())

    html = render_skp_html(detail(skp), today=dt.date(2026, 3, 2))

    assert "DRAFT" in html and "(belum ditetapkan)" in html
    assert org.ppk.full_name in html and org.ppk.nip in html
    assert "2 Maret 2026" in html


def test_a_jpt_plan_shows_the_perspektif_instead_of_an_intervened_rhk(org, plan):
    skp = plan.start(org.kepala_unit)
    plan.add_rhk(skp, text="Meningkatnya derajat kesehatan masyarakat", perspektif="anggaran")

    html = render_skp_html(detail(skp))

    assert "PERSPEKTIF" in html and "Anggaran" in html
    assert "PIMPINAN YANG DIINTERVENSI" not in html
    assert "Wali Kota" in html  # the external appraiser of a head of OPD


def test_the_html_is_built_from_a_few_queries(approved_skp, django_assert_max_num_queries):
    skp = detail(approved_skp)
    with django_assert_max_num_queries(2):
        render_skp_html(skp)


def test_the_pegawai_gets_a_real_pdf_inline(login, approved_skp):
    response = login("pegawai").get(
        reverse("appraisal:skp_pdf", kwargs={"public_id": approved_skp.public_id})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    year, nip = approved_skp.cycle.year, approved_skp.employee.nip
    assert response["Content-Disposition"] == f'inline; filename="SKP-{year}-{nip}-v1.pdf"'
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("ppk", 200),
        ("atasan_ppk", 200),
        ("kepala_unit", 200),
        ("admin_opd", 200),
        ("admin_bkd", 200),
        ("outsider", 404),
        ("admin_opd_other", 404),
    ],
)
def test_who_may_print_it(login, approved_skp, monkeypatch, persona, status):
    monkeypatch.setattr(pdf, "render_skp_pdf", lambda skp: b"%PDF-stub")
    url = reverse("appraisal:skp_pdf", kwargs={"public_id": approved_skp.public_id})

    assert login(persona).get(url).status_code == status


def test_anonymous_is_sent_to_login_and_post_is_refused(login, approved_skp):
    url = reverse("appraisal:skp_pdf", kwargs={"public_id": approved_skp.public_id})

    assert login("anonymous").get(url).status_code == 302
    assert login("pegawai").post(url).status_code == 405


def test_a_revised_plan_is_numbered_by_version(org, approved_skp):
    revision = skp_flow.skp_revise(approved_skp, "Target berubah", actor=actor(org.pegawai))
    approved_skp.refresh_from_db()

    assert skp_pdf_filename(revision).endswith("-v2.pdf")
    assert approved_skp.status == SkpStatus.APPROVED  # still in force until v2 is approved
    assert "DRAFT" in render_skp_html(detail(revision))
