"""Personal data (UU 27/2022), as the assessment found it: an administrator or a supervisor could
open anyone's page, appraisal record, evidence or an export and leave no trace; data was kept
for ever; an employee had no way to obtain what was held about them.

Now every such opening is recorded (who, whose, what, when) with one INSERT and nothing read,
the owner's own pages are not, a refused request records nothing, one's own data is always
one's own, and personal data past its RETENTION_* period is removed by an idempotent purge.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from axes.models import AccessLog
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.models import AccessKind, PersonalDataAccess
from accounts.privacy.services import access_record
from appraisal.choices import CycleStatus
from appraisal.realisation.models import Evidence
from feedback.public.models import PublicChannel, PublicFeedback
from reports.privacy.services import personal_data_purge
from tests.actors import actor, system
from tests.conftest import BACKEND
from tests.factories import UserFactory
from tests.test_permissions_matrix import MATRIX, _kwargs, _url

# Pages showing one person's data, and what their opening is recorded as.
PERSONAL_PAGES = {
    "org:employee_detail": AccessKind.EMPLOYEE_PAGE,
    "appraisal:skp_detail": AccessKind.DOSSIER,
    "appraisal:skp_review": AccessKind.DOSSIER,
    "appraisal:realisation": AccessKind.DOSSIER,
    "appraisal:evaluation": AccessKind.DOSSIER,
    "appraisal:objection_detail": AccessKind.DOSSIER,
    "appraisal:skp_pdf": AccessKind.DOSSIER,
    "appraisal:evaluation_pdf": AccessKind.DOSSIER,
    "appraisal:evaluation_document_pdf": AccessKind.DOSSIER,
    "appraisal:evidence_download": AccessKind.EVIDENCE,
    "appraisal:evidence_link": AccessKind.EVIDENCE,  # the page before an outside link
}
# Who opens them: the pegawai's PPK where the page is theirs, else an administrator.
READERS = ("ppk", "admin_opd", "admin_bkd", "atasan_ppk")


def _reader(name: str) -> str:
    expected = MATRIX[name][2]
    return next(persona for persona in READERS if expected[persona] == 200)


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.mark.parametrize("name", sorted(PERSONAL_PAGES))
def test_opening_someone_elses_personal_data_is_recorded(name, org):
    method, kind, expected = MATRIX[name]
    url = _url(name, _kwargs(kind, org))
    reader = _reader(name)
    response = _client(getattr(org, reader).user).get(url)
    assert response.status_code == 200
    recorded = list(PersonalDataAccess.objects.all())
    assert [(a.user_id, a.subject_id, a.kind, a.path) for a in recorded] == [
        (getattr(org, reader).user_id, org.pegawai.pk, PERSONAL_PAGES[name], url)
    ]
    assert timezone.now() - recorded[0].at < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "name", sorted(n for n in PERSONAL_PAGES if MATRIX[n][2]["pegawai"] == 200)
)
def test_the_owner_opening_their_own_records_nothing(name, org):
    method, kind, expected = MATRIX[name]
    url = _url(name, _kwargs(kind, org))
    assert _client(org.pegawai.user).get(url).status_code == 200
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("name", sorted(PERSONAL_PAGES))
def test_a_refused_opening_records_nothing(name, org):
    method, kind, expected = MATRIX[name]
    url = _url(name, _kwargs(kind, org))
    org.colleague.user = UserFactory(username="rekan")
    org.colleague.save(update_fields=["user"])
    for stranger in (org.colleague.user, org.outsider.user):
        assert _client(stranger).get(url).status_code in (403, 404)
    assert not PersonalDataAccess.objects.exists()


def test_exports_of_many_people_are_recorded_with_what_they_covered(org, login):
    from tests.reports.matrix_rows import _job

    admin = login("admin_opd")
    assert admin.get(reverse("account_admin:export"), {"status": "active"}).status_code == 200
    job = _job(org)
    assert admin.get(reverse("reports:job_download", kwargs=job)).status_code == 200
    recorded = list(PersonalDataAccess.objects.order_by("pk"))
    assert [(a.user_id, a.subject_id, a.kind) for a in recorded] == [
        (org.admin_opd.user_id, None, AccessKind.EXPORT)
    ] * 2
    assert recorded[0].scope == "account_status" and "status=active" in recorded[0].path
    # The job's parameters in any order (PostgreSQL's jsonb keeps its keys sorted).
    assert recorded[1].scope.split()[0] == "ranking"
    assert {"opd=DINKES"} <= set(recorded[1].scope.split())
    assert any(part.startswith("year=") for part in recorded[1].scope.split())


def test_recording_is_one_insert_and_nothing_for_the_owner(org, django_assert_num_queries):
    reader, owner = actor(org.admin_bkd), actor(org.pegawai)
    with django_assert_num_queries(1) as captured:
        access_record(
            actor=reader, kind=AccessKind.EMPLOYEE_PAGE, path="/x/", subject_id=org.pegawai.pk
        )
    assert captured.captured_queries[0]["sql"].startswith("INSERT")
    with django_assert_num_queries(0):
        access_record(
            actor=owner, kind=AccessKind.EMPLOYEE_PAGE, path="/x/", subject_id=org.pegawai.pk
        )
        access_record(
            actor=system(), kind=AccessKind.EMPLOYEE_PAGE, path="/x/", subject_id=org.pegawai.pk
        )


def test_one_cannot_download_someone_elses_data(org, login):
    """The downloads name no one: whatever is added to the address, the data is the asker's."""
    for fmt in ("json",):
        url = reverse("privacy:my_data_download", args=[fmt])
        for query in ({}, {"nip": org.pegawai.nip}, {"user": org.pegawai.user_id}):
            data = json.loads(login("admin_bkd").get(url, query).content)
            assert data["profile"]["nip"] == org.admin_bkd.nip
    assert login("anonymous").get(url).status_code == 302
    with pytest.raises(Exception):  # noqa: B017, PT011 - no address takes a NIP
        reverse("privacy:my_data_download", args=[org.pegawai.nip, "json"])


