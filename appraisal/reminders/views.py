"""Admin BKD: deadline reminders — upcoming deadlines, what was sent, failures, "send now"."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org import policies
from accounts.org.roles import actor_for, roles_for
from appraisal.choices import CycleStatus
from appraisal.cycles.models import Window
from appraisal.reminders.texts import ESCALATION
from core.menus import Menu, menu
from core.queueing import enqueue
from notifications import selectors as sent
from notifications.channels.delivery import enqueue_deliveries
from notifications.email import enqueue_emails
from notifications.models import ChannelDelivery
from notifications.reminders import default_plan, due_reminders, kind_labels
from notifications.services import channel_resend, email_retry_failed
from notifications.tasks import send_window_reminders

UPCOMING_DAYS = 30


def _upcoming_windows(today: dt.date) -> list[Window]:
    horizon = today - dt.timedelta(days=settings.REMINDER_OVERDUE_WITHIN_DAYS)
    windows = (
        Window.objects.filter(
            cycle__status=CycleStatus.OPEN,
            cycle__practice=False,
            opens_on__lte=today + dt.timedelta(days=UPCOMING_DAYS),
        )
        .annotate(extended_to=Max("extensions__closes_on"))
        .select_related("cycle")
        .order_by("closes_on", "pk")
    )
    rows = []
    for window in windows:
        last = max(filter(None, (window.closes_on, window.extended_to)))
        if last < horizon:
            continue
        window.last_day = last
        window.days_left = (window.closes_on - today).days
        window.is_open_today = window.opens_on <= today <= last
        window.may_send = window.opens_on <= today
        rows.append(window)
    # Windows still open for everyone first, by closing date; then those only some were given
    # more time for.
    return sorted(rows, key=lambda w: (w.closes_on < today, w.closes_on, w.pk))


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def reminders(request):
    policies.require_admin_bkd(roles_for(request))
    today = timezone.localdate()
    return render(
        request,
        "appraisal/reminders/page.html",
        {
            "windows": _upcoming_windows(today),
            "sent_per_day": [
                row
                for row in sent.sent_per_day()
                if row["day"] == today or row["reminders"] or row["emails"] or row["digests"]
            ],
            "failures": sent.email_failures(),
            "channel_failures": sent.channel_failures(),
            "offsets": settings.REMINDER_OFFSETS,
            "reminder_time": settings.REMINDER_TIME,
            "today": today,
        },
    )


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def window_counts(request, window_id):
    """Who still has to act in one window, per kind (loaded into the page by htmx: it reads
    every employee, so the page itself stays fast)."""
    policies.require_admin_bkd(roles_for(request))
    window = get_object_or_404(
        Window, pk=window_id, cycle__status=CycleStatus.OPEN, cycle__practice=False
    )
    plan = default_plan(timezone.localdate(), window_ids=frozenset({window.pk}), by_hand=True)
    counts = Counter(due.kind for due in due_reminders(plan) if due.kind != ESCALATION)
    labels = kind_labels()
    rows = [(labels.get(kind, kind), count) for kind, count in sorted(counts.items())]
    return render(request, "appraisal/reminders/_counts.html", {"counts": rows})


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def send_now(request, window_id):
    policies.require_admin_bkd(roles_for(request))
    window = get_object_or_404(
        Window, pk=window_id, cycle__status=CycleStatus.OPEN, cycle__practice=False
    )
    if window.opens_on > timezone.localdate():
        messages.error(request, _("This window has not opened yet: there is nothing to remind."))
        return redirect("appraisal:reminders")
    if enqueue(send_window_reminders, [window.pk], request.user.pk):
        messages.success(
            request,
            _(
                "Reminders for %(window)s are being sent to everyone who still has to act. "
                "Anyone already reminded today for the same deadline is not reminded twice."
            )
            % {"window": window.label},
        )
    else:
        messages.error(
            request,
            _("The task queue cannot be reached right now. Try again in a few minutes."),
        )
    return redirect("appraisal:reminders")


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def retry_failed(request):
    policies.require_admin_bkd(roles_for(request))
    ids = email_retry_failed(actor=actor_for(request))
    if ids:
        enqueue_emails(ids)
        messages.success(
            request, _("%(count)s failed e-mails will be sent again.") % {"count": len(ids)}
        )
    else:
        messages.info(request, _("No failed e-mails to send again."))
    return redirect("appraisal:reminders")


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def resend_channel(request, delivery_id=None):
    """ "Send again": one failed WhatsApp/Telegram message, or every one."""
    policies.require_admin_bkd(roles_for(request))
    if delivery_id is not None:
        get_object_or_404(ChannelDelivery, pk=delivery_id)
    ids = channel_resend(None if delivery_id is None else [delivery_id], actor=actor_for(request))
    if ids:
        enqueue_deliveries(ids)
        messages.success(
            request, _("%(count)s failed messages will be sent again.") % {"count": len(ids)}
        )
    else:
        messages.info(request, _("No failed messages to send again."))
    return redirect("appraisal:reminders")
