"""Permission-matrix rows for daily progress, realisation and evidence.

The pegawai's SKP here is approved (under the approved chain kadis → kabid → kasi): the kepala
seksi (ppk persona) is their PPK, the kabid their Atasan PPK, the kadis heads DINKES.
"""

from django.utils import timezone

from tests.actors import system
from tests.matrix import EVERYONE_LOGGED_IN, row

SKP_VIEW = row(302, 200, 200, 200, 200, 200, 404, 200)
OWNER_POST = row(302, 302, 403, 403, 403, 403, 404, 403)
APPRAISERS = row(302, 403, 200, 200, 200, 403, 403, 403)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _approved_skp(org):
    """The pegawai's approved SKP, built once per test (the database is the cache)."""
    from appraisal.choices import SkpStatus
    from appraisal.cycles.models import Cycle
    from appraisal.plans.models import Skp
    from tests.appraisal.conftest import Plan, open_cycle_for

    skp = Skp.objects.filter(employee=org.pegawai, status=SkpStatus.APPROVED).first()
    if skp is not None:
        return skp
    year = timezone.localdate().year
    cycle = Cycle.objects.filter(year=year).first() or open_cycle_for(year)
    plan = Plan(org, cycle)
    *_, kasi = plan.chain()
    return plan.approved(org.pegawai, linked_to=kasi.rhks.get())


def _evidence(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from appraisal.realisation import services
    from tests.actors import actor

    skp = _approved_skp(org)
    evidence = services.evidence_add(
        services.realisation_for(skp, 1, actor=system()),
        upload=SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf"),
        rhk=skp.rhks.get(),
        actor=actor(org.pegawai),
    )
    return {"public_id": evidence.public_id}


def _evidence_link(org):
    from appraisal.realisation import services
    from tests.actors import actor

    skp = _approved_skp(org)
    evidence = services.evidence_add(
        services.realisation_for(skp, 1, actor=system()),
        link="https://drive.contoh.go.id/laporan-januari",
        rhk=skp.rhks.get(),
        actor=actor(org.pegawai),
    )
    return {"public_id": evidence.public_id}


def _daily_log_entry(org):
    from appraisal.realisation import services
    from tests.actors import actor

    skp = _approved_skp(org)
    log = services.daily_log_add(
        skp,
        day=timezone.localdate(),
        activity="Rapat koordinasi",
        rhk=skp.rhks.get(),
        actor=actor(org.pegawai),
    )
    return {"public_id": log.public_id}


def _with_approved_skp(org):
    """No URL kwargs: the page works on the pegawai's approved SKP, which this builds."""
    _approved_skp(org)
    return {}


KINDS = {
    "realisation": lambda org: {"public_id": _approved_skp(org).public_id, "period": 1},
    "evidence": _evidence,
    "evidence_link": _evidence_link,
    "daily_log_entry": _daily_log_entry,
    "with_approved_skp": _with_approved_skp,
}

ROWS = {
    "appraisal:daily_log": ("get", "with_approved_skp", EVERYONE_LOGGED_IN),
    "appraisal:daily_log_delete": ("post", "daily_log_entry", OWNER_POST),
    "appraisal:team_daily_log": ("get", None, APPRAISERS),
    "appraisal:team_progress": ("get", None, APPRAISERS),
    "appraisal:realisation": ("get", "realisation", SKP_VIEW),
    # The matrix posts no values: the owner is told what is missing and sent back.
    "appraisal:realisation_submit": ("post", "realisation", OWNER_POST),
    # Neither a file nor a link: the owner sees the page again with the message.
    "appraisal:evidence_add": ("post", "realisation", row(302, 200, 403, 403, 403, 403, 404, 403)),
    "appraisal:evidence_download": ("get", "evidence", SKP_VIEW),
    # A web link: the page showing where it leads, to whoever may see the SKP.
    "appraisal:evidence_link": ("get", "evidence_link", SKP_VIEW),
    "appraisal:evidence_delete": ("post", "evidence", OWNER_POST),
}

POST_ROWS = {
    # An empty entry re-shows the form with its errors (those without an approved SKP are told
    # to get one first): nobody is refused their own log.
    "appraisal:daily_log": ("with_approved_skp", row(302, 200, 200, 200, 200, 200, 200, 200)),
    # Every realisation field is optional: the owner's empty save is saved.
    "appraisal:realisation": ("realisation", OWNER_POST),
}
