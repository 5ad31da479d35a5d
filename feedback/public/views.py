"""Public feedback pages: the citizens' form and thanks (no login), and the signed-in pages:
moderation, channels, a unit's figures and the QR poster.

The public form never tells a visitor (or a robot) that a submission was dropped: the honeypot,
too-fast and duplicate cases get the same thank-you page as a saved one. Only a burst from one
client is refused openly (HTTP 429, the form shown again with everything typed)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.org.models import AgencyProfile, OrgUnit
from accounts.org.policies import managed_employees, managed_units
from accounts.org.roles import actor_for, roles_for
from core.actor import Actor
from core.clients import client_ip
from core.errors import DomainError
from core.throttling import limit_documents
from feedback.choices import DropReason
from feedback.public import policies as selectors
from feedback.public import selectors as public_selectors
from feedback.public import services
from feedback.public.forms import (
    EmployeeChannelForm,
    PublicFeedbackFilter,
    PublicFeedbackForm,
    ReasonForm,
    make_stamp,
    read_stamp,
)
from feedback.public.models import PublicChannel

PAGE_SIZE = 25
# A citizen has no account: what the public form writes, the system writes on their behalf.
PUBLIC_FORM = Actor.system("public feedback form")


def _rate(group, request):
    # Read at request time so tests and deployments can change it.
    return getattr(settings, "PUBLIC_FEEDBACK_RATE", "5/10m")


def _public_channel(code: str) -> PublicChannel:
    return get_object_or_404(
        PublicChannel.objects.select_related("unit__opd", "employee"), code=code.lower()
    )


def _public_context(channel, **extra):
    return {"channel": channel, "agency": AgencyProfile.current(), **extra}


# ----- public (no login) -----------------------------------------------------------------------
# Never kept by the browser: going back after sending shows a fresh form (and stamp), not the
# sent one, whose stamp would be dropped as used.
@never_cache
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def public_form(request, code):
    """The form behind a poster's QR code: three 1–5 ratings, a comment, optional contact."""
    channel = _public_channel(code)
    if not channel.active:
        return render(request, "feedback/public/closed.html", _public_context(channel), status=410)
    status = 200
    if request.method == "POST":
        form, stamp = PublicFeedbackForm(request.POST), request.POST.get("stamp", "")
        if getattr(request, "limited", False):
            services.drop_count(channel, DropReason.RATE_LIMIT, actor=PUBLIC_FORM)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many submissions from this device in a short time. Your answers are "
                    "kept below: wait a few minutes, then send again."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.feedback_submit(
                    channel,
                    actor=PUBLIC_FORM,
                    scores=form.scores(),
                    comment=data["comment"],
                    contact=data["contact"],
                    client=services.client_hash(client_ip(request)),
                    stamp=read_stamp(data["stamp"], channel.code),
                    honeypot=data["website"],
                )
            except services.StampExpired as error:
                form.add_error(None, str(error))
                stamp = ""  # a fresh one below
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect("public:thanks", code=channel.code)
        # The form comes back with its stamp (the fill time runs from its first serving).
        stamp = stamp or make_stamp(channel.code)
    else:
        stamp = make_stamp(channel.code)
        form = PublicFeedbackForm(initial={"stamp": stamp})
    return render(
        request,
        "feedback/public/form.html",
        _public_context(channel, form=form, stamp=stamp),
        status=status,
    )


@require_GET
def public_thanks(request, code):
    channel = _public_channel(code)
    return render(request, "feedback/public/thanks.html", _public_context(channel))


