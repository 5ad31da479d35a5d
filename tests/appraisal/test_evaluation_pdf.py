"""The evaluation documents: Evaluasi Kinerja Pegawai and the one-page Dokumen Evaluasi, in
Indonesian, with the appraisers as stored on finalising and the objection only when there is one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from appraisal.cycles.models import UnitPredicate
from appraisal.documents import rendering
from appraisal.documents.evaluation import (
    evaluation_pdf_filename,
    render_document_html,
    render_evaluation_html,
)
from appraisal.evaluation import services as ev
from appraisal.objections import services as objections
from appraisal.realisation import services as rs
from indicators.choices import GUIDE_BEHAVIOURS
from tests.actors import actor, system

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def realise(skp, period, values=("10", "95", "3")):
    """The employee's realisation of a period: a value per IKI, a link and a photo."""
    realisation = rs.realisation_for(skp, period, actor=system())
    rhk = skp.rhks.get()
    ikis = list(rhk.ikis.order_by("order", "pk"))
    owner = actor(skp.employee)
    rs.realisation_save(
        realisation,
        {iki.pk: (Decimal(v), "") for iki, v in zip(ikis, values, strict=True)},
        "Data puskesmas terlambat",
        "Pendampingan petugas",
        actor=owner,
    )
    rs.evidence_add(realisation, link="https://drive.example.id/laporan-tw", rhk=rhk, actor=owner)
    rs.evidence_add(
        realisation,
        upload=SimpleUploadedFile("foto-rapat.png", PNG, content_type="image/png"),
        description="Foto rapat validasi data",
        rhk=rhk,
        actor=owner,
    )
    return realisation


def scored(approved, period=1):
    evaluation = ev.evaluation_for(approved, period, actor=system())
    rhk = approved.rhks.get()
    return ev.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="DI_ATAS_EKSPEKTASI",
        notes="Pertahankan ketepatan laporan; ikuti pelatihan analisis data.",
        rhk_notes={rhk.pk: ("Laporan lengkap dan tepat waktu", "DI_ATAS_EKSPEKTASI")},
        perilaku_notes={"akuntabel": "Bukti dukung selalu lengkap"},
        actor=actor(approved.ppk_employee),
    )


@pytest.fixture
def finalised(org, approved):
    realise(approved, 1)
    return ev.evaluation_finalise(scored(approved), actor=actor(org.ppk))


@pytest.fixture
def objected(org, finalised):
    """Received, objected to, explained by the PPK, asked about by the Atasan PPK, decided."""
    evaluation = ev.evaluation_acknowledge(finalised, actor=actor(org.pegawai))
    objection = objections.objection_file(
        evaluation, "Target kualitas telah tercapai 100 %.", actor=actor(org.pegawai)
    )
    objections.objection_message(
        objection, "Dua laporan direvisi karena data ganda.", actor=actor(org.ppk)
    )
    objections.objection_message(
        objection, "Mohon lampirkan daftar revisinya.", actor=actor(org.atasan_ppk), to="ppk"
    )
    return objection


def test_the_evaluation_has_every_block_of_the_official_layout(org, approved, finalised):
    year = approved.cycle.year
    html = render_evaluation_html(finalised)

    assert "EVALUASI KINERJA PEGAWAI" in html
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in html
    assert "PERIODE: TRIWULAN I<" in html
    assert f"PERIODE PENILAIAN: 1 Januari {year} s.d. 31 Maret {year}" in html
    assert "PEMERINTAH KOTA UJI" in html
    assert org.pegawai.nip in html and org.ppk.nip in html and "Kepala Seksi Surveilans" in html
    assert "CAPAIAN KINERJA ORGANISASI</th><td>—" in html
    assert 'POLA DISTRIBUSI</th><td class="pattern">—' in html
    assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" in html
    assert "Tersedianya data surveilans yang akurat" in html  # the kasi's RHK, intervened
    assert "A. Utama" in html and "B. Tambahan" in html
    assert "REALISASI BERDASARKAN BUKTI DUKUNG" in html
    # Each number with its capaian against the target (issue 20, point 8): 10 of ≥ 12 laporan.
    assert "<div>10 laporan (capaian 83,3 %)</div>" in html
    assert "<div>95 % (capaian 95 %)</div>" in html
    assert "Foto rapat validasi data" in html and "https://drive.example.id/laporan-tw" in html
    assert "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG" in html
    assert "Laporan lengkap dan tepat waktu" in html and "(Di Atas Ekspektasi)" in html
    assert "RATING HASIL KERJA" in html and "Sesuai Ekspektasi" in html
    for behaviours in GUIDE_BEHAVIOURS.values():
        for behaviour in behaviours:
            assert behaviour in html
    assert "Bukti dukung selalu lengkap" in html
    assert 'RATING PERILAKU KERJA</th><td colspan="2">Di Atas Ekspektasi' in html
    assert 'PREDIKAT KINERJA PEGAWAI</th><td class="predicate-value">Baik' in html
    today = timezone.localdate()
    assert f"Kota Uji, {today.day} " in html and "Pegawai yang Dinilai" in html
    assert "Pejabat Penilai Kinerja" in html
    assert "DRAFT" not in html
    assert "KEBERATAN" not in html


