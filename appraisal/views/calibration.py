"""Calibration pages (domain §6): the units to calibrate, one unit's distribution against its
pattern, setting the organisational predicate, finalising, the Format Penetapan Predikat Kinerja
(PDF) and the cycle's distribution pattern (admin BKD).

Access (calibration_selectors): the kepala of the unit or of a unit above it, the admin OPD of its
OPD and the admin BKD; no calibration role → 403, a unit outside the scope → 404. The services
check the same again; buttons are only hidden as a courtesy.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.choices import PPK_ELIGIBLE_KINDS
from accounts.errors import DomainError
from accounts.forms import CapitalisedLabels
from accounts.models import AgencyProfile, Employee, OrgUnit, Position
from accounts.roles import Roles, roles_for
from accounts.views.common import paginate, query_without_page
from appraisal import calibration_selectors as cal
from appraisal import rules, selectors
from appraisal.choices import (
    ANNUAL,
    ORG_PREDICATE_CHOICES,
    PREDICATE_CHOICES,
    BreachPolicy,
    LimitBound,
)
from appraisal.models import Cycle, UnitFinalisation, UnitPredicate
from appraisal.services import calibration as services
from appraisal.views.evaluation_pdf import _pdf
from appraisal.views.pdf import OFFICIAL_LANGUAGE, _css_string, _place, _unit_name

PDF_TEMPLATE = "appraisal/pdf/unit_predicate.html"
EXTRA_ROWS = 1  # blank rows offered per organisational predicate in the pattern table
LIST_PAGE_SIZE = 50  # units per page of the calibration list (a province has thousands)


# ------------------------------------------------------------------------------------- forms
class PredicateForm(CapitalisedLabels, forms.Form):
    predicate = forms.ChoiceField(
        label=gettext_lazy("organisational predicate"), choices=ORG_PREDICATE_CHOICES
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when you set it on behalf of the leader one level up."),
    )


class FinaliseForm(CapitalisedLabels, forms.Form):
    justification = forms.CharField(
        label=gettext_lazy("justification"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LimitRowForm(forms.Form):
    predicates = forms.MultipleChoiceField(
        label=gettext_lazy("employee predicates"),
        choices=PREDICATE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bound = forms.ChoiceField(label=gettext_lazy("bound"), choices=LimitBound.choices)
    percent = forms.DecimalField(
        label=gettext_lazy("percent"), min_value=0, max_value=100, decimal_places=2, initial=0
    )
    # The column is a PositiveSmallIntegerField: a larger number would fail in the database.
    minimum = forms.IntegerField(
        label=gettext_lazy("at least (people)"), min_value=0, max_value=32767, initial=0
    )


LimitRowFormSet = formset_factory(LimitRowForm, extra=EXTRA_ROWS)


class PatternForm(CapitalisedLabels, forms.Form):
    breach_policy = forms.ChoiceField(
        label=gettext_lazy("when a unit breaches its distribution pattern"),
        choices=BreachPolicy.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ----------------------------------------------------------------------------------- helpers
def _default_period(cycle: Cycle) -> int:
    today = timezone.localdate()
    found = next((p for p in cycle.periods if p.start <= today <= p.end), None)
    return found.number if found else ANNUAL


def _unit_page(request, year: int, code: str, period: int):
    roles = roles_for(request)
    unit, tree = cal.unit_for_calibration(roles, code)
    cycle = get_object_or_404(Cycle, year=year)
    cal.require_period(cycle, period)
    return roles, cycle, unit, tree


def _page_url(cycle: Cycle, unit: OrgUnit, period: int) -> str:
    return reverse(
        "appraisal:calibration", kwargs={"year": cycle.year, "code": unit.code, "period": period}
    )


def _chart(counts: Counter, pattern: tuple[rules.Limit, ...], total: int) -> dict:
    """Bars per predicate (and per combined limit): actual, the most allowed, the fewest needed."""
    columns: list[tuple[str, tuple[rules.Predicate, ...]]] = [
        (p.label, (p,)) for p in rules.Predicate
    ]
    for limit in pattern:
        if len(limit.predicates) > 1:
            columns.append((" + ".join(p.label for p in limit.predicates), limit.predicates))
    most: list[int | None] = [None] * len(columns)
    least: list[int | None] = [None] * len(columns)
    keys = [key for _label, key in columns]
    for limit in pattern:
        index = keys.index(limit.predicates) if limit.predicates in keys else None
        if index is None:
            continue
        target = most if limit.bound is rules.Bound.AT_MOST else least
        target[index] = limit.allowed(total)
    return {
        "labels": [label for label, _key in columns],
        "actual": [sum(counts.get(p, 0) for p in key) for key in keys],
        "most": most,
        "least": least,
        "names": {
            "actual": _("Actual"),
            "most": _("Allowed at most"),
            "least": _("Needed at least"),
        },
    }


def _limit_rows(pattern, counts: Counter, total: int, breaches) -> list[dict]:
    broken = {id(b.limit) for b in breaches}
    return [
        {
            "text": services.limit_sentence(limit),
            "allowed": limit.allowed(total),
            "at_most": limit.bound is rules.Bound.AT_MOST,
            "actual": sum(counts.get(p, 0) for p in limit.predicates),
            "broken": id(limit) in broken,
        }
        for limit in pattern
    ]


def _unit_context(roles: Roles, cycle: Cycle, unit: OrgUnit, tree, period: int) -> dict:
    org = UnitPredicate.objects.filter(cycle=cycle, unit=unit, period=period).first()
    finalisation = (
        UnitFinalisation.objects.filter(cycle=cycle, unit=unit, period=period)
        .select_related("finalised_by")
        .first()
    )
    evaluations = cal.unit_evaluations(cycle, cal.subtree_ids(unit.pk, tree), period)
    counts = services.counts_of(evaluations)
    total = sum(counts.values())
    limits = services.limits_for(cycle)
    org_predicate = rules.OrgPredicate[org.predicate] if org else None
    pattern = limits.get(org_predicate, ()) if org_predicate else ()
    breaches = rules.distribution_breaches(org_predicate, counts, limits) if org_predicate else []
    groups = cal.group_by_predicate(evaluations)
    for group in groups:
        for evaluation in group.evaluations:
            evaluation.ppk_shown = cal.ppk_name(evaluation)
    stored = []
    if finalisation is not None and org_predicate is not None:
        stored = [
            services.breach_sentence(org_predicate.label, item) for item in finalisation.breaches
        ]
    chart = _chart(counts, pattern, total)
    editable = finalisation is None and cycle.status != "closed"
    return {
        "cycle": cycle,
        "unit": unit,
        "period": period,
        "period_name": cal.period_name(cycle, period),
        "periods": [(p.number, p.label) for p in cycle.periods] + [(ANNUAL, "Tahunan")],
        "org": org,
        "org_predicate": org_predicate,
        "finalisation": finalisation,
        "stored_breaches": stored,
        "groups": groups,
        "total": total,
        "pending": len(groups[-1].evaluations),
        "limit_rows": _limit_rows(pattern, counts, total, breaches),
        "breaches": [services.breach_sentence(org_predicate.label, b) for b in breaches]
        if org_predicate
        else [],
        "chart": chart,
        "chart_rows": list(
            zip(chart["labels"], chart["actual"], chart["most"], chart["least"], strict=True)
        ),
        "justify_mode": cycle.breach_policy == BreachPolicy.JUSTIFY,
        "may_set": editable and cal.may_set_predicate(roles, unit),
        "on_behalf": not cal.is_leader_above(roles, unit),
        "may_finalise": editable and org is not None and cal.may_finalise(roles, unit),
    }


def _render_unit(request, roles, cycle, unit, tree, period, **forms_given):
    context = _unit_context(roles, cycle, unit, tree, period)
    initial = {"predicate": context["org"].predicate} if context["org"] else {}
    context["predicate_form"] = forms_given.get("predicate_form") or PredicateForm(initial=initial)
    context["finalise_form"] = forms_given.get("finalise_form") or FinaliseForm()
    return render(request, "appraisal/calibration/unit.html", context)


# --------------------------------------------------------------------------------------- views
@login_required
@require_GET
def calibration_list(request):
    """The units in scope with their organisational predicate and finalisation for a period."""
    roles = roles_for(request)
    if not cal.has_calibration_role(roles):
        raise PermissionDenied
    year = request.GET.get("year", "").strip()
    # isdecimal, not isdigit: int() refuses "²".
    cycle = get_object_or_404(Cycle, year=int(year)) if year.isdecimal() else selectors.open_cycle()
    context: dict = {
        "cycle": cycle,
        "years": list(Cycle.objects.order_by("-year").values_list("year", flat=True)),
    }
    if cycle is not None:
        raw = request.GET.get("period", "").strip()
        period = int(raw) if raw.isdecimal() else _default_period(cycle)
        if period != ANNUAL and cycle.period(period) is None:
            period = _default_period(cycle)
        page = paginate(request, cal.calibration_list_units(roles), LIST_PAGE_SIZE)
        context.update(
            period=period,
            period_name=cal.period_name(cycle, period),
            periods=[(p.number, p.label) for p in cycle.periods] + [(ANNUAL, "Tahunan")],
            rows=cal.calibration_rows(page.object_list, cycle, period),
            page=page,
            query=query_without_page(request),
        )
    return render(request, "appraisal/calibration/list.html", context)


@login_required
@require_GET
def calibration(request, year, code, period):
    """One unit: actual against allowed distribution, employees by predicate, the forms."""
    roles, cycle, unit, tree = _unit_page(request, year, code, period)
    return _render_unit(request, roles, cycle, unit, tree, period)


@login_required
@require_POST
def unit_predicate_set(request, year, code, period):
    roles, cycle, unit, tree = _unit_page(request, year, code, period)
    if not cal.may_set_predicate(roles, unit):
        raise PermissionDenied
    form = PredicateForm(request.POST)
    if form.is_valid():
        try:
            services.unit_predicate_set(
                cycle,
                unit,
                period,
                form.cleaned_data["predicate"],
                roles,
                request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Organisational predicate saved."))
            return redirect(_page_url(cycle, unit, period))
    return _render_unit(request, roles, cycle, unit, tree, period, predicate_form=form)


@login_required
@require_POST
def unit_finalise(request, year, code, period):
    roles, cycle, unit, tree = _unit_page(request, year, code, period)
    if not cal.may_finalise(roles, unit):
        raise PermissionDenied
    form = FinaliseForm(request.POST)
    if form.is_valid():
        try:
            done = services.unit_finalise(
                cycle, unit, period, form.cleaned_data["justification"], roles, request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if done.breaches:
                messages.warning(
                    request,
                    _("The unit is finalised with %(count)s breach(es) of its pattern.")
                    % {"count": len(done.breaches)},
                )
            else:
                messages.success(request, _("The unit is finalised."))
            return redirect(_page_url(cycle, unit, period))
    return _render_unit(request, roles, cycle, unit, tree, period, finalise_form=form)


# ---------------------------------------------------------------- Format Penetapan (PDF)
def _leader_title(unit: OrgUnit, agency: AgencyProfile) -> str:
    """The post of the leader one level up: the parent unit's head post, else the Kepala Daerah."""
    if unit.parent_id is None:
        return agency.head_title
    for post in Position.objects.filter(unit_id=unit.parent_id).select_related("parent"):
        if post.kind in PPK_ELIGIBLE_KINDS and (
            post.parent_id is None or post.parent.unit_id != post.unit_id
        ):
            return post.name
    return agency.head_title


