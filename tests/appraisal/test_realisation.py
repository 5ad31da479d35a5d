"""Realisasi of a period with bukti dukung: the owner writes and submits, others read, files are
served only through a permission check."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import Approach, RealisationStatus
from appraisal.cycles import calendar
from appraisal.cycles.models import Window
from appraisal.plans.models import Skp
from appraisal.realisation import services
from appraisal.realisation.models import DailyLog, Evidence, Realisation
from notifications.models import Notification
from tests.actors import actor, system

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def page_url(skp, period=1):
    return reverse("appraisal:realisation", args=[skp.public_id, period])


def pdf(name="laporan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def ikis(skp):
    return [iki for rhk in skp.rhks.all() for iki in rhk.ikis.order_by("order", "pk")]


def values_for(skp, numbers):
    return {f"value_{iki.pk}": n for iki, n in zip(ikis(skp), numbers, strict=True)}


def add_evidence(skp, **kwargs):
    kwargs.setdefault("upload", pdf())
    return services.evidence_add(
        services.realisation_for(skp, 1, actor=system()),
        rhk=skp.rhks.get(),
        actor=actor(skp.employee),
        **kwargs,
    )


def close_period_window(cycle, period=1):
    """The period's realisation window closed yesterday."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Window.objects.filter(cycle=cycle, kind="period", period=period).update(closes_on=yesterday)


# ----- writing the realisation ---------------------------------------------------------------------


def test_the_owner_sees_each_iki_with_its_target_and_an_input(login, approved):
    response = login("pegawai").get(page_url(approved))
    assert response.status_code == 200 and response.context["editable"]
    page = response.content.decode()
    for iki in ikis(approved):
        assert iki.indicator in page and f'name="value_{iki.pk}"' in page
    assert 'name="kendala"' in page and 'name="follow_up"' in page
    assert [t["period"].number for t in response.context["tabs"]] == [1, 2, 3, 4]
    assert not Realisation.objects.exists()  # reading creates nothing


def test_the_owner_saves_values_kendala_and_follow_up(login, approved):
    data = {**values_for(approved, ["3", "100", "2.5"]), "kendala": "Data terlambat"}
    data["follow_up"] = "Koordinasi dengan puskesmas"
    response = login("pegawai").post(page_url(approved), data)
    assert response.status_code == 302
    realisation = Realisation.objects.get(skp=approved, period=1)
    assert sorted(v.value for v in realisation.values.all()) == [
        Decimal("2.5"),
        Decimal("3"),
        Decimal("100"),
    ]
    assert realisation.kendala == "Data terlambat"
    page = login("pegawai").get(page_url(approved))
    assert "Data terlambat" in page.content.decode()
    assert page.context["missing"] == []


def test_a_wrong_value_keeps_every_typed_value(login, approved):
    data = {**values_for(approved, ["3", "abc", "-1"]), "kendala": "Tulisan saya"}
    response = login("pegawai").post(page_url(approved), data)
    assert response.status_code == 200
    form = response.context["form"]
    first, second, third = ikis(approved)
    assert form.errors.keys() == {f"value_{second.pk}", f"value_{third.pk}"}
    page = response.content.decode()
    assert 'value="3"' in page and "Tulisan saya" in page and "is-invalid" in page
    assert not Realisation.objects.filter(values__isnull=False).exists()


def test_the_qualitative_approach_asks_for_a_narrative_and_copies_the_daily_log(login, approved):
    Skp.objects.filter(pk=approved.pk).update(approach=Approach.KUALITATIF)
    rhk = approved.rhks.get()
    start = approved.cycle.period(1).start
    DailyLog.objects.create(skp=approved, rhk=rhk, day=start, activity="Rapat validasi data")
    first = ikis(approved)[0]
    response = login("pegawai").get(page_url(approved))
    assert f'name="narrative_{first.pk}"' in response.content.decode()
    assert "Rapat validasi data" in response.content.decode()  # the log is shown per RHK
    copied = login("pegawai").get(f"{page_url(approved)}?salin={rhk.public_id}")
    assert "Rapat validasi data" in copied.context["form"].initial[f"narrative_{first.pk}"]
    login("pegawai").post(
        page_url(approved), {f"narrative_{first.pk}": "Data tervalidasi", "kendala": ""}
    )
    saved = Realisation.objects.get().values.get(iki=first)
    assert saved.narrative == "Data tervalidasi" and saved.value is None


def test_others_who_may_see_the_skp_read_it(login, approved):
    login("pegawai").post(page_url(approved), values_for(approved, ["3", "90", "1"]))
    response = login("ppk").get(page_url(approved))
    assert response.status_code == 200 and not response.context["editable"]
    page = response.content.decode()
    assert 'name="value_' not in page and 'data-testid="saved-value"' in page
    assert "evidence-form" not in page
    assert login("ppk").post(page_url(approved), {"kendala": "x"}).status_code == 403


def test_a_period_outside_the_cycle_is_not_found(login, approved):
    assert login("pegawai").get(page_url(approved, 9)).status_code == 404


