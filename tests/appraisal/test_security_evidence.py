"""Security, second round (issue 19, point 5), in the daily log and evidence: a week at the ends
of the calendar, a PDF named like a web page, a link to an outside site."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.realisation.models import Evidence
from appraisal.realisation.views.daily_log import week_start
from tests.appraisal.test_realisation import PDF, add_evidence, pdf

EDGES = ["0001-01-01", "9999-12-31", "0001-01-07", "9999-12-27", "2101-01-01", "1899-12-31"]


# ----- a week at the ends of the calendar --------------------------------------------------------
@pytest.mark.parametrize("week", EDGES)
def test_a_week_at_the_ends_of_the_calendar_shows_this_week(login, approved, week):
    this_week = week_start(None, timezone.localdate())
    response = login("pegawai").get(reverse("appraisal:daily_log"), {"week": week})
    assert response.status_code == 200
    assert response.context["week"]["monday"] == this_week


@pytest.mark.parametrize("week", EDGES)
def test_the_team_week_at_the_ends_of_the_calendar_shows_this_week(login, approved, week):
    response = login("ppk").get(reverse("appraisal:team_daily_log"), {"week": week})
    assert response.status_code == 200
    assert response.context["week"]["monday"] == week_start(None, timezone.localdate())


def test_a_week_within_the_years_a_record_can_hold_is_shown(login, approved):
    response = login("pegawai").get(reverse("appraisal:daily_log"), {"week": "1900-01-03"})
    assert response.context["week"]["monday"].isoformat() == "1900-01-01"
    response = login("pegawai").get(reverse("appraisal:daily_log"), {"week": "2100-12-31"})
    assert response.context["week"]["monday"].isoformat() == "2100-12-27"


# ----- the download name takes the extension of the checked type ---------------------------------
def _download(client, evidence):
    return client.get(reverse("appraisal:evidence_download", args=[evidence.public_id]))


@pytest.mark.parametrize(
    ("uploaded", "downloaded"),
    [
        ("x.html", "x.pdf"),
        ("laporan.svg", "laporan.pdf"),
        ("laporan", "laporan.pdf"),
        (".htaccess", "bukti.pdf"),
        ("Laporan.PDF", "Laporan.PDF"),
        ("laporan.pdf.html", "laporan.pdf.pdf"),
    ],
)
def test_a_pdf_named_like_a_web_page_is_downloaded_as_a_pdf(login, approved, uploaded, downloaded):
    evidence = add_evidence(approved, upload=pdf(uploaded))
    assert evidence.original_name == downloaded
    response = _download(login("ppk"), evidence)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{downloaded}"'


def test_a_file_stored_before_the_rule_is_downloaded_under_its_checked_extension(login, approved):
    evidence = add_evidence(approved, upload=pdf("laporan.pdf"))
    Evidence.objects.filter(pk=evidence.pk).update(original_name="x.html")
    response = _download(login("ppk"), evidence)
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_a_jpeg_may_keep_its_jpeg_ending(login, approved):
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\0" * 64
    evidence = add_evidence(approved, upload=pdf("foto.jpeg", jpeg))
    assert (evidence.extension, evidence.original_name) == (".jpg", "foto.jpeg")


# ----- a link to an outside site opens a page that shows where it leads --------------------------
def _link(approved, address):
    return add_evidence(approved, upload=None, link=address)


def test_an_evidence_link_shows_its_address_before_leaving(login, approved, english):
    evidence = _link(approved, "https://drive.contoh.com/laporan?id=7")
    ppk = login("ppk")
    leaving = reverse("appraisal:evidence_link", args=[evidence.public_id])
    download = _download(ppk, evidence)
    assert download.status_code == 302 and download["Location"] == leaving
    page = ppk.get(leaving)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Leaving Kinerja ASN" in html
    assert 'data-testid="evidence-link-host">drive.contoh.com<' in html
    assert "https://drive.contoh.com/laporan?id=7" in html
    assert 'href="https://drive.contoh.com/laporan?id=7" rel="noopener noreferrer nofollow"' in html


def test_the_host_shown_is_the_one_the_browser_opens(login, approved, english):
    tricked = _link(approved, "https://bkd.go.id@contoh.com/masuk")
    page = login("ppk").get(reverse("appraisal:evidence_link", args=[tricked.public_id]))
    assert 'data-testid="evidence-link-host">contoh.com<' in page.content.decode()
    lookalike = _link(approved, "https://bkd.gо.id/masuk")  # a Cyrillic о
    html = login("ppk").get(reverse("appraisal:evidence_link", args=[lookalike.public_id]))
    html = html.content.decode()
    assert 'data-testid="evidence-link-host">bkd.xn--g-1tb.id<' in html
    assert "non-Latin letters" in html


def test_a_link_that_is_not_a_web_address_is_not_found(login, approved):
    evidence = _link(approved, "https://contoh.com/")
    Evidence.objects.filter(pk=evidence.pk).update(link="javascript:alert(1)")
    url = reverse("appraisal:evidence_link", args=[evidence.public_id])
    assert login("pegawai").get(url).status_code == 404


def test_a_file_has_no_leaving_page(login, approved):
    evidence = add_evidence(approved)
    url = reverse("appraisal:evidence_link", args=[evidence.public_id])
    assert login("pegawai").get(url).status_code == 404
