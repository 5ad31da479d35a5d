"""Realisasi of a period: the owner fills values per IKI with evidence and submits to the PPK;
whoever may see the SKP reads it. Evidence files are served only through a permission check.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal import extensions
from appraisal.cycles import calendar
from appraisal.panels import page_panels
from appraisal.plans import policies
from appraisal.plans.models import Iki, Rhk, Skp
from appraisal.realisation import policies as realisation_policies
from appraisal.realisation import selectors, services
from appraisal.realisation.evidence import download_name
from appraisal.realisation.forms import (
    EvidenceForm,
    RealisationForm,
    narrative_field,
    shows_narrative,
    value_field,
)
from appraisal.realisation.models import DailyLog
from appraisal.realisation.selectors import RealisationPage
from appraisal.realisation.views.daily_log import week_start, week_url
from core.errors import DomainError
from core.menus import Menu, menu

COPY_PARAM = "salin"  # ?salin=<rhk public_id>: the period's daily log into that RHK's narratives


def _queryset():
    return Skp.objects.select_related(
        "cycle", "employee", "position__unit__opd", "position__parent"
    ).prefetch_related(
        Prefetch(
            "rhks",
            queryset=Rhk.objects.prefetch_related(
                Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk"))
            ),
        ),
        "cycle__windows",
    )


def _period_of_skp(skp: Skp, number: int) -> calendar.Period:
    """A period of the cycle that the SKP's dates reach into; any other number is not found."""
    found = skp.cycle.period(number)
    if found is None or found.end < skp.start_date or found.start > skp.end_date:
        raise Http404
    return found


def _skp_for_view(request, public_id, period: int):
    skp = policies.skp_for_view(roles_for(request), public_id, queryset=_queryset())
    return skp, _period_of_skp(skp, period)


def _skp_for_owner(request, public_id, period: int):
    skp, found = _skp_for_view(request, public_id, period)
    if not realisation_policies.may_record(roles_for(request), skp):
        raise PermissionDenied
    return skp, found


def _url(skp: Skp, period: int, anchor: str = "") -> str:
    url = reverse("appraisal:realisation", kwargs={"public_id": skp.public_id, "period": period})
    return f"{url}#{anchor}" if anchor else url


def _log_line(log: DailyLog) -> str:
    day = formats.date_format(log.day, "j M")
    return f"- {day}: {log.activity}" + (f" ({log.output})" if log.output else "")


def _initial(page: RealisationPage) -> dict:
    """The form's starting values: what was saved, plus the daily log copied into one RHK's
    narratives when the owner asked for it (nothing is saved until they press Save)."""
    initial = {}
    if page.realisation is not None:
        initial = {"kendala": page.realisation.kendala, "follow_up": page.realisation.follow_up}
    for rhk in page.skp.rhks.all():
        copy = str(rhk.public_id) == page.copy_rhk and page.logs_by_rhk.get(rhk.pk)
        for iki in rhk.ikis.all():
            value = page.saved.get(iki.pk)
            if value is not None:
                # 66.50 is shown as 66.5; 70.00 as 70
                number = value.value
                initial[value_field(iki)] = None if number is None else f"{number.normalize():f}"
                initial[narrative_field(iki)] = value.narrative
            if copy and shows_narrative(page.skp, iki):
                lines = "\n".join(_log_line(log) for log in page.logs_by_rhk[rhk.pk])
                before = initial.get(narrative_field(iki)) or ""
                initial[narrative_field(iki)] = f"{before}\n{lines}".strip()
    return initial


def _rows(page: RealisationPage, form: RealisationForm, evidence_form: EvidenceForm | None):
    """One row per RHK: its IKI with their inputs, daily log, evidence and evidence form (the
    refused one re-shown beside its RHK, a blank one elsewhere)."""
    failed_rhk = evidence_form.data.get("rhk", "") if evidence_form is not None else ""
    rows = []
    for rhk in page.rhks:
        ikis = [
            {
                "iki": iki,
                "value": form[value_field(iki)] if value_field(iki) in form.fields else None,
                "narrative": form[narrative_field(iki)]
                if narrative_field(iki) in form.fields
                else None,
                "saved": page.saved.get(iki.pk),
            }
            for iki in rhk.ikis.all()
        ]
        mine = str(rhk.public_id) == failed_rhk
        rows.append(
            {
                "rhk": rhk,
                "ikis": ikis,
                "logs": page.logs_by_rhk.get(rhk.pk, []),
                "copyable": page.editable and any(i["narrative"] is not None for i in ikis),
                "copied": str(rhk.public_id) == page.copy_rhk,
                "evidence": page.evidence_by_rhk.get(rhk.pk, []),
                "evidence_form": evidence_form
                if mine
                else EvidenceForm(initial={"rhk": rhk.public_id}, auto_id=f"ev-{rhk.public_id}-%s"),
            }
        )
    return rows