def predicate_document_context(
    cycle: Cycle, unit: OrgUnit, period: int, tree, today: dt.date | None = None
) -> dict:
    """Everything the Format Penetapan Predikat Kinerja shows (a constant number of queries)."""
    org = get_object_or_404(
        UnitPredicate.objects.select_related("set_by"), cycle=cycle, unit=unit, period=period
    )
    agency = AgencyProfile.objects.first() or AgencyProfile()
    org_predicate = rules.OrgPredicate[org.predicate]
    pattern = services.limits_for(cycle).get(org_predicate, ())
    counts = services.counts_of(cal.unit_evaluations(cycle, cal.subtree_ids(unit.pk, tree), period))
    signer = Employee.objects.filter(user_id=org.set_by_id).select_related("position").first()
    if period == ANNUAL:
        start, end = dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)
    else:
        found = cycle.period(period)
        start, end = found.start, found.end
    on_behalf = bool(org.reason)
    return {
        "agency": agency,
        "cycle": cycle,
        "unit_name": _unit_name(unit),
        "period_title": "TAHUNAN" if period == ANNUAL else cal.period_name(cycle, period).upper(),
        "period_start": start,
        "period_end": end,
        "predicate": org_predicate.label,
        "pattern": [services.limit_sentence(limit, "%(count)s pegawai") for limit in pattern],
        "counts": [(p.label, counts.get(p, 0)) for p in rules.Predicate],
        "total": sum(counts.values()),
        "place": _place(agency),
        "signed_on": timezone.localdate(org.set_at) if org.set_at else today,
        "leader_title": _leader_title(unit, agency),
        "on_behalf": on_behalf,
        "reason": org.reason,
        "signer_name": signer.full_name
        if signer
        else (org.set_by.get_full_name() if org.set_by else "-"),
        "signer_nip": signer.nip if signer else "",
        "signer_title": signer.position.name if signer and signer.position else "",
        "footer": _css_string(
            f"Penetapan Predikat Kinerja Organisasi · {unit.name} · "
            f"{cal.period_name(cycle, period)} {cycle.year}"
        ),
    }