# Retention -------------------------------------------------------------------------------------

OLD = dt.timedelta(days=400)


@pytest.fixture
def aged(org, settings):
    """Data on both sides of short retention periods: what is past them, and what is not."""
    from tests.appraisal.matrix_rows_realisation import _evidence

    settings.RETENTION_EVIDENCE_DAYS = 365
    settings.RETENTION_PUBLIC_CONTACT_DAYS = 90
    settings.RETENTION_CLIENT_HASH_DAYS = 30
    settings.RETENTION_AUDIT_DAYS = 365
    now = timezone.now()
    old_evidence = Evidence.objects.get(public_id=_evidence(org)["public_id"])
    Evidence.objects.create(skp=old_evidence.skp, link="https://a.example/x")  # recent: kept
    Evidence.objects.filter(pk=old_evidence.pk).update(created_at=now - OLD)
    old_evidence.skp.cycle.__class__.objects.filter(pk=old_evidence.skp.cycle_id).update(
        status=CycleStatus.CLOSED
    )
    channel = PublicChannel.objects.create(unit=org.surv, code="uji123")
    feedback = {"keramahan": 5, "kecepatan": 4, "kejelasan": 5, "channel": channel}
    for days in (200, 45, 1):
        PublicFeedback.objects.create(
            submitted_at=now - dt.timedelta(days=days),
            contact="0812000",
            client_hash=f"hash{days}",
            content_hash=f"text{days}",
            **feedback,
        )
    AccessLog.objects.create(ip_address="10.0.0.1", username="pegawai", user_agent="x")
    AccessLog.objects.update(attempt_time=now - dt.timedelta(days=31))
    AccessLog.objects.create(ip_address="10.0.0.2", username="pegawai", user_agent="y")
    reader = actor(org.admin_bkd)
    for _ in range(2):
        access_record(actor=reader, kind=AccessKind.EVIDENCE, path="/b/", subject_id=org.pegawai.pk)
    PersonalDataAccess.objects.filter(pk=PersonalDataAccess.objects.first().pk).update(at=now - OLD)
    history = type(org.pegawai).history.model
    history.objects.filter(id=org.pegawai.pk).update(history_date=now - OLD)
    return old_evidence


def test_personal_data_past_its_period_is_removed_and_a_second_run_removes_nothing(
    org, aged, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    file_name = aged.file.name
    assert default_storage.exists(file_name)
    employee_history = type(org.pegawai).history.filter(id=org.pegawai.pk).count()
    with django_capture_on_commit_callbacks(execute=True):
        report = personal_data_purge(actor=system("retention"))
    assert report.counts["evidence"] == 1
    assert report.counts["public_contacts"] == 1  # the 200-day-old one; 45 days is kept
    assert report.counts["client_hashes"] == 2  # 200 and 45 days
    assert report.counts["login_records"] == 1
    assert report.counts["access_log"] == 1
    assert report.counts["audit_entries"] >= employee_history
    assert not Evidence.objects.filter(pk=aged.pk).exists()
    assert Evidence.objects.filter(link="https://a.example/x").exists()
    assert not default_storage.exists(file_name)
    # 200 days: contact and hashes gone; 45 days: the contact kept, the hashes gone; 1 day: all.
    assert list(
        PublicFeedback.objects.order_by("submitted_at").values_list(
            "contact", "client_hash", "content_hash"
        )
    ) == [("", "", ""), ("0812000", "", ""), ("0812000", "hash1", "text1")]
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]
    assert PersonalDataAccess.objects.count() == 1
    assert not type(org.pegawai).history.filter(id=org.pegawai.pk).exists()
    again = personal_data_purge(actor=system("retention"))
    assert again.removed == 0, again.counts


