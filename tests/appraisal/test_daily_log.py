"""Progres harian: the employee logs the day's work against an RHK; the PPK reads the team's week."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import SkpStatus
from appraisal.cycles import calendar
from appraisal.cycles.models import Window
from appraisal.plans.models import RencanaAksi, Skp
from appraisal.realisation.models import DailyLog, Evidence
from tests.appraisal.helpers_team import add_people, count_queries

LOG = reverse("appraisal:daily_log")
TEAM_LOG = reverse("appraisal:team_daily_log")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def log_data(skp, **overrides):
    data = {
        "day": timezone.localdate().isoformat(),
        "target": f"rhk:{skp.rhks.get().public_id}",
        "activity": "Menyusun rekap kasus mingguan",
        "output": "Rekap kasus",
    }
    data.update(overrides)
    return data


def close_todays_period_window(cycle):
    """The realisation window of today's period closes yesterday."""
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    period = calendar.period_of(cycle.year, cycle.frequency, today)
    Window.objects.filter(cycle=cycle, kind="period", period=period.number).update(
        closes_on=yesterday
    )


# ----- the employee's page -------------------------------------------------------------------------


def test_the_form_offers_the_rhk_and_defaults_to_today(login, approved):
    response = login("pegawai").get(LOG)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["day"].value() == timezone.localdate()
    page = response.content.decode()
    assert approved.rhks.get().text in page
    assert 'optgroup label="A. Utama"' in page


def test_an_entry_is_saved_and_listed_under_its_day(login, approved):
    client = login("pegawai")
    response = client.post(LOG, log_data(approved))
    assert response.status_code == 302
    assert f"week={monday_of(timezone.localdate()).isoformat()}" in response["Location"]
    log = DailyLog.objects.get()
    assert (log.skp, log.rhk, log.output) == (approved, approved.rhks.get(), "Rekap kasus")
    page = client.get(response["Location"])
    assert "Menyusun rekap kasus mingguan" in page.content.decode()
    entries = [e for day in page.context["days"] for e in day["entries"]]
    assert entries == [log] and entries[0].deletable is True


def test_an_entry_can_carry_an_evidence_file(login, approved):
    upload = SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")
    login("pegawai").post(LOG, {**log_data(approved), "file": upload})
    evidence = Evidence.objects.get()
    assert evidence.daily_log == DailyLog.objects.get()
    assert evidence.original_name == "notulen.pdf" and evidence.rhk == approved.rhks.get()
    page = login("pegawai").get(LOG).content.decode()
    assert reverse("appraisal:evidence_download", args=[evidence.public_id]) in page


def test_an_entry_against_a_rencana_aksi_of_the_period_keeps_its_rhk(login, approved):
    today = timezone.localdate()
    period = calendar.period_of(today.year, approved.cycle.frequency, today).number
    rhk = approved.rhks.get()
    plan = RencanaAksi.objects.create(rhk=rhk, period=period, text="Validasi data puskesmas")
    page = login("pegawai").get(LOG).content.decode()
    assert "Validasi data puskesmas" in page
    login("pegawai").post(LOG, log_data(approved, target=f"aksi:{rhk.public_id}"))
    log = DailyLog.objects.get()
    assert (log.rencana_aksi, log.rhk) == (plan, rhk)


def test_a_future_day_is_refused_and_what_was_typed_stays(login, approved, english):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login("pegawai").post(LOG, log_data(approved, day=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "cannot be logged in advance" in response.content.decode()
    assert "Menyusun rekap kasus mingguan" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_an_rhk_of_someone_else_is_not_offered_nor_accepted(login, approved, org):
    kasi_rhk = Skp.objects.get(employee=org.ppk).rhks.get()
    response = login("pegawai").post(LOG, log_data(approved, target=f"rhk:{kasi_rhk.public_id}"))
    assert response.status_code == 200 and response.context["form"].errors["target"]
    assert not DailyLog.objects.exists()


def test_a_closed_window_refuses_the_entry_with_its_date(login, approved, cycle, english):
    close_todays_period_window(cycle)
    response = login("pegawai").post(LOG, log_data(approved))
    assert response.status_code == 200
    assert "closed on" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_a_refused_upload_keeps_the_entry_unsaved(login, approved, english):
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = login("pegawai").post(LOG, {**log_data(approved), "file": upload})
    assert response.status_code == 200
    assert "Only PDF, JPG, PNG, XLSX or DOCX" in response.content.decode()
    assert not DailyLog.objects.exists() and not Evidence.objects.exists()


def test_without_an_approved_skp_the_page_points_to_my_skp(login, plan, org):
    plan.draft(org.pegawai)
    response = login("pegawai").get(LOG)
    assert response.status_code == 200 and response.context["form"] is None
    assert reverse("appraisal:my_skp") in response.content.decode()
    assert 'data-testid="no-approved-skp"' in response.content.decode()


def test_the_week_parameter_snaps_to_monday_and_offers_the_previous_week(login, approved):
    today = timezone.localdate()
    response = login("pegawai").get(f"{LOG}?week={today.isoformat()}")
    week = response.context["week"]
    assert week["monday"] == monday_of(today)
    assert f"week={(monday_of(today) - dt.timedelta(days=7)).isoformat()}" in week["previous"]
    assert week["next"] == ""  # no week in the future
    old = login("pegawai").get(f"{LOG}?week=2020-02-05")
    assert old.context["week"]["monday"] == dt.date(2020, 2, 3) and old.context["week"]["next"]
    assert login("pegawai").get(f"{LOG}?week=bukan-tanggal").status_code == 200


# ----- deleting ----------------------------------------------------------------------------------


def _entry(login, approved):
    login("pegawai").post(LOG, log_data(approved))
    return DailyLog.objects.get()


def test_the_owner_deletes_an_entry(login, approved):
    log = _entry(login, approved)
    response = login("pegawai").post(reverse("appraisal:daily_log_delete", args=[log.public_id]))
    assert response.status_code == 302 and not DailyLog.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("ppk", 403), ("admin_opd_other", 404)])