# ----- moderation (admins) ---------------------------------------------------------------------
@login_required
@require_GET
def moderation(request):
    """The admin's list of submissions in their units, with filters and the drop counters."""
    roles = roles_for(request)
    queryset = public_selectors.feedback_list(roles)
    units = (
        managed_units(roles).filter(pk__in=PublicChannel.objects.values("unit_id")).order_by("code")
    )
    filterset = PublicFeedbackFilter(request.GET or None, queryset=queryset, units=units)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    since = timezone.localdate() - dt.timedelta(days=30)
    return render(
        request,
        "feedback/public/moderation.html",
        {
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "drops": public_selectors.drop_totals(roles, since),
            "since": since,
            "reason_form": ReasonForm(),
        },
    )


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _moderate(request, public_id, action):
    roles = roles_for(request)
    feedback = selectors.feedback_for_moderator(roles, public_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return _back(request, reverse("feedback:public_moderation"))
    try:
        action(feedback, form.cleaned_data["reason"], actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The comment is hidden.") if feedback.hidden_at else _("The comment is shown again."),
        )
    return _back(request, reverse("feedback:public_moderation"))


@login_required
@require_POST
def hide(request, public_id):
    return _moderate(request, public_id, services.feedback_hide)


@login_required
@require_POST
def unhide(request, public_id):
    return _moderate(request, public_id, services.feedback_unhide)


# ----- channels (admins) -----------------------------------------------------------------------
@login_required
@require_GET
def channels(request):
    roles = roles_for(request)
    queryset = public_selectors.channel_list(roles)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    missing = (
        managed_units(roles)
        .exclude(pk__in=PublicChannel.objects.filter(employee__isnull=True).values("unit_id"))
        .count()
    )
    return render(
        request,
        "feedback/public/channels.html",
        {
            "page": page,
            "query": "",
            "missing": missing,
            "employee_form": EmployeeChannelForm(),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


@login_required
@require_POST
def channels_create_all(request):
    roles = roles_for(request)
    selectors.require_moderator(roles)
    created = services.channels_create_for_units(
        list(managed_units(roles).order_by("code")), actor=actor_for(request)
    )
    messages.success(request, _("%(count)s new public link(s) created.") % {"count": created})
    return redirect("feedback:public_channels")


@login_required
@require_POST
def channel_employee_add(request):
    roles = roles_for(request)
    selectors.require_moderator(roles)
    form = EmployeeChannelForm(request.POST)
    employee = None
    if form.is_valid():
        employee = (
            managed_employees(roles)
            .select_related("position__unit")
            .filter(nip=form.cleaned_data["nip"].strip())
            .first()
        )
    if employee is None:
        messages.error(request, _("No employee with this NIP in the units you manage."))
        return redirect("feedback:public_channels")
    try:
        channel = services.channel_for_employee(employee, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s has a public feedback link: %(code)s.")
            % {"name": employee.full_name, "code": channel.code},
        )
    return redirect("feedback:public_channels")


def _set_active(request, public_id, active: bool):
    channel = selectors.channel_for_moderator(roles_for(request), public_id)
    services.channel_set_active(channel, active, actor=actor_for(request))
    text = (
        _("The link %(code)s accepts feedback again.")
        if active
        else _("The link %(code)s no longer accepts feedback.")
    )
    messages.success(request, text % {"code": channel.code})
    return _back(request, reverse("feedback:public_channels"))


@login_required
@require_POST
def channel_deactivate(request, public_id):
    return _set_active(request, public_id, False)


@login_required
@require_POST
def channel_activate(request, public_id):
    return _set_active(request, public_id, True)


# ----- a unit's figures (admins in scope, kepala unit) -----------------------------------------
def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
@require_GET
def units(request):
    """The units whose public feedback the user may read, with this year's count."""
    roles = roles_for(request)
    selectors.require_reader(roles)
    ids = selectors.readable_unit_ids(roles)
    year = timezone.localdate().year
    queryset = OrgUnit.objects.filter(public_channels__isnull=False)
    if ids is not None:
        queryset = queryset.filter(pk__in=sorted(ids))
    queryset = (
        queryset.annotate(
            received=Count(
                "public_channels__feedback",
                filter=Q(public_channels__feedback__submitted_at__year=year),
            )
        )
        .select_related("opd")
        .order_by("code")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/public/units.html", {"page": page, "query": "", "year": year})


@login_required
@require_GET
def unit_detail(request, code):
    roles = roles_for(request)
    unit = selectors.unit_for_reader(roles, code)
    year = _year(request)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    unit_channels = list(
        PublicChannel.objects.filter(unit=unit)
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    condition = public_selectors.unit_condition([unit.pk])
    employee_channels = [c for c in unit_channels if c.employee_id]
    per_employee = (
        public_selectors.per_channel(employee_channels, start, end) if employee_channels else []
    )
    summary = public_selectors.summary(condition, start, end)
    return render(
        request,
        "feedback/public/unit.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
            "summary": summary,
            "chart": summary.chart(),
            "channels": unit_channels,
            "per_employee": per_employee,
            "comments": public_selectors.recent_comments(condition, start, end, limit=20),
            "may_moderate": managed_units(roles).filter(pk=unit.pk).exists(),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


# ----- the QR poster ---------------------------------------------------------------------------
def poster_html(channel: PublicChannel) -> str:
    """The poster as HTML (tests read it without paying for a PDF). Official Indonesian, like
    every printed document here."""
    import segno  # only when a poster is asked for

    url = f"{settings.SITE_URL.rstrip('/')}{reverse('public:form', args=[channel.code])}"
    qr = segno.make(url, error="m")
    with translation.override("id"):
        return render_to_string(
            "feedback/public/poster.html",
            {
                "channel": channel,
                "agency": AgencyProfile.current(),
                "url": url,
                "short_url": url.split("://", 1)[-1],
                "qr": qr.svg_data_uri(scale=10, border=2, dark="#000", light="#fff"),
            },
        )


@login_required
@require_GET
@limit_documents
def poster(request, public_id):
    channel = selectors.channel_for_reader(roles_for(request), public_id)
    from weasyprint import HTML  # a heavy import: only when a PDF is asked for

    content = HTML(string=poster_html(channel), base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-umpan-balik-{channel.code}.pdf"'
    return response
