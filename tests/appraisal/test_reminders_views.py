"""The admin BKD's reminders page and the e-mail preference page, through the test client."""

import datetime as dt

import pytest
from django.utils import timezone

from appraisal.choices import WindowKind
from appraisal.cycles.models import Window
from notifications.choices import EmailMode, EmailStatus
from notifications.models import DeliveryPreference, Notification, Reminder
from tests.appraisal.helpers_team import count_queries

# Session, user, roles, windows, three "sent" counts, e-mail and channel failures, the unread
# badge.
PAGE_QUERIES = 13


@pytest.fixture
def closing_soon(plan, org):
    plan.draft(org.pegawai)
    window = Window.objects.get(cycle=plan.cycle, kind=WindowKind.SKP)
    window.closes_on = timezone.localdate() + dt.timedelta(days=5)
    window.save()
    return window


def test_the_page_lists_upcoming_deadlines_sent_counts_and_failures(
    closing_soon, login, org, english
):
    Notification.objects.create(
        recipient=org.pegawai.user, message="X", email_status=EmailStatus.FAILED,
        email_attempts=5, email_error="SMTPServerDisconnected: closed",
    )  # fmt: skip
    response = login("admin_bkd").get("/kinerja/pengingat/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "SKP drafting and approval" in page and "in 5 days" in page
    assert "SMTPServerDisconnected" in page and "Gave up" in page
    assert f"/kinerja/pengingat/jendela/{closing_soon.pk}/kirim/" in page


def test_the_page_makes_the_same_queries_whatever_was_sent(closing_soon, login, org):
    client = login("admin_bkd")
    client.get("/kinerja/pengingat/")
    few = count_queries(client, "/kinerja/pengingat/")
    client.post(f"/kinerja/pengingat/jendela/{closing_soon.pk}/kirim/")
    assert Reminder.objects.count() > 0
    assert count_queries(client, "/kinerja/pengingat/") == few == PAGE_QUERIES


def test_still_to_act_counts_per_kind(closing_soon, login, english):
    response = login("admin_bkd").get(f"/kinerja/pengingat/jendela/{closing_soon.pk}/jumlah/")
    assert "Pegawai: SKP not submitted" in response.content.decode()


def test_send_now_reminds_everyone_still_to_act_once_a_day(closing_soon, login, org):
    client = login("admin_bkd")
    response = client.post(f"/kinerja/pengingat/jendela/{closing_soon.pk}/kirim/")
    assert response.status_code == 302
    mine = Reminder.objects.get(recipient=org.pegawai.user)
    assert (mine.offset, mine.kind) == (5, "skp_submit")  # the days left, sent by hand
    count = Reminder.objects.count()
    client.post(f"/kinerja/pengingat/jendela/{closing_soon.pk}/kirim/")
    assert Reminder.objects.count() == count


def test_send_now_is_post_only_and_refuses_a_window_not_open_yet(plan, login, english):
    window = Window.objects.get(cycle=plan.cycle, kind=WindowKind.SKP)
    window.opens_on = timezone.localdate() + dt.timedelta(days=3)
    window.closes_on = window.opens_on + dt.timedelta(days=10)
    window.save()
    client = login("admin_bkd")
    assert client.get(f"/kinerja/pengingat/jendela/{window.pk}/kirim/").status_code == 405
    response = client.post(f"/kinerja/pengingat/jendela/{window.pk}/kirim/", follow=True)
    assert "has not opened yet" in response.content.decode()
    assert Reminder.objects.count() == 0


def test_failed_emails_can_be_sent_again(org, login, django_capture_on_commit_callbacks):
    org.pegawai.user.email = "pegawai@example.test"
    org.pegawai.user.save()
    failed = Notification.objects.create(
        recipient=org.pegawai.user, message="X", url="/", email_status=EmailStatus.FAILED,
        email_attempts=5,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        login("admin_bkd").post("/kinerja/pengingat/ulangi-email/")
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT


def test_preference_page_saves_the_choice_and_offers_no_way_to_switch_off(org, login, english):
    client = login("pegawai")
    page = client.get("/kotak-masuk/pengaturan/").content.decode()
    assert "One e-mail a day" in page and "not be switched off" in page
    assert page.count('name="email_mode"') == 3  # each, digest, deadlines only: no "never"
    response = client.post("/kotak-masuk/pengaturan/", {"email_mode": "digest"})
    assert response.status_code == 302
    assert DeliveryPreference.objects.get(user=org.pegawai.user).email_mode == EmailMode.DIGEST
    response = client.post("/kotak-masuk/pengaturan/", {"email_mode": "never"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert DeliveryPreference.objects.get(user=org.pegawai.user).email_mode == EmailMode.DIGEST
