"""One reminder pass as an operator and a recipient meet it (issue 20, point 14): a pass for
another day only previews unless told to send, it always prints a line per kind, its texts read
as Indonesian sentences (no word twice in a row, dates as "31 Desember 2026", a subject never
cut inside a word), and a reminder whose duty was met is marked done.

The pegawai has a draft SKP in a cycle whose SKP window closes DEADLINE days from today.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from appraisal.choices import WindowKind
from appraisal.cycles.models import Window
from appraisal.plans.services import flow as skp_flow
from appraisal.reminders.texts import MESSAGES
from feedback.survey.reminders import MESSAGE as SURVEY_MESSAGE
from notifications.choices import EmailStatus
from notifications.email import notification_message, subject_line
from notifications.models import Notification, Reminder, display_params
from notifications.reminders import default_plan, kind_labels, run_reminders
from tests.actors import actor
from tests.appraisal.conftest import Plan, open_cycle_for

DEADLINE = 20


def _day(from_deadline: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=DEADLINE + from_deadline)


@pytest.fixture
def window(org):
    for person in (org.pegawai, org.ppk, org.admin_opd):
        person.user.email = f"{person.user.username}@example.test"
        person.user.save()
    cycle = open_cycle_for(timezone.localdate().year)
    plan = Plan(org, cycle)
    *_, kasi = plan.chain()  # the PPK's own plan is approved: the pegawai may submit
    plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    window = Window.objects.get(cycle=cycle, kind=WindowKind.SKP)
    window.closes_on = _day(0)
    window.save()
    mail.outbox.clear()
    return window


def _command(*args, capsys) -> list[str]:
    call_command("send_reminders", *args)
    return capsys.readouterr().out.strip().splitlines()


def _kind_lines(lines: list[str]) -> dict[str, int]:
    counts = {}
    for line in lines:
        name, _, value = line.partition("=")
        if name in kind_labels():
            counts[name] = int(value)
    return counts


# ----- the command ------------------------------------------------------------------------------
def test_another_day_is_a_dry_run_that_writes_nothing(window, capsys):
    notifications = Notification.objects.count()
    lines = _command("--date", _day(-3).isoformat(), capsys=capsys)
    assert lines[-1] == "sent=0"
    assert "would_send=" in "\n".join(lines)
    assert any("skp_submit" in line and line.startswith("  ") for line in lines)
    assert Reminder.objects.count() == 0 and Notification.objects.count() == notifications
    assert mail.outbox == []


def test_another_day_is_sent_with_send(window, capsys):
    lines = _command("--date", _day(-3).isoformat(), "--send", capsys=capsys)
    assert lines[-1] == f"sent={Reminder.objects.count()}" and Reminder.objects.exists()
    assert _kind_lines(lines)["skp_submit"] >= 1


def test_today_sends_without_send(window, capsys):
    window.closes_on = timezone.localdate() + dt.timedelta(days=3)
    window.save()
    lines = _command(capsys=capsys)
    assert lines[-1] == f"sent={Reminder.objects.count()}" and Reminder.objects.exists()
    lines = _command("--date", timezone.localdate().isoformat(), capsys=capsys)
    assert lines[-1] == "sent=0"  # the same day again: nothing twice


@pytest.mark.parametrize("args", [(), ("--dry-run",), ("--send",)])
def test_every_pass_prints_a_line_per_kind_even_with_nothing_to_send(db, capsys, args):
    lines = _command("--date", dt.date(2031, 1, 5).isoformat(), *args, capsys=capsys)
    assert _kind_lines(lines) == dict.fromkeys(kind_labels(), 0)
    assert lines[-1] == "sent=0"


# ----- the texts --------------------------------------------------------------------------------
PARAMS = {
    "year": 2026,
    "window": "Penyusunan dan penetapan SKP",
    "what": "Penyusunan dan penetapan SKP",
    "deadline_date": "2026-12-31",
    "period": "Triwulan IV 2026",
    "count": 3,
    "name": "Ir. Budi Santoso, M.M.",
    "names": ["Ani (1980)", "Citra (1990)"],
}
REPEATED = re.compile(r"\b(\w+(?:\s+\w+)*)\s+\1\b", re.IGNORECASE)
TEXTS = [*MESSAGES.values(), SURVEY_MESSAGE]


def _reminder_email(org, message: str):
    notification = Notification.objects.create(
        recipient=org.pegawai.user, message=message, params=PARAMS
    )
    Reminder.objects.create(
        recipient=org.pegawai.user,
        item=f"test:{notification.pk}",
        deadline=dt.date(2026, 12, 31),
        offset=1,
        kind="test",
        notification=notification,
    )
    notification.refresh_from_db()
    return notification_message(notification)


@pytest.mark.parametrize("message", TEXTS)
def test_no_reminder_repeats_a_word_in_its_subject_or_text(org, message):
    email = _reminder_email(org, message)
    for text in (email.subject, email.body):
        assert not REPEATED.search(text), text
    assert "31 Desember 2026" in email.body


@pytest.mark.parametrize("message", TEXTS)
def test_a_subject_is_never_cut_inside_a_word(org, message):
    email = _reminder_email(org, message)
    with translation.override("id"):
        words = Notification(message=message, params=PARAMS).text.split()
    assert len(email.subject) <= 100
    shown = email.subject.removesuffix("…").split()[3:]  # after "[Kinerja ASN] Pengingat:"
    assert shown[:-1] == words[: len(shown) - 1]
    assert shown[-1] == words[len(shown) - 1].rstrip(",;:")


def test_subject_line_keeps_whole_words_and_marks_what_was_left_out():
    text = "Evaluasi Triwulan IV 2026 Anda sudah ditetapkan dan menunggu konfirmasi penerimaan"
    subject = subject_line("[Kinerja ASN] Pengingat:", text, limit=60)
    assert subject == "[Kinerja ASN] Pengingat: Evaluasi Triwulan IV 2026 Anda…"
    assert subject_line("[Kinerja ASN]", "Pendek.", limit=60) == "[Kinerja ASN] Pendek."


@pytest.mark.parametrize("key", ["date", "deadline_date"])
def test_dates_in_sentences_are_written_the_indonesian_way(key):
    with translation.override("id"):
        assert display_params({key: "2026-12-31"})[key] == "31 Desember 2026"


# ----- done -------------------------------------------------------------------------------------
def test_a_handled_reminder_is_marked_done_read_and_no_longer_emailed(window, org, settings):
    run_reminders(default_plan(_day(-3)), enqueue=False)
    submit = Reminder.objects.get(recipient=org.pegawai.user, kind="skp_submit")
    assert submit.done_at is None and submit.notification.read_at is None
    skp = org.pegawai.skps.get()
    Notification.objects.filter(pk=submit.notification_id).update(email_status=EmailStatus.DIGEST)
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    result = run_reminders(default_plan(_day(-2)), enqueue=False)
    submit.refresh_from_db()
    assert result.done >= 1 and submit.done_at is not None
    assert submit.notification.read_at is not None
    assert submit.notification.email_status == EmailStatus.NONE


def test_a_reminder_still_to_act_on_stays_open(window, org):
    run_reminders(default_plan(_day(-3)), enqueue=False)
    run_reminders(default_plan(_day(-1)), enqueue=False)
    assert not Reminder.objects.filter(recipient=org.pegawai.user, done_at__isnull=False).exists()


def test_an_approved_skp_marks_the_ppks_reminder_done_in_the_inbox(window, org, client):
    skp = org.pegawai.skps.get()
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    run_reminders(default_plan(_day(-3)), enqueue=False)
    approve = Reminder.objects.get(recipient=org.ppk.user, kind="skp_approve")
    skp_flow.skp_approve(skp, actor=actor(org.ppk))
    run_reminders(default_plan(_day(-2)), enqueue=False)
    approve.refresh_from_db()
    assert approve.done_at is not None
    client.force_login(org.ppk.user)
    page = client.get("/kotak-masuk/").content.decode()
    assert "Selesai" in page