def test_a_period_of_zero_keeps_the_data_for_good(org, aged, settings):
    for name in (
        "RETENTION_EVIDENCE_DAYS",
        "RETENTION_PUBLIC_CONTACT_DAYS",
        "RETENTION_CLIENT_HASH_DAYS",
        "RETENTION_AUDIT_DAYS",
    ):
        setattr(settings, name, 0)
    assert personal_data_purge(actor=system("retention")).removed == 0


def test_evidence_of_a_cycle_still_open_is_kept_however_old(org, aged):
    type(aged.skp.cycle).objects.filter(pk=aged.skp.cycle_id).update(status=CycleStatus.OPEN)
    assert personal_data_purge(actor=system("retention")).counts["evidence"] == 0
    assert Evidence.objects.filter(pk=aged.pk).exists()


def test_the_command_says_what_it_removed_and_dry_run_removes_nothing(org, aged):
    def run(*args) -> list[str]:
        out = StringIO()
        call_command("purge_personal_data", *args, stdout=out)
        return out.getvalue().splitlines()

    dry = run("--dry-run")
    assert dry[-1] == "removed=0"
    would = int(dry[-2].removeprefix("would_remove="))
    assert "evidence=1 (RETENTION_EVIDENCE_DAYS=365)" in dry
    assert Evidence.objects.filter(pk=aged.pk).exists()
    done = run()
    assert done[-1] == f"removed={would}" and would > 0
    assert run()[-1] == "removed=0"


def test_a_person_cannot_run_the_purge(org):
    with pytest.raises(PermissionDenied):
        personal_data_purge(actor=actor(org.admin_bkd))


def test_the_purge_runs_every_day(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["purge-personal-data"]
    assert entry["task"] == "reports.privacy.tasks.purge_personal_data"
    assert str(entry["schedule"]._orig_hour) == "3"


def test_the_task_purges_twice_in_a_row_without_harm(org, aged):
    from reports.privacy.tasks import purge_personal_data

    first = purge_personal_data.apply().get()
    assert first > 0
    assert purge_personal_data.apply().get() == 0


def test_retention_settings_refuse_a_negative_period(monkeypatch):
    import subprocess
    import sys

    from django.conf import settings as django_settings

    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.base"],
        cwd=django_settings.BASE_DIR,
        env={"RETENTION_AUDIT_DAYS": "-1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "RETENTION_AUDIT_DAYS tidak boleh negatif" in result.stderr


def test_a_page_pays_for_the_record_with_one_insert_and_no_read(org, login):
    """Recording reads nothing (no extra query on a busy page): the owner's opening touches the
    log not at all, someone else's with a single INSERT."""
    from tests.appraisal.matrix_rows_realisation import _approved_skp

    url = reverse("appraisal:skp_detail", args=[_approved_skp(org).public_id])
    counts = {}
    for persona in ("pegawai", "atasan_ppk"):
        client = login(persona)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[persona] = [q["sql"] for q in captured.captured_queries]
    assert not [q for q in counts["pegawai"] if "personaldataaccess" in q]
    touching = [q for q in counts["atasan_ppk"] if "personaldataaccess" in q]
    assert len(touching) == 1 and touching[0].startswith("INSERT")


@pytest.mark.parametrize(("cooloff", "kept"), [(0.5, False), (None, True)])
def test_old_login_attempts_go_unless_the_lockout_is_for_good(db, settings, cooloff, kept):
    from axes.models import AccessAttempt

    settings.RETENTION_CLIENT_HASH_DAYS = 30
    settings.AXES_COOLOFF_TIME = cooloff
    AccessAttempt.objects.create(
        username="pegawai", ip_address="10.0.0.9", user_agent="x", get_data="", post_data="",
        http_accept="*/*", path_info="/accounts/login/", failures_since_start=5,
    )  # fmt: skip
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(days=31))
    personal_data_purge(actor=system("retention"))
    assert AccessAttempt.objects.exists() is kept
