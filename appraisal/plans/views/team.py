"""The PPK's screens: the team's SKP, reviewing one, the Matriks Peran Hasil, handing RHK down."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.org.models import Employee
from accounts.org.roles import Roles, actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal.choices import Section, SkpStatus
from appraisal.cycles import selectors as cycles_selectors
from appraisal.cycles.windows import skp_refusal
from appraisal.plans import policies, selectors
from appraisal.plans.forms import ReturnForm
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.services.hand_down import rhk_hand_down
from core.errors import DomainError
from core.menus import Menu, menu

NO_SKP = "none"
# The status filter of the team page, in the order of the workflow; "none" = not started.
TEAM_FILTERS = [
    (NO_SKP, gettext_lazy("No SKP yet")),
    (SkpStatus.DRAFT, SkpStatus.DRAFT.label),
    (SkpStatus.SUBMITTED, SkpStatus.SUBMITTED.label),
    (SkpStatus.RETURNED, SkpStatus.RETURNED.label),
    (SkpStatus.APPROVED, SkpStatus.APPROVED.label),
]


def _require_ppk(roles: Roles) -> None:
    """The PPK screens: someone who appraises (pengawas level or above, or by override)."""
    if not roles.may_appraise:
        raise PermissionDenied


def _status_key(skp: Skp | None) -> str:
    return skp.status if skp is not None else NO_SKP


@menu(Menu.MY_TEAM)
@login_required
def team(request):
    """Each subordinate with their SKP in the cycle asked for (the open one by default; a closed
    year read-only); the ones awaiting approval first in mind."""
    roles = roles_for(request)
    _require_ppk(roles)
    choice = cycles_selectors.cycle_chosen(request.GET.get("year"))
    cycle = choice.cycle
    context = {"cycle": cycle, "choice": choice}
    if cycle is not None:
        rows = selectors.team_rows(roles.employee, cycle)
        counts = {key: 0 for key, _label in TEAM_FILTERS}
        for row in rows:
            counts[_status_key(row["skp"])] += 1
        chosen = request.GET.get("status", "")
        if chosen not in counts:
            chosen = ""
        context.update(
            rows=[r for r in rows if not chosen or _status_key(r["skp"]) == chosen],
            total=len(rows),
            awaiting=counts[SkpStatus.SUBMITTED],
            filters=[(key, label, counts[key]) for key, label in TEAM_FILTERS],
            chosen=chosen,
        )
    return render(request, "appraisal/team/team.html", context)


@menu(Menu.MY_TEAM)
@login_required
def skp_review(request, public_id):
    """A subordinate's SKP beside the PPK's own RHK, with the approve and return forms."""
    roles = roles_for(request)
    policies.skp_for_ppk(roles, public_id)
    skp = get_object_or_404(selectors.skp_detail_queryset(), public_id=public_id)
    access_record(
        actor=actor_for(request),
        kind=AccessKind.DOSSIER,
        path=request.path,
        subject_id=skp.employee_id,
    )
    own_skps = (
        selectors.ppk_approved_skps(roles.employee.pk, skp.cycle)
        if policies.is_current_ppk(roles, skp)
        else []  # an admin BKD recording the Kepala Daerah's decision has no RHK of their own
    )
    own_rhks = list(
        Rhk.objects.filter(skp__in=own_skps)
        .prefetch_related("ikis")
        .order_by("skp__start_date", "section", "order", "pk")
    )
    # Which of the subordinate's RHK support each of mine (by lineage: links survive revisions).
    supporting: dict = {}
    for number, rhk in enumerate(skp.rhks.all(), start=1):
        if rhk.intervened_id:
            supporting.setdefault(rhk.intervened.lineage, []).append((number, rhk))
    for rhk in own_rhks:
        rhk.supported_by = supporting.get(rhk.lineage, [])
    review_url = reverse("appraisal:skp_review", kwargs={"public_id": skp.public_id})
    return render(
        request,
        "appraisal/team/review.html",
        {
            "skp": skp,
            "is_ppk": True,
            "editable": False,
            "own_rhks": own_rhks,
            "warnings": skp_flow.submission_problems(skp)[1],
            "expectations_empty": selectors.expectations_empty(skp),
            "refusal": skp_refusal(skp),
            "may_decide": skp.status == SkpStatus.SUBMITTED,
            "return_form": ReturnForm(),
            "review_url": review_url,
        },
    )


def _own_matrix_skp(employee: Employee, cycle) -> Skp | None:
    """The PPK's SKP whose RHK head the matrix: the latest approved, else the latest open one."""
    skps = list(
        Skp.objects.filter(employee=employee, cycle=cycle)
        .exclude(status=SkpStatus.SUPERSEDED)
        .order_by("-start_date", "-version")
    )
    approved = [s for s in skps if s.status == SkpStatus.APPROVED]
    return (approved or skps or [None])[0]


