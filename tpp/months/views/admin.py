"""The admins' TPP pages: the year (scheme, months), a month across OPDs (compute, progress), one
OPD's month (its lines and anomalies; lock, reopen)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org.models import OrgUnit
from accounts.org.policies import require_admin, require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from accounts.org.selectors import active_opds, opds_managed
from appraisal.cycles.selectors import real_cycles
from core.errors import DomainError
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page
from core.queueing import enqueue_on_commit
from reports.exporters.base import month_label
from tpp.choices import Anomaly, MonthState
from tpp.months import services
from tpp.months.models import Line, Month, Run
from tpp.months.policies import month_for_view
from tpp.months.tasks import compute_run
from tpp.schemes.selectors import basis_changes, version_in_force


def _year(request) -> int:
    text = request.GET.get("year") or ""
    if text.isdecimal() and len(text) == 4:
        return int(text)
    return timezone.localdate().year


def _cycle_month(year: int, month: int) -> int:
    """A month of a year with an appraisal cycle; anything else does not exist (404)."""
    if not 1 <= month <= 12 or not real_cycles().filter(year=year).exists():
        raise Http404
    return month


def _opd_filter(roles) -> Q:
    return Q() if roles.is_admin_bkd else Q(opd_id__in=sorted(roles.admin_opd_ids))


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def year(request):
    """The year at a glance: the scheme in force, and per month how many OPDs are computed and
    locked and what they pay."""
    roles = roles_for(request)
    require_admin(roles)
    chosen = _year(request)
    cycle = real_cycles().filter(year=chosen).first()
    summary = {
        row["month"]: row
        for row in Month.objects.filter(_opd_filter(roles), year=chosen)
        .values("month")
        .annotate(
            opds=Count("pk", distinct=True),
            locked=Count("pk", filter=Q(state=MonthState.LOCKED), distinct=True),
        )
    }
    paid = dict(
        Line.objects.filter(month__in=Month.objects.filter(_opd_filter(roles), year=chosen))
        .values_list("month__month")
        .annotate(total=Sum("received"))
    )
    months = [
        {"number": n, "name": month_label(n), "summary": summary.get(n), "paid": paid.get(n)}
        for n in range(1, 13)
    ]
    context = {
        "year": chosen,
        "years": list(real_cycles().order_by("-year").values_list("year", flat=True)),
        "cycle": cycle,
        "versions": list(cycle.tpp_versions.order_by("effective_month")) if cycle else [],
        "basis_changes": basis_changes(cycle) if cycle else [],
        "months": months,
        "is_bkd": roles.is_admin_bkd,
    }
    return render(request, "tpp/year.html", context)


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def month(request, year: int, month: int):
    """One month across the OPDs in scope: state, people, anomalies, what each pays."""
    roles = roles_for(request)
    require_admin(roles)
    month = _cycle_month(year, month)
    opds = opds_managed(roles)
    records = {
        m.opd_id: m
        for m in Month.objects.filter(year=year, month=month, opd__in=opds).annotate(
            people=Count("lines"),
            paid=Sum("lines__received"),
            flagged=Count("lines", filter=~Q(lines__anomalies=[])),
        )
    }
    run = Run.objects.filter(year=year, month=month).first() if roles.is_admin_bkd else None
    context = {
        "year": year,
        "month": month,
        "month_name": month_label(month),
        "rows": [(opd, records.get(opd.pk)) for opd in opds],
        "run": run,
        "is_bkd": roles.is_admin_bkd,
        "has_scheme": version_in_force(year, month) is not None,
    }
    return render(request, "tpp/month.html", context)


@login_required
@require_POST
def compute_all(request, year: int, month: int):
    roles = roles_for(request)
    require_admin_bkd(roles)
    month = _cycle_month(year, month)
    if version_in_force(year, month) is None:
        messages.error(request, _("There is no TPP scheme for %(year)s yet.") % {"year": year})
        return redirect("tpp:month", year=year, month=month)
    total = active_opds().count()
    run = Run.objects.create(year=year, month=month, opd_total=total, started_by=request.user)
    enqueue_on_commit(compute_run, run.pk)
    messages.info(request, _("TPP for %(month)s %(year)s is being computed for every OPD.") % {
        "month": month_label(month), "year": year})  # fmt: skip
    return redirect("tpp:month", year=year, month=month)


@login_required
@require_GET
def run_progress(request, public_id):
    """The progress bar's fragment (htmx polls it while the run goes on)."""
    require_admin_bkd(roles_for(request))
    run = get_object_or_404(Run, public_id=public_id)
    return render(request, "tpp/partials/run_progress.html", {"run": run})


@login_required
@require_POST
def compute_opd(request, year: int, month: int, code: str):
    roles = roles_for(request)
    require_admin_bkd(roles)
    opd = get_object_or_404(OrgUnit, code=code, parent__isnull=True)
    try:
        record = services.month_compute(
            year, _cycle_month(year, month), opd, actor=actor_for(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("tpp:month", year=year, month=month)
    messages.success(request, _("TPP computed for %(opd)s.") % {"opd": opd.label})
    return redirect("tpp:month_opd", public_id=record.public_id)


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def month_opd(request, public_id):
    """One OPD's month: every line with its anomalies; the admin BKD locks or reopens it."""
    roles = roles_for(request)
    record = month_for_view(roles, public_id)
    lines = record.lines.select_related("employee").order_by("employee__name")
    shown = request.GET.get("anomaly", "")
    if shown in Anomaly.values:
        # The stored list as text holds each value in quotes, on every database.
        lines = lines.filter(anomalies__icontains=f'"{shown}"')
    counts = dict.fromkeys(Anomaly.values, 0)
    for anomalies in record.lines.exclude(anomalies=[]).values_list("anomalies", flat=True):
        for value in anomalies:
            counts[value] = counts.get(value, 0) + 1
    context = {
        "record": record,
        "month_name": month_label(record.month),
        "page": paginate(request, lines),
        "query": query_without_page(request),
        "anomaly_counts": [(value, label, counts[value]) for value, label in Anomaly.choices],
        "shown": shown,
        "is_bkd": roles.is_admin_bkd,
        "totals": record.lines.aggregate(
            paid=Sum("received"), gross=Sum("gross"), cut=Sum("deduction_total")
        ),
        "history": record.history.order_by("-history_date")[:10],
        "revisions": record.paid_revisions.all()[:10],
    }
    return render(request, "tpp/month_opd.html", context)


@login_required
@require_POST
def lock(request, public_id):
    roles = roles_for(request)
    record = month_for_view(roles, public_id)
    require_admin_bkd(roles)
    try:
        services.month_lock(record, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The month is locked; its employees are told."))
    return redirect(reverse("tpp:month_opd", args=[record.public_id]))


@login_required
@require_POST
def reopen(request, public_id):
    roles = roles_for(request)
    record = month_for_view(roles, public_id)
    require_admin_bkd(roles)
    try:
        services.month_reopen(record, request.POST.get("reason", ""), actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The month is open again: compute it, then lock it."))
    return redirect(reverse("tpp:month_opd", args=[record.public_id]))