def test_the_unit_predicate_is_the_organisations_result(org, finalised):
    UnitPredicate.objects.create(
        cycle=finalised.skp.cycle, unit=org.p2p, period=1, predicate="ISTIMEWA"
    )
    UnitPredicate.objects.create(
        cycle=finalised.skp.cycle, unit=org.dinkes, period=1, predicate="BAIK"
    )
    UnitPredicate.objects.create(
        cycle=finalised.skp.cycle, unit=org.surv, period=2, predicate="KURANG"
    )

    html = render_evaluation_html(finalised)
    document = render_document_html(finalised)

    # The nearest unit up the tree with a predicate for that period: the bidang, not the OPD.
    assert "CAPAIAN KINERJA ORGANISASI</th><td>Istimewa" in html
    assert "CAPAIAN KINERJA ORGANISASI</td><td>Istimewa" in document


def test_the_distribution_block_shows_the_units_pattern_and_curve(org, finalised):
    # Issue 20, point 12: the unit's own pattern and its actual curve, not a fixed sentence.
    UnitPredicate.objects.create(
        cycle=finalised.skp.cycle, unit=org.p2p, period=1, predicate="ISTIMEWA"
    )

    html = render_evaluation_html(finalised)

    block = html[html.index("POLA DISTRIBUSI</th>") : html.index("HASIL KERJA</th>")]
    assert "sesuai pola distribusi yang ditetapkan" not in block
    assert "<strong>Istimewa</strong>" in block and "Sangat Baik ≤ 70 %" in block
    assert "Bidang P2P" in block
    # The curve: one row per employee predicate, the evaluation's own Baik among them.
    assert '<td>Baik</td><td class="num">1</td><td class="num">100,0 %</td>' in block
    assert '<td>Sangat Baik</td><td class="num">0</td>' in block
    assert 'style="width: 100%"' in block
    assert "sesuai dengan pola yang berlaku" in block


def test_the_distribution_block_names_a_breach(org, finalised):
    # Under "Sangat Kurang" no Sangat Baik is allowed and ≥ 60 % must be Sangat Kurang.
    UnitPredicate.objects.create(
        cycle=finalised.skp.cycle, unit=org.surv, period=1, predicate="SANGAT_KURANG"
    )
    with translation.override("en"):
        html = render_evaluation_html(finalised)
    block = html[html.index("POLA DISTRIBUSI</th>") : html.index("HASIL KERJA</th>")]
    assert "Sangat Kurang ≥ 60 %" in block
    assert block.count('class="note"') >= 1 and "sesuai dengan pola" not in block


def test_a_draft_has_a_watermark_and_the_ppk_from_the_approved_plan(org, approved):
    evaluation = scored(approved, period=2)

    html = render_evaluation_html(evaluation, today=dt.date(2026, 6, 30))

    assert "DRAFT" in html and "Belum ditetapkan" in html
    assert "PERIODE: TRIWULAN II<" in html
    assert org.ppk.nip in html and "Kota Uji, 30 Juni 2026" in html
    assert "<td>—</td>" in html  # nothing realised in that period yet


def test_the_ppk_block_comes_from_the_snapshot_taken_on_finalising(org, finalised):
    finalised.ppk_name = "Nama Saat Final"
    finalised.finalised_at = timezone.make_aware(dt.datetime(2026, 4, 8, 10, 0))
    finalised.save()
    org.ppk.name = "Nama Baru Sesudahnya"
    org.ppk.save()

    html = render_evaluation_html(finalised)

    assert "Nama Saat Final" in html and "Nama Baru Sesudahnya" not in html
    assert "Kota Uji, 8 April 2026" in html


def test_the_annual_evaluation_shows_every_periods_realisation(org, approved):
    realise(approved, 1)
    realise(approved, 2, values=("12", "100", "6"))
    evaluation = ev.evaluation_for(approved, 0, actor=system())

    html = render_evaluation_html(evaluation)

    assert "PERIODE: AKHIR<" in html
    year = approved.cycle.year
    assert f"PERIODE PENILAIAN: 1 Januari {year} s.d. 31 Desember {year}" in html
    assert "Triwulan I: 10 laporan" in html and "Triwulan II: 12 laporan" in html
    assert evaluation_pdf_filename(evaluation) == f"Evaluasi-AKHIR-{year}-{org.pegawai.nip}.pdf"


def test_the_documents_stay_indonesian_for_an_english_reader(finalised):
    with translation.override("en"):
        html = render_evaluation_html(finalised, today=dt.date(2026, 3, 2))
        document = render_document_html(finalised)

    assert "Januari" in html and "January" not in html
    assert "Januari" in document and "January" not in document


