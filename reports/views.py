"""Reports: the list of exports a user may download, the exports themselves, export jobs with a
progress bar and a download that re-checks permission and expiry, and the dashboards.

Access (reports/scope.py): admin BKD everything, admin OPD their OPD, a PPK their team; anyone
else 403 on the reports page. Jobs belong to their requester: anyone else gets 404. The
dashboard is for every logged-in user: each sees the charts of their own scope, and every
employee their own history.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal.choices import ANNUAL
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import real_cycles, real_open_cycle
from core.figures import figures_context, slow_figures, wants_refresh
from core.menus import Menu, menu
from core.throttling import limit_documents
from reports import dashboards, services
from reports.exporters import CONTENT_TYPE, ParamError, available, exporter_class, write_workbook
from reports.exporters.base import month_label, period_label, resolve_params
from reports.forms import ReportFilterForm
from reports.models import ExportJob, ExportStatus
from reports.scope import require_scope, scope_for, scope_opds

JOBS_SHOWN = 10


def _cycles() -> list[Cycle]:
    return list(real_cycles().order_by("-year"))


def _chosen_cycle(request, cycles: list[Cycle]) -> Cycle | None:
    """The cycle of ?year=, else the open one, else the latest."""
    year = request.GET.get("year", "").strip()
    by_year = {c.year: c for c in cycles}
    if year.isdecimal() and int(year) in by_year:  # not isdigit: int() refuses "²"
        return by_year[int(year)]
    current = real_open_cycle()
    if current is not None:
        return by_year.get(current.year, current)
    return cycles[0] if cycles else None


def _filters(request, scope, cycles, **kwargs):
    cycle = _chosen_cycle(request, cycles)
    opds = list(scope_opds(scope)) if scope is not None else []
    form = ReportFilterForm(request.GET or None, cycles=cycles, opds=opds, cycle=cycle, **kwargs)
    if request.GET and not form.is_valid():
        messages.error(request, _("Some filters could not be used; they were left out."))
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    opd = next((o for o in opds if o.code == chosen.get("opd")), None)
    return form, cycle, opd, chosen.get("period")


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def index(request):
    """The exports the user may download, with the filters, and the user's recent jobs."""
    scope = require_scope(roles_for(request))
    cycles = _cycles()
    form, cycle, opd, period = _filters(request, scope, cycles)
    jobs = list(ExportJob.objects.filter(requested_by=request.user)[:JOBS_SHOWN])
    for found in jobs:
        _describe(found)
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "cycle": cycle,
            "opd": opd,
            "period": period,
            "exporters": available(scope),
            "months": [(number, month_label(number)) for number in range(1, 13)],
            # The month an export of one month starts on: the last one that has ended.
            "last_month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).month,
            "jobs": jobs,
            "scope": scope,
            "query": urlencode({k: v for k, v in request.GET.items() if v}),
        },
    )


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
@limit_documents
def export(request, identifier):
    """Small exports stream at once; big ones become a job (Celery) with a progress bar."""
    roles = roles_for(request)
    scope = require_scope(roles)
    cls = exporter_class(identifier)
    if not cls.allowed_for(scope):
        raise Http404  # an administrators' recap does not exist for a PPK
    back = reverse("reports:index")
    query = {k: request.POST.get(k, "") for k in ("year", "opd", "period", "month")}
    query = {k: v for k, v in query.items() if v}
    if query:
        back += "?" + urlencode(query)
    try:
        params = resolve_params(
            cls,
            scope,
            year=request.POST.get("year"),
            opd_code=request.POST.get("opd", ""),
            period=request.POST.get("period"),
            month=request.POST.get("month"),
            default_cycle=real_open_cycle() or real_cycles().order_by("-year").first(),
        )
    except ParamError as error:
        messages.error(request, str(error))
        return redirect(back)
    exporter = cls(params, scope)
    rows = exporter.estimate()
    if rows > services.stream_max_rows():
        job = services.export_job_create(exporter, rows, actor=actor_for(request))
        job.refresh_from_db()  # eager Celery may have finished it already
        if job.status == ExportStatus.FAILED:
            messages.error(request, job.error)
        else:
            messages.info(
                request,
                _("%(export)s is large (about %(rows)s rows): it is being prepared below.")
                % {"export": cls.label, "rows": rows},
            )
        return redirect(back)
    # FileResponse closes the file once it is sent.
    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_workbook(exporter, stream, generated_by=services.actor_name(request.user))
    stream.seek(0)
    _record_export(request, identifier, params.as_json())
    return FileResponse(
        stream, as_attachment=True, filename=exporter.filename(), content_type=CONTENT_TYPE
    )


