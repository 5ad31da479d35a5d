"""Permission-matrix rows for the reports: admins and PPKs have reports, a plain pegawai does
not (403); an export job belongs to its requester (the admin OPD here): anyone else with reports
gets 404. The dashboard is for everyone logged in (each sees their own scope and history)."""

from tests.matrix import BKD_ONLY, EVERYONE_LOGGED_IN, row

REPORTERS = row(302, 403, 200, 200, 200, 200, 200, 200)
REQUESTER_ONLY = row(302, 403, 404, 404, 404, 200, 404, 404)


def _export(org):
    from tests.appraisal.matrix_rows import _cycle

    _cycle(org)  # the open cycle the export defaults to
    return {"identifier": "ranking"}


def _job(org):
    from reports.models import ExportJob
    from reports.services import export_job_run
    from tests.actors import system
    from tests.appraisal.matrix_rows import _cycle

    cycle = _cycle(org)
    job = ExportJob.objects.create(
        exporter="ranking",
        params={"year": cycle.year, "opd": org.dinkes.code, "period": None},
        requested_by=org.admin_opd.user,
    )
    export_job_run(job.pk, actor=system("export job"))
    return {"public_id": job.public_id}


KINDS = {"report_export": _export, "report_job": _job}

ROWS = {
    "reports:index": ("get", None, REPORTERS),
    "reports:dashboard": ("get", None, EVERYONE_LOGGED_IN),
    "reports:audit": ("get", None, BKD_ONLY),
    # A POST without a year exports the open cycle at once (a small export streams: 200).
    "reports:export": ("post", "report_export", REPORTERS),
    "reports:job": ("get", "report_job", REQUESTER_ONLY),
    "reports:job_download": ("get", "report_job", REQUESTER_ONLY),
}

POST_ROWS = {"reports:export": ("report_export", REPORTERS)}