def test_a_period_outside_the_skp_dates_is_not_found(login, approved):
    Skp.objects.filter(pk=approved.pk).update(start_date=dt.date(approved.cycle.year, 7, 1))
    assert login("pegawai").get(page_url(approved, 1)).status_code == 404
    response = login("pegawai").get(page_url(approved, 3))
    assert [t["period"].number for t in response.context["tabs"]] == [3, 4]


def test_a_closed_window_makes_the_page_read_only_with_the_date(login, approved, cycle, english):
    close_period_window(cycle)
    response = login("pegawai").get(page_url(approved))
    assert not response.context["editable"]
    assert "closed on" in response.context["refusal"]
    assert 'name="value_' not in response.content.decode()
    refused = login("pegawai").post(page_url(approved), values_for(approved, ["1", "1", "1"]))
    assert refused.status_code == 200 and "closed on" in refused.content.decode()
    assert not Realisation.objects.filter(values__isnull=False).exists()
    upload = login("pegawai").post(
        reverse("appraisal:evidence_add", args=[approved.public_id, 1]),
        {"rhk": approved.rhks.get().public_id, "file": pdf()},
    )
    assert "closed on" in upload.content.decode() and not Evidence.objects.exists()


# ----- submitting --------------------------------------------------------------------------------


def test_submitting_needs_every_iki_filled(login, approved, english):
    client = login("pegawai")
    client.post(page_url(approved), values_for(approved, ["3", "", "1"]))
    submit = reverse("appraisal:realisation_submit", args=[approved.public_id, 1])
    response = client.post(submit, follow=True)
    assert "Fill in the realisation of every indicator first" in response.content.decode()
    assert Realisation.objects.get().status == RealisationStatus.DRAFT
    assert response.context["missing"] == [ikis(approved)[1].indicator]


def test_a_submitted_realisation_reaches_the_ppk_and_is_closed(login, approved, org):
    client = login("pegawai")
    client.post(page_url(approved), values_for(approved, ["3", "100", "1"]))
    response = client.post(reverse("appraisal:realisation_submit", args=[approved.public_id, 1]))
    assert response.status_code == 302
    assert Realisation.objects.get().status == RealisationStatus.SUBMITTED
    assert Notification.objects.filter(recipient=org.ppk.user).exists()
    page = client.get(page_url(approved))
    assert not page.context["editable"] and 'name="value_' not in page.content.decode()
    again = client.post(page_url(approved), values_for(approved, ["9", "9", "9"]))
    assert again.status_code == 200
    assert not Realisation.objects.get().values.filter(value=9).exists()


# ----- evidence ----------------------------------------------------------------------------------


def _upload(client, skp, upload, **extra):
    url = reverse("appraisal:evidence_add", args=[skp.public_id, 1])
    data = {"rhk": skp.rhks.get().public_id, "file": upload, "description": "Laporan Januari"}
    return client.post(url, {**data, **extra})