def _own_job(request, public_id) -> ExportJob:
    require_scope(roles_for(request))
    return get_object_or_404(ExportJob, public_id=public_id, requested_by=request.user)


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def job(request, public_id):
    """A job's progress (htmx polls this partial while it runs) and its download link."""
    found = _describe(_own_job(request, public_id))
    context = {"job": found, "expired": found.expired}
    if request.htmx:
        return render(request, "reports/_job.html", context)
    return render(request, "reports/job.html", context)


def _describe(job: ExportJob) -> ExportJob:
    """Set `.label` (the export's name) and `.expired` for the templates."""
    try:
        job.label = str(exporter_class(job.exporter).label)
    except Http404:
        job.label = job.exporter
    job.expired = services.is_expired(job)
    return job


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def job_download(request, public_id):
    """The job's file: the requester only, with their permission asked again; gone once expired."""
    found = _describe(_own_job(request, public_id))
    if found.status == ExportStatus.DONE and not default_storage.exists(found.file.name):
        found.expired = True  # the file went (a purge, a restored backup): as good as expired
    if found.expired:
        return render(request, "reports/job.html", {"job": found, "expired": True}, status=410)
    if found.status != ExportStatus.DONE:
        raise Http404
    try:
        services.build_exporter(roles_for(request), found.exporter, found.params)
    except ParamError:
        raise Http404 from None
    _record_export(request, found.exporter, found.params)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=CONTENT_TYPE,
    )


def _record_export(request, identifier: str, params: dict) -> None:
    """An export of people's data handed to someone: recorded with what it covered (one INSERT)."""
    covering = " ".join(
        f"{key}={value}" for key, value in params.items() if value not in ("", None)
    )
    access_record(
        actor=actor_for(request),
        kind=AccessKind.EXPORT,
        path=request.path,
        scope=f"{identifier} {covering}".strip(),
    )


def _scope_key(scope) -> tuple:
    def ids(values):
        return None if values is None else tuple(sorted(values))

    return (scope.kind, ids(scope.opd_ids), ids(scope.employee_ids))


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def dashboard(request):
    """Charts of the user's scope (predicates against the curve, completion over time) and the
    employee's own history over the years."""
    roles = roles_for(request)
    scope = scope_for(roles)
    context: dict = {"scope": scope}
    if scope is not None:
        cycles = _cycles()
        form, cycle, opd, period = _filters(
            request, scope, cycles, period_blank=_("Annual evaluation")
        )
        period = ANNUAL if period is None else period
        context.update(form=form, cycle=cycle, opd=opd, period=period)
        if cycle is not None:
            context["period_name"] = period_label(cycle, period)
            context["distribution"] = dashboards.distribution(cycle, period, scope, opd)
            completion = slow_figures(
                "completion",
                (cycle.pk, opd.pk if opd else None, _scope_key(scope)),
                lambda: dashboards.completion(cycle, scope, opd),
                refresh=wants_refresh(request),
            )
            context["completion"] = completion.value
            context.update(figures_context(request, completion))
            context["public_feedback"] = dashboards.public_feedback(cycle, scope, opd)
    if roles.employee is not None:
        context["history"] = dashboards.history(roles.employee)
    return render(request, "reports/dashboard.html", context)