def test_the_document_has_the_three_parties_the_result_and_the_notes(org, finalised):
    html = render_document_html(finalised)

    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in html and "PERIODE: TRIWULAN I<" in html
    for heading in (
        '1</td><th colspan="3" scope="colgroup">PEGAWAI YANG DINILAI',
        '2</td><th colspan="3" scope="colgroup">PEJABAT PENILAI KINERJA',
        '3</td><th colspan="3" scope="colgroup">ATASAN PEJABAT PENILAI KINERJA',
        '4</td><th colspan="3" scope="colgroup">EVALUASI KINERJA',
        '5</td><th colspan="3" scope="colgroup">CATATAN/REKOMENDASI',
    ):
        assert heading in html
    for label in ("NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA"):
        assert f"<td>{label}</td>" in html
    assert org.pegawai.nip in html and org.ppk.nip in html and org.atasan_ppk.nip in html
    assert "Kepala Bidang P2P" in html  # the Atasan PPK's post, from the snapshot
    assert "CAPAIAN KINERJA ORGANISASI</td><td>—" in html
    assert 'PREDIKAT KINERJA PEGAWAI</td><td class="predicate-value">Baik' in html
    assert "Pertahankan ketepatan laporan" in html
    assert "KEBERATAN" not in html and "Atasan Pejabat Penilai Kinerja</div>" not in html
    assert "DRAFT" not in html


def test_an_open_objection_shows_the_reasons_and_the_ppks_explanation_only(org, objected):
    html = render_document_html(objected.evaluation)

    assert '6</td><th colspan="3" scope="colgroup">KEBERATAN' in html
    assert "Target kualitas telah tercapai 100 %." in html
    assert "Diajukan pada" in html
    assert '7</td><th colspan="3" scope="colgroup">PENJELASAN PEJABAT PENILAI KINERJA' in html
    assert "Dua laporan direvisi karena data ganda." in html
    assert "Mohon lampirkan daftar revisinya." not in html  # the Atasan PPK's question
    assert '8</td><th colspan="3" scope="colgroup">KEPUTUSAN ATASAN PEJABAT' in html
    assert "Belum diputuskan." in html
    assert "Atasan Pejabat Penilai Kinerja</div>" in html  # the third signature


def test_a_decided_objection_shows_the_decision_and_the_new_predicate(org, objected):
    objections.objection_decide(
        objected,
        "changed",
        "DI_ATAS_EKSPEKTASI",
        "DI_ATAS_EKSPEKTASI",
        "Bukti revisi menunjukkan kesalahan data berasal dari puskesmas.",
        actor=actor(org.atasan_ppk),
    )

    html = render_document_html(objected.evaluation)
    evaluation_html = render_evaluation_html(objected.evaluation)

    assert "Keberatan diterima; rating dan predikat kinerja diubah." in html
    assert "Sangat Baik" in html and "(semula: Baik)" in html
    assert "Bukti revisi menunjukkan kesalahan data berasal dari puskesmas." in html
    assert "TANGGAL KEPUTUSAN" in html and "Belum diputuskan." not in html
    assert html.count(f"Kota Uji, {timezone.localdate().day} ") == 2  # PPK and Atasan PPK
    assert "Sangat Baik" in evaluation_html and "diubah oleh Atasan Pejabat" in evaluation_html


def test_the_html_is_built_from_a_constant_number_of_queries(
    finalised, objected, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        render_evaluation_html(finalised)
    with django_assert_max_num_queries(6):
        render_document_html(finalised)


def test_the_pegawai_gets_both_real_pdfs_inline(login, org, finalised):
    year, nip = finalised.skp.cycle.year, org.pegawai.nip
    client = login("pegawai")

    response = client.get(
        reverse("appraisal:evaluation_pdf", kwargs={"public_id": finalised.public_id})
    )
    document = client.get(
        reverse("appraisal:evaluation_document_pdf", kwargs={"public_id": finalised.public_id})
    )

    assert response.status_code == document.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and document.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"]
        == f'inline; filename="Evaluasi-TRIWULAN-I-{year}-{nip}.pdf"'
    )
    assert document["Content-Disposition"] == (
        f'inline; filename="Dokumen-Evaluasi-TRIWULAN-I-{year}-{nip}.pdf"'
    )
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
def test_who_may_print_them(login, finalised, monkeypatch, persona, status):
    monkeypatch.setattr(rendering, "pdf_bytes", lambda html: b"%PDF-stub")
    client = login(persona)
    for name in ("appraisal:evaluation_pdf", "appraisal:evaluation_document_pdf"):
        url = reverse(name, kwargs={"public_id": finalised.public_id})
        assert client.get(url).status_code == status


def test_anonymous_is_sent_to_login_and_post_is_refused(login, finalised):
    url = reverse("appraisal:evaluation_pdf", kwargs={"public_id": finalised.public_id})

    assert login("anonymous").get(url).status_code == 302
    assert login("pegawai").post(url).status_code == 405