def test_an_uploaded_file_is_stored_under_our_name_and_downloaded_under_its_own(login, approved):
    response = _upload(login("pegawai"), approved, pdf('Laporan "Triwulan" I.pdf'))
    assert response.status_code == 302 and "#rhk-" in response["Location"]
    evidence = Evidence.objects.get()
    assert evidence.file.name == f"bukti/{approved.public_id}/{evidence.public_id}.pdf"
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(PDF))
    download = login("ppk").get(reverse("appraisal:evidence_download", args=[evidence.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="Laporan \\"Triwulan\\" I.pdf"'


def test_an_executable_renamed_pdf_is_refused_and_the_page_kept(login, approved, english):
    response = _upload(login("pegawai"), approved, pdf("laporan.pdf", b"MZ\x90\x00" + b"\0" * 512))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only PDF, JPG, PNG, XLSX or DOCX files are accepted" in page
    assert "Laporan Januari" in page  # the description stays typed
    assert 'name="value_' in page  # the rest of the page is there
    assert not Evidence.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_an_oversize_file_is_refused(login, approved, settings, english):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = pdf("besar.pdf", PDF + b"0" * (1024 * 1024))
    response = _upload(login("pegawai"), approved, big)
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_refusal_reads_in_indonesian_by_default(login, approved):
    response = _upload(login("pegawai"), approved, pdf("x.pdf", b"MZ" + b"\0" * 100))
    assert response.status_code == 200
    assert not Evidence.objects.exists()
    assert response.context["rows"][0]["evidence_form"].errors


def test_a_path_trick_in_the_name_reaches_neither_the_disk_nor_the_page(login, approved):
    response = _upload(login("pegawai"), approved, pdf("../../etc/passwd.pdf"))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file.name == f"bukti/{approved.public_id}/{evidence.public_id}.pdf"
    assert evidence.original_name == "passwd.pdf"
    stored = list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored] == [evidence.file.name]
    page = login("pegawai").get(page_url(approved)).content.decode()
    assert "passwd.pdf" in page and "../" not in page


def test_the_service_keeps_only_the_last_part_of_the_shown_name(approved):
    evidence = add_evidence(approved, upload=pdf("..\\..\\windows\\bukti.pdf"))
    assert evidence.original_name == "bukti.pdf"


def test_a_link_is_accepted_and_shown_before_leaving_only_when_it_is_a_web_address(login, approved):
    client = login("pegawai")
    url = reverse("appraisal:evidence_add", args=[approved.public_id, 1])
    rhk = approved.rhks.get().public_id
    response = client.post(url, {"rhk": rhk, "link": "https://drive.example.id/laporan"})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    leaving = reverse("appraisal:evidence_link", args=[evidence.public_id])
    download = client.get(reverse("appraisal:evidence_download", args=[evidence.public_id]))
    assert download.status_code == 302 and download["Location"] == leaving
    assert client.get(leaving).status_code == 200
    refused = client.post(url, {"rhk": rhk, "link": "javascript:alert(1)"})
    assert refused.status_code == 200 and Evidence.objects.count() == 1
    Evidence.objects.filter(pk=evidence.pk).update(link="javascript:alert(1)")
    assert client.get(leaving).status_code == 404


def test_neither_file_nor_link_is_refused(login, approved):
    url = reverse("appraisal:evidence_add", args=[approved.public_id, 1])
    response = login("pegawai").post(url, {"rhk": approved.rhks.get().public_id})
    assert response.status_code == 200 and not Evidence.objects.exists()


def test_evidence_for_an_rhk_of_another_skp_is_refused(login, approved, org):
    kasi_rhk = Skp.objects.get(employee=org.ppk).rhks.get()
    url = reverse("appraisal:evidence_add", args=[approved.public_id, 1])
    response = login("pegawai").post(url, {"rhk": kasi_rhk.public_id, "file": pdf()})
    assert response.status_code == 200 and not Evidence.objects.exists()


def test_the_owner_deletes_evidence_and_its_file(
    login, approved, django_capture_on_commit_callbacks
):
    evidence = add_evidence(approved)
    path = Path(evidence.file.path)
    assert path.exists()
    url = reverse("appraisal:evidence_delete", args=[evidence.public_id])
    assert login("ppk").post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = login("pegawai").post(url)
    assert response.status_code == 302 and response["Location"] == page_url(approved)
    assert not Evidence.objects.exists() and not path.exists()


def test_evidence_cannot_be_deleted_once_the_window_closed(login, approved, cycle, english):
    evidence = add_evidence(approved)
    close_period_window(cycle)
    response = login("pegawai").post(
        reverse("appraisal:evidence_delete", args=[evidence.public_id]), follow=True
    )
    assert "closed on" in response.content.decode() and Evidence.objects.exists()


@pytest.fixture
def outsider_evidence(plan, org):
    """A file in the approved SKP of the outsider (DISDIK), whose PPK is the kepala dinas
    pendidikan (approved by the admin BKD for the Wali Kota)."""
    head = plan.approved(org.disdik_head_emp, text="Meningkatnya mutu pendidikan")
    skp = plan.approved(org.outsider, linked_to=head.rhks.get())
    return add_evidence(skp)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pegawai", 404), ("admin_opd", 404), ("ppk", 404), ("admin_opd_other", 200)],
)
def test_evidence_of_another_opd_is_not_found(login, outsider_evidence, persona, status):
    url = reverse("appraisal:evidence_download", args=[outsider_evidence.public_id])
    assert login(persona).get(url).status_code == status


def test_a_missing_file_is_not_found_rather_than_an_error(login, approved):
    evidence = add_evidence(approved)
    Path(evidence.file.path).unlink()
    url = reverse("appraisal:evidence_download", args=[evidence.public_id])
    assert login("pegawai").get(url).status_code == 404


def test_the_page_lists_the_daily_log_and_its_evidence_per_rhk(login, approved):
    day = calendar.period_of(approved.cycle.year, approved.cycle.frequency, timezone.localdate())
    services.daily_log_add(
        approved,
        day=timezone.localdate(),
        activity="Entri data kasus",
        rhk=approved.rhks.get(),
        upload=pdf("foto.pdf"),
        actor=actor(approved.employee),
    )
    response = login("ppk").get(page_url(approved, day.number))
    row = response.context["rows"][0]
    assert [log.activity for log in row["logs"]] == ["Entri data kasus"]
    assert "foto.pdf" in response.content.decode()


def test_the_page_costs_the_same_queries_however_much_evidence_and_logging(
    login, approved, django_assert_num_queries
):
    rhk = approved.rhks.get()
    start = approved.cycle.period(1).start

    def add(count):
        for n in range(count):
            log = DailyLog.objects.create(skp=approved, rhk=rhk, day=start, activity=f"K{n}")
            Evidence.objects.create(skp=approved, daily_log=log, rhk=rhk, link="https://a.id/")
            add_evidence(approved, link="https://b.id/", upload=None)

    add(1)
    client = login("pegawai")
    client.get(page_url(approved))
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(page_url(approved))
    add(10)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(approved))
    assert len(response.context["rows"][0]["evidence"]) == 11


PAGE_QUERIES = 19