def matrix_data(ppk: Employee, cycle) -> dict:
    """Columns (the PPK's RHK), rows (subordinates) and cells (their RHK supporting each column).

    Five queries plus the org snapshot, whatever the team size: the PPK's SKP, its RHK, the team
    (team_rows) and all the team's RHK with the lineage of what they support.
    """
    own = _own_matrix_skp(ppk, cycle)
    columns = list(own.rhks.order_by("section", "order", "pk")) if own else []
    index = {rhk.lineage: i for i, rhk in enumerate(columns)}
    for column in columns:
        column.linked_ids = set()
    team = selectors.team_rows(ppk, cycle)
    skp_ids = [row["skp"].pk for row in team if row["skp"] is not None]
    by_skp: dict[int, list[Rhk]] = {}
    for rhk in (
        Rhk.objects.filter(skp_id__in=skp_ids)
        .select_related("intervened")
        .order_by("section", "order", "pk")
    ):
        by_skp.setdefault(rhk.skp_id, []).append(rhk)
    rows = []
    for row in team:
        skp = row["skp"]
        cells = [[] for _column in columns]
        unlinked = 0
        for rhk in by_skp.get(skp.pk, []) if skp else []:
            position = index.get(rhk.intervened.lineage) if rhk.intervened_id else None
            if position is None:
                # A Tambahan RHK needs no link; an unlinked Utama one is worth a look.
                unlinked += rhk.section == Section.UTAMA
            else:
                cells[position].append(rhk)
                columns[position].linked_ids.add(row["employee"].pk)
        rows.append({"employee": row["employee"], "skp": skp, "cells": cells, "unlinked": unlinked})
    return {"own": own, "columns": columns, "rows": rows}


@menu(Menu.MY_TEAM)
@login_required
def role_matrix(request):
    """The Matriks Peran Hasil: the PPK's RHK across, subordinates down (domain §3)."""
    roles = roles_for(request)
    _require_ppk(roles)
    choice = cycles_selectors.cycle_chosen(request.GET.get("year"))
    cycle = choice.cycle
    context = {"cycle": cycle, "choice": choice}
    if cycle is not None:
        context.update(matrix_data(roles.employee, cycle))
    return render(request, "appraisal/team/matrix.html", context)


@login_required
@require_POST
def hand_down(request):
    """Hand one of the PPK's own RHK down to chosen subordinates, as a draft RHK in their SKP."""
    roles = roles_for(request)
    _require_ppk(roles)
    try:
        rhk_id = uuid.UUID(request.POST.get("rhk", ""))
    except ValueError:
        raise Http404 from None
    ppk_rhk = get_object_or_404(
        Rhk.objects.select_related("skp__cycle").exclude(skp__status=SkpStatus.SUPERSEDED),
        public_id=rhk_id,
        skp__employee=roles.employee,
    )
    nips = {nip.strip() for nip in request.POST.getlist("employees") if nip.strip()}
    subordinate_ids = policies.team_of(roles)
    # A NIP is digits: anything else is left out without a query (PostgreSQL refuses NUL bytes).
    chosen = list(
        Employee.objects.filter(
            pk__in=subordinate_ids, nip__in=[nip for nip in nips if nip.isdecimal()]
        ).order_by("name")
    )
    outside = len(nips) - len(chosen)
    if outside:
        messages.warning(
            request,
            ngettext(
                "%(count)s of the people chosen is not your subordinate and was left out.",
                "%(count)s of the people chosen are not your subordinates and were left out.",
                outside,
            )
            % {"count": outside},
        )
    if not chosen:
        messages.error(request, _("Choose at least one of your subordinates."))
        return redirect("appraisal:role_matrix")
    try:
        given, skipped = rhk_hand_down(ppk_rhk, chosen, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("appraisal:role_matrix")
    if given:
        messages.success(
            request,
            ngettext(
                "Handed down to %(count)s subordinate.",
                "Handed down to %(count)s subordinates.",
                len(given),
            )
            % {"count": len(given)},
        )
    for employee, reason in skipped:
        messages.warning(
            request,
            _("Not handed down to %(name)s: %(reason)s.")
            % {"name": employee.full_name, "reason": reason},
        )
    return redirect("appraisal:role_matrix")
