"""Realisasi of a period: the owner fills values per IKI with evidence and submits to the PPK;
whoever may see the SKP reads it. Evidence files are served only through a permission check.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import roles_for
from appraisal import extensions
from appraisal.choices import RealisationStatus, Section, SkpStatus
from appraisal.cycles import calendar
from appraisal.panels import page_panels
from appraisal.plans import policies
from appraisal.plans.models import Iki, Rhk, Skp
from appraisal.realisation import policies as realisation_policies
from appraisal.realisation import services
from appraisal.realisation.forms import (
    EvidenceForm,
    RealisationForm,
    narrative_field,
    shows_narrative,
    value_field,
)
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation
from appraisal.realisation.views.daily_log import week_start, week_url
from core.errors import DomainError

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
    if not policies.is_owner(roles_for(request), skp):
        raise PermissionDenied
    return skp, found


def _url(skp: Skp, period: int, anchor: str = "") -> str:
    url = reverse("appraisal:realisation", kwargs={"public_id": skp.public_id, "period": period})
    return f"{url}#{anchor}" if anchor else url


def _rhks(skp: Skp) -> list[Rhk]:
    """A. Utama first, then B. Tambahan, each in the owner's order."""
    return sorted(skp.rhks.all(), key=lambda r: (r.section != Section.UTAMA, r.order, r.pk))


def _ikis(skp: Skp) -> list[Iki]:
    return [iki for rhk in _rhks(skp) for iki in rhk.ikis.all()]


def _log_line(log: DailyLog) -> str:
    day = formats.date_format(log.day, "j M")
    return f"- {day}: {log.activity}" + (f" ({log.output})" if log.output else "")


def _initial(skp, realisation, saved: dict, logs_by_rhk: dict, copy_rhk: str) -> dict:
    """The form's starting values: what was saved, plus the daily log copied into one RHK's
    narratives when the owner asked for it (nothing is saved until they press Save)."""
    initial = {}
    if realisation is not None:
        initial = {"kendala": realisation.kendala, "follow_up": realisation.follow_up}
    for rhk in skp.rhks.all():
        copy = str(rhk.public_id) == copy_rhk and logs_by_rhk.get(rhk.pk)
        for iki in rhk.ikis.all():
            value = saved.get(iki.pk)
            if value is not None:
                # 66.50 is shown as 66.5; 70.00 as 70
                number = value.value
                initial[value_field(iki)] = None if number is None else f"{number.normalize():f}"
                initial[narrative_field(iki)] = value.narrative
            if copy and shows_narrative(skp, iki):
                lines = "\n".join(_log_line(log) for log in logs_by_rhk[rhk.pk])
                before = initial.get(narrative_field(iki)) or ""
                initial[narrative_field(iki)] = f"{before}\n{lines}".strip()
    return initial


def _refusal(skp: Skp, realisation: Realisation | None, period: int):
    """Why the page is read-only for the owner now ('' when they can write), and the period's
    window state when it was needed to answer (else None)."""
    if skp.status != SkpStatus.APPROVED:
        return _("Realisation is recorded against an approved SKP."), None
    if realisation is not None and realisation.status == RealisationStatus.SUBMITTED:
        return _("Submitted on %(date)s. It can no longer be changed.") % {
            "date": formats.date_format(timezone.localtime(realisation.submitted_at), "j F Y")
        }, None
    state = services.period_window(skp, period)
    return state.refusal, state