def test_others_cannot_delete_an_entry(login, approved, persona, status):
    log = _entry(login, approved)
    response = login(persona).post(reverse("appraisal:daily_log_delete", args=[log.public_id]))
    assert response.status_code == status and DailyLog.objects.exists()


def test_deleting_is_post_only(login, approved):
    log = _entry(login, approved)
    url = reverse("appraisal:daily_log_delete", args=[log.public_id])
    assert login("pegawai").get(url).status_code == 405


def test_an_entry_of_a_closed_period_stays(login, approved, cycle, english):
    log = _entry(login, approved)
    close_todays_period_window(cycle)
    page = login("pegawai").get(LOG)
    assert [e.deletable for d in page.context["days"] for e in d["entries"]] == [False]
    response = login("pegawai").post(
        reverse("appraisal:daily_log_delete", args=[log.public_id]), follow=True
    )
    assert "closed on" in response.content.decode() and DailyLog.objects.exists()


# ----- the team's week (PPK) ---------------------------------------------------------------------


def test_the_ppk_reads_the_team_week_and_filters_by_person(login, approved, org):
    _entry(login, approved)
    response = login("ppk").get(TEAM_LOG)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Menyusun rekap kasus mingguan" in page and org.pegawai.full_name in page
    assert org.colleague in response.context["silent"]
    only_colleague = login("ppk").get(f"{TEAM_LOG}?pegawai={org.colleague.nip}")
    assert only_colleague.context["chosen"] == org.colleague
    assert only_colleague.context["entry_count"] == 0


def test_the_team_week_ignores_someone_outside_the_team(login, approved, org):
    _entry(login, approved)
    response = login("ppk").get(f"{TEAM_LOG}?pegawai={org.outsider.nip}")
    assert response.context["chosen"] is None and response.context["entry_count"] == 1


@pytest.mark.parametrize("persona", ["pegawai", "admin_opd", "admin_bkd"])
def test_the_team_week_is_for_appraisers(login, cycle, persona):
    assert login(persona).get(TEAM_LOG).status_code == 403


def _fill_week(skps, monday):
    """Two entries per SKP in the week, one of them with a link as evidence."""
    for skp in skps:
        rhk = skp.rhks.first()
        for offset in (0, 2):
            log = DailyLog.objects.create(
                skp=skp, rhk=rhk, day=monday + dt.timedelta(days=offset), activity="Kegiatan"
            )
            if offset:
                Evidence.objects.create(skp=skp, daily_log=log, rhk=rhk, link="https://a.id/x")


def _mid_quarter_monday(year):
    """A week wholly inside the first quarter, so the page checks one window whatever today is."""
    return monday_of(dt.date(year, 2, 15))


def test_the_team_week_costs_the_same_queries_for_5_and_50_subordinates(
    login, org, cycle, approved, django_assert_num_queries
):
    monday = _mid_quarter_monday(cycle.year)
    url = f"{TEAM_LOG}?week={monday.isoformat()}"
    client = login("ppk")
    people = add_people(org.staff_pos, cycle, 3)  # with the pegawai and colleague: 5
    _fill_week([approved, *Skp.objects.filter(employee__in=people)], monday)
    client.get(url)  # warm up the session
    with django_assert_num_queries(TEAM_LOG_QUERIES):
        response = client.get(url)
    assert len(response.context["members"]) == 5
    more = add_people(org.staff_pos, cycle, 45, start=3)
    _fill_week(Skp.objects.filter(employee__in=more), monday)
    assert count_queries(client, url) == TEAM_LOG_QUERIES
    response = client.get(url)
    assert len(response.context["members"]) == 50
    assert (
        response.context["entry_count"]
        == 2 * Skp.objects.filter(employee__position=org.staff_pos).count()
    )


def test_the_employee_week_costs_the_same_queries_for_few_and_many_entries(
    login, cycle, approved, django_assert_num_queries
):
    monday = _mid_quarter_monday(cycle.year)
    url = f"{LOG}?week={monday.isoformat()}"
    client = login("pegawai")
    _fill_week([approved], monday)
    client.get(url)
    with django_assert_num_queries(LOG_QUERIES):
        client.get(url)
    _fill_week([approved] * 20, monday)
    assert count_queries(client, url) == LOG_QUERIES
    assert client.get(url).context["entry_count"] == 42


TEAM_LOG_QUERIES = 18
LOG_QUERIES = 15


def test_approved_status_is_what_counts(login, approved):
    Skp.objects.filter(pk=approved.pk).update(status=SkpStatus.SUPERSEDED)
    assert login("pegawai").get(LOG).context["skp"] is None