def _page(
    request,
    skp: Skp,
    period: calendar.Period,
    *,
    form: RealisationForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
):
    copy_rhk = request.GET.get(COPY_PARAM, "")
    page = selectors.realisation_page(roles_for(request), skp, period, copy_rhk=copy_rhk)
    if form is None:
        form = RealisationForm(skp=skp, ikis=page.ikis, initial=_initial(page))
    form.mark_invalid()
    rows = _rows(page, form, evidence_form)
    orphan = evidence_form is not None and not any(
        r["evidence_form"] is evidence_form for r in rows
    )
    return render(
        request,
        "appraisal/realisation/page.html",
        {
            "skp": skp,
            "period": period,
            "tabs": [
                {"period": p, "active": p.number == period.number, "url": _url(skp, p.number)}
                for p in page.periods
            ],
            "realisation": page.realisation,
            "form": form,
            "rows": rows,
            "other_evidence": page.evidence_by_rhk.get(None, []),
            "other_logs": page.logs_by_rhk.get(None, []),
            "orphan_evidence_form": evidence_form if orphan else None,
            "is_owner": page.may_record,
            "editable": page.editable,
            "refusal": page.refusal,
            "window_state": page.window_state,
            "missing": page.missing,
            "panels": page_panels(extensions.realisation_panels, request, page.realisation),
            "log_week": week_url("appraisal:daily_log", week_start(None, timezone.localdate()))
            if page.may_record
            else "",
            "range": (page.start, page.end),
            "copy_param": COPY_PARAM,
        },
        status=status,
    )


@menu(Menu.MY_PERFORMANCE)
@login_required
def realisation(request, public_id, period):
    skp, found = _skp_for_view(request, public_id, period)
    if request.method != "POST":
        access_record(
            actor=actor_for(request),
            kind=AccessKind.DOSSIER,
            path=request.path,
            subject_id=skp.employee_id,
        )
        return _page(request, skp, found)
    if not realisation_policies.may_record(roles_for(request), skp):
        raise PermissionDenied
    form = RealisationForm(request.POST, skp=skp, ikis=selectors.ordered_ikis(skp))
    if form.is_valid():
        try:
            with transaction.atomic():
                services.realisation_save(
                    services.realisation_for(skp, found.number, actor=actor_for(request)),
                    form.values(),
                    form.cleaned_data["kendala"],
                    form.cleaned_data["follow_up"],
                    actor=actor_for(request),
                )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Realisation saved."))
            return redirect(_url(skp, found.number))
    return _page(request, skp, found, form=form)


@login_required
@require_POST
def realisation_submit(request, public_id, period):
    skp, found = _skp_for_owner(request, public_id, period)
    try:
        with transaction.atomic():
            services.realisation_submit(
                services.realisation_for(skp, found.number, actor=actor_for(request)),
                actor=actor_for(request),
            )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Realisation submitted. Your appraising official has been notified.")
        )
    return redirect(_url(skp, found.number))


@login_required
@require_POST
def evidence_add(request, public_id, period):
    """A file (checked by content) or a link for one RHK; a refusal re-shows the page with the
    message beside that RHK's form, the description and link still filled in."""
    skp, found = _skp_for_owner(request, public_id, period)
    form = EvidenceForm(
        request.POST,
        request.FILES,
        auto_id=f"ev-{request.POST.get('rhk', '')}-%s",
    )
    if form.is_valid():
        wanted = form.cleaned_data["rhk"]
        rhk = next((r for r in skp.rhks.all() if r.public_id == wanted), None)
        try:
            if wanted is not None and rhk is None:
                raise DomainError(_("This RHK is not in the SKP."))
            with transaction.atomic():
                services.evidence_add(
                    services.realisation_for(skp, found.number, actor=actor_for(request)),
                    upload=form.cleaned_data["file"],
                    link=form.cleaned_data["link"],
                    description=form.cleaned_data["description"],
                    rhk=rhk,
                    actor=actor_for(request),
                )
        except DomainError as error:
            form.add_error("file" if form.cleaned_data["file"] else None, str(error))
        else:
            messages.success(request, _("Evidence added."))
            return redirect(_url(skp, found.number, f"rhk-{rhk.public_id}" if rhk else ""))
    # Two validators may refuse a link with the same words: say it once.
    problems = list(dict.fromkeys(e for errors in form.errors.values() for e in errors))
    messages.error(request, " ".join(problems))
    return _page(request, skp, found, evidence_form=form)


@login_required
def evidence_download(request, public_id):
    """The file as an attachment under its original name (ending in the extension of its
    checked type), or, for a web link, the page that shows where it leads (views/link.py, which
    records the access)."""
    evidence = realisation_policies.evidence_for_view(roles_for(request), public_id)
    if evidence.link:
        return redirect("appraisal:evidence_link", public_id=evidence.public_id)
    access_record(
        actor=actor_for(request),
        kind=AccessKind.EVIDENCE,
        path=request.path,
        subject_id=evidence.skp.employee_id,
    )
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(evidence.original_name, evidence.extension),
        content_type=evidence.content_type or "application/octet-stream",
    )
    # Served from our domain: the browser must not guess an HTML type out of a file's bytes.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request, public_id):
    evidence = realisation_policies.evidence_for_owner(roles_for(request), public_id)
    if evidence.realisation_id:
        target = _url(evidence.skp, evidence.realisation.period)
    elif evidence.daily_log_id:
        day = evidence.daily_log.day
        target = week_url("appraisal:daily_log", week_start(str(day), timezone.localdate()))
    else:
        target = reverse("appraisal:daily_log")
    try:
        services.evidence_delete(evidence, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence deleted."))
    return redirect(target)