def _page(
    request,
    skp: Skp,
    period: calendar.Period,
    *,
    form: RealisationForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
):
    roles = roles_for(request)
    is_owner = policies.is_owner(roles, skp)
    realisation = (
        Realisation.objects.filter(skp=skp, period=period.number)
        .prefetch_related(
            Prefetch("values", queryset=IkiRealisation.objects.all()),
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")),
        )
        .first()
    )
    saved = {v.iki_id: v for v in realisation.values.all()} if realisation else {}
    start, end = max(period.start, skp.start_date), min(period.end, skp.end_date)
    logs_by_rhk: dict[int | None, list[DailyLog]] = defaultdict(list)
    for log in (
        DailyLog.objects.filter(skp=skp, day__range=(start, end))
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")))
        .order_by("day", "created_at")
    ):
        logs_by_rhk[log.rhk_id].append(log)
    refusal, window_state = _refusal(skp, realisation, period.number)
    editable = is_owner and not refusal
    copy_rhk = request.GET.get(COPY_PARAM, "") if editable else ""
    if form is None:
        form = RealisationForm(
            skp=skp,
            ikis=_ikis(skp),
            initial=_initial(skp, realisation, saved, logs_by_rhk, copy_rhk),
        )
    form.mark_invalid()
    evidence_by_rhk: dict[int | None, list[Evidence]] = defaultdict(list)
    for item in realisation.evidence.all() if realisation else []:
        evidence_by_rhk[item.rhk_id].append(item)
    failed_rhk = evidence_form.data.get("rhk", "") if evidence_form is not None else ""
    rows = []
    for rhk in _rhks(skp):
        ikis = []
        for iki in rhk.ikis.all():
            has_value = value_field(iki) in form.fields
            has_narrative = narrative_field(iki) in form.fields
            ikis.append(
                {
                    "iki": iki,
                    "value": form[value_field(iki)] if has_value else None,
                    "narrative": form[narrative_field(iki)] if has_narrative else None,
                    "saved": saved.get(iki.pk),
                }
            )
        mine = str(rhk.public_id) == failed_rhk
        rows.append(
            {
                "rhk": rhk,
                "ikis": ikis,
                "logs": logs_by_rhk.get(rhk.pk, []),
                "copyable": editable and any(i["narrative"] is not None for i in ikis),
                "copied": str(rhk.public_id) == copy_rhk,
                "evidence": evidence_by_rhk.get(rhk.pk, []),
                "evidence_form": evidence_form
                if mine
                else EvidenceForm(initial={"rhk": rhk.public_id}, auto_id=f"ev-{rhk.public_id}-%s"),
            }
        )
    missing = [i.indicator for i in _ikis(skp) if not _filled(saved.get(i.pk))]
    tabs = [
        {"period": p, "active": p.number == period.number, "url": _url(skp, p.number)}
        for p in skp.cycle.periods
        if p.end >= skp.start_date and p.start <= skp.end_date
    ]
    return render(
        request,
        "appraisal/realisation/page.html",
        {
            "skp": skp,
            "period": period,
            "tabs": tabs,
            "realisation": realisation,
            "form": form,
            "rows": rows,
            "other_evidence": evidence_by_rhk.get(None, []),
            "other_logs": logs_by_rhk.get(None, []),
            "orphan_evidence_form": evidence_form
            if evidence_form is not None
            and not any(r["evidence_form"] is evidence_form for r in rows)
            else None,
            "is_owner": is_owner,
            "editable": editable,
            "refusal": refusal,
            "window_state": window_state,
            "missing": missing,
            "panels": page_panels(extensions.realisation_panels, request, realisation),
            "log_week": week_url("appraisal:daily_log", week_start(None, timezone.localdate()))
            if is_owner
            else "",
            "range": (start, end),
            "copy_param": COPY_PARAM,
        },
        status=status,
    )


def _filled(value: IkiRealisation | None) -> bool:
    return value is not None and (value.value is not None or bool(value.narrative.strip()))


@login_required
def realisation(request, public_id, period):
    skp, found = _skp_for_view(request, public_id, period)
    if request.method != "POST":
        return _page(request, skp, found)
    if not policies.is_owner(roles_for(request), skp):
        raise PermissionDenied
    form = RealisationForm(request.POST, skp=skp, ikis=_ikis(skp))
    if form.is_valid():
        try:
            with transaction.atomic():
                services.realisation_save(
                    services.realisation_for(skp, found.number),
                    form.values(),
                    form.cleaned_data["kendala"],
                    form.cleaned_data["follow_up"],
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
            services.realisation_submit(services.realisation_for(skp, found.number), request.user)
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
                    services.realisation_for(skp, found.number),
                    upload=form.cleaned_data["file"],
                    link=form.cleaned_data["link"],
                    description=form.cleaned_data["description"],
                    rhk=rhk,
                    actor=request.user,
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
    """The file as an attachment under its original name, or a redirect to a web link."""
    evidence = realisation_policies.evidence_for_view(roles_for(request), public_id)
    if evidence.link:
        if urlsplit(evidence.link).scheme.lower() not in ("http", "https"):
            raise Http404
        return HttpResponseRedirect(evidence.link)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or f"bukti{evidence.extension}",
        content_type=evidence.content_type or "application/octet-stream",
    )
    # Served from our domain: the browser must not guess an HTML type out of a file's bytes.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request, public_id):
    roles = roles_for(request)
    evidence = realisation_policies.evidence_for_view(roles, public_id)
    if not policies.is_owner(roles, evidence.skp):
        raise PermissionDenied
    if evidence.realisation_id:
        target = _url(evidence.skp, evidence.realisation.period)
    elif evidence.daily_log_id:
        day = evidence.daily_log.day
        target = week_url("appraisal:daily_log", week_start(str(day), timezone.localdate()))
    else:
        target = reverse("appraisal:daily_log")
    try:
        services.evidence_delete(evidence)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence deleted."))
    return redirect(target)
