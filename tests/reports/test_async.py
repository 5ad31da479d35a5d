"""A big export runs as a Celery job (eager here, as with the zero-env default): a progress bar,
a download for the requester alone that re-checks permission, expiry, and idempotent tasks."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.org.models import AdminRole
from reports import tasks
from reports.models import ExportJob, ExportStatus
from tests.reports.conftest import YEAR, read_workbook


@pytest.fixture
def big(settings):
    """Every export counts as big: it becomes a job."""
    settings.REPORTS_STREAM_MAX_ROWS = 0


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """POST an export and run what was enqueued on commit (the eager Celery task)."""

    def _ask(client, identifier="ranking", **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("reports:export", args=[identifier]), {"year": YEAR, **data})

    return _ask


def test_async_export_end_to_end_with_eager_celery(org, login, results, big, ask):
    client = login("admin_bkd")
    response = ask(client)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE
    assert (job.rows_total, job.rows_done, job.percent) == (7, 7, 100)
    assert job.requested_by == org.admin_bkd.user and job.params == {
        "year": YEAR,
        "opd": "",
        "period": None,
        "month": None,  # for the exports of one month (tpp)
    }
    assert job.file.name == f"laporan/{job.public_id}.xlsx"
    assert job.expires_at > timezone.now() + dt.timedelta(hours=23)

    page = client.get(response.url)
    assert (
        f'href="{reverse("reports:job_download", args=[job.public_id])}"' in page.content.decode()
    )

    download = client.get(reverse("reports:job_download", args=[job.public_id]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="ranking-2025.xlsx"'
    _book, sheets = read_workbook(b"".join(download.streaming_content))
    assert [row[2] for row in sheets["Peringkat"][1:3]] == ["Kasi Surveilans", "Pegawai Surveilans"]
    assert sheets["Keterangan"][-1][1] == f"Admin BKD ({org.admin_bkd.nip})"


def test_progress_partial_polls_while_the_job_runs(org, login):
    job = ExportJob.objects.create(
        exporter="ranking", params={"year": YEAR}, requested_by=org.admin_bkd.user,
        status=ExportStatus.RUNNING, rows_total=4000, rows_done=1000,
    )  # fmt: skip
    response = login("admin_bkd").get(
        reverse("reports:job", args=[job.public_id]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'aria-valuenow="25"' in body
    assert "<html" not in body  # the partial alone


def test_only_the_requester_sees_or_downloads_a_job(org, login, results, big, ask):
    ask(login("admin_opd"))
    job = ExportJob.objects.get()
    for persona in ("admin_bkd", "admin_opd_other", "ppk"):
        assert login(persona).get(reverse("reports:job", args=[job.public_id])).status_code == 404
        assert (
            login(persona).get(reverse("reports:job_download", args=[job.public_id])).status_code
            == 404
        )
    assert (
        login("pegawai").get(reverse("reports:job_download", args=[job.public_id])).status_code
        == 403
    )


def test_download_rechecks_permission(org, login, results, big, ask):
    client = login("admin_opd")
    ask(client, opd="DINKES")
    job = ExportJob.objects.get()
    assert client.get(reverse("reports:job_download", args=[job.public_id])).status_code == 200
    AdminRole.objects.filter(user=org.admin_opd.user).delete()  # no longer an admin
    assert client.get(reverse("reports:job_download", args=[job.public_id])).status_code == 403


def test_an_expired_download_is_gone_and_purged(org, login, results, big, ask):
    client = login("admin_bkd")
    ask(client)
    job = ExportJob.objects.get()
    name = job.file.name
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(reverse("reports:job_download", args=[job.public_id]))
    assert response.status_code == 410
    assert default_storage.exists(name)
    assert tasks.purge_expired_exports() == 1
    assert tasks.purge_expired_exports() == 0  # run twice: nothing more
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not job.file
    assert not default_storage.exists(name)
    assert client.get(reverse("reports:job_download", args=[job.public_id])).status_code == 410


def test_a_job_runs_once_however_often_it_is_delivered(org, results):
    job = ExportJob.objects.create(
        exporter="ranking", params={"year": YEAR}, requested_by=org.admin_bkd.user
    )
    assert tasks.run_export(job.pk) == ExportStatus.DONE
    first = ExportJob.objects.get(pk=job.pk).file.name
    assert tasks.run_export(job.pk) == "skipped"
    assert ExportJob.objects.get(pk=job.pk).file.name == first


def test_a_lost_enqueue_is_caught_up(org, results):
    job = ExportJob.objects.create(
        exporter="ranking", params={"year": YEAR}, requested_by=org.admin_bkd.user
    )
    assert tasks.resume_pending_exports() == 0  # too recent: the worker may still take it
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert tasks.resume_pending_exports() == 1
    assert tasks.resume_pending_exports() == 0
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.DONE


def test_a_job_whose_requester_lost_the_role_fails_with_a_message(org, results, english):
    job = ExportJob.objects.create(
        exporter="ranking", params={"year": YEAR}, requested_by=org.pegawai.user, language="en"
    )
    tasks.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error == "You may no longer make this export."  # in the requester's language


def test_progress_is_reported_while_writing(org, results, monkeypatch):
    from reports.exporters import base

    monkeypatch.setattr(base, "PROGRESS_EVERY", 2)
    seen = []
    original = ExportJob.objects.filter

    job = ExportJob.objects.create(
        exporter="ranking", params={"year": YEAR}, requested_by=org.admin_bkd.user
    )

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        seen.append(kwargs)
        return queryset

    monkeypatch.setattr(ExportJob.objects, "filter", spy)
    tasks.run_export(job.pk)
    assert ExportJob.objects.get(pk=job.pk).rows_done == 7
    assert sum(1 for kwargs in seen if kwargs == {"pk": job.pk}) >= 3  # 2, 4, 6 rows, then done


def test_a_missing_file_is_gone_not_an_error(org, login, results, big, ask):
    client = login("admin_bkd")
    ask(client)
    job = ExportJob.objects.get()
    default_storage.delete(job.file.name)
    assert client.get(reverse("reports:job_download", args=[job.public_id])).status_code == 410