def render_predicate_html(cycle, unit, period, tree) -> str:
    with translation.override(OFFICIAL_LANGUAGE):
        return render_to_string(PDF_TEMPLATE, predicate_document_context(cycle, unit, period, tree))


@login_required
@require_GET
def unit_predicate_pdf(request, year, code, period):
    """The Format Penetapan Predikat Kinerja for anyone who may see the unit's calibration."""
    _roles, cycle, unit, tree = _unit_page(request, year, code, period)
    html = render_predicate_html(cycle, unit, period, tree)
    response = HttpResponse(_pdf(html), content_type="application/pdf")
    filename = f"Penetapan-Predikat-{unit.code}-{cycle.year}-{period}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


# ------------------------------------------------------------------ the distribution pattern
def _pattern_formsets(cycle: Cycle, data=None) -> list[tuple[rules.OrgPredicate, object]]:
    limits = services.limits_for(cycle)
    result = []
    for org in rules.OrgPredicate:
        initial = [
            {
                "predicates": [p.name for p in limit.predicates],
                "bound": limit.bound.value,
                "percent": limit.percent,
                "minimum": limit.minimum,
            }
            for limit in limits.get(org, ())
        ]
        result.append((org, LimitRowFormSet(data, initial=initial, prefix=org.name.lower())))
    return result


@login_required
def distribution_limits(request, year):
    """The cycle's distribution pattern as an editable table, and the breach policy (admin BKD)."""
    roles = roles_for(request)
    if not roles.is_admin_bkd:
        raise PermissionDenied
    cycle = get_object_or_404(Cycle, year=year)
    data = request.POST if request.method == "POST" else None
    formsets = _pattern_formsets(cycle, data)
    form = PatternForm(data, initial={"breach_policy": cycle.breach_policy})
    if data is not None and form.is_valid() and all(fs.is_valid() for _o, fs in formsets):
        rows = [
            {"org_predicate": org.name, **row}
            for org, formset in formsets
            for row in formset.cleaned_data
            if row and row.get("predicates")
        ]
        try:
            services.limits_save(
                cycle,
                rows,
                request.user,
                actor_roles=roles,
                reason=form.cleaned_data["reason"],
                breach_policy=form.cleaned_data["breach_policy"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Distribution pattern saved."))
            return redirect("appraisal:distribution_limits", year=cycle.year)
    return render(
        request,
        "appraisal/calibration/limits.html",
        {"cycle": cycle, "form": form, "formsets": formsets},
    )
