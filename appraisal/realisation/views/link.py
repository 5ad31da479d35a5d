"""Leaving for a web link given as evidence: a page that shows where it leads before going there.

Evidence links are typed by employees; a click must not take a PPK or an administrator, signed in
to this app, to a look-alike login page or a download without their seeing the address first. The
host is shown apart from the rest (what "https://bkd.go.id@contoh.com/" really reaches) and in
its ASCII form when it has non-Latin letters (a look-alike "bkd.gо.id" with a Cyrillic о).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal.cycles import calendar
from appraisal.realisation import policies as realisation_policies
from appraisal.realisation.models import Evidence
from appraisal.realisation.views.page import _url


def ascii_host(host: str) -> str:
    """The host as the browser will look it up: IDNA (xn--…) when it has non-ASCII letters."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _back_url(evidence: Evidence) -> str:
    """The realisation page the evidence is listed on (a daily log entry's: its period's)."""
    skp = evidence.skp
    if evidence.realisation_id:
        return _url(skp, evidence.realisation.period)
    found = evidence.daily_log_id and calendar.period_of(
        skp.cycle.year, skp.cycle.frequency, evidence.daily_log.day
    )
    return _url(skp, found.number if found else 1)


@login_required
@require_GET
def evidence_link(request, public_id):
    """The address of a link given as evidence, its host, and a button to continue there. Only
    web addresses are shown (anything else was never accepted: 404)."""
    evidence = realisation_policies.evidence_for_view(roles_for(request), public_id)
    parts = urlsplit(evidence.link)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Http404
    access_record(
        actor=actor_for(request),
        kind=AccessKind.EVIDENCE,
        path=request.path,
        subject_id=evidence.skp.employee_id,
    )
    host = ascii_host(parts.hostname)
    return render(
        request,
        "appraisal/realisation/evidence_link.html",
        {
            "evidence": evidence,
            "host": host,
            "host_is_ascii": host == parts.hostname,
            "back": _back_url(evidence),
        },
    )
