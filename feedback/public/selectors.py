"""Scoped reads of public feedback: who may moderate or read what, and the aggregates.

Scopes: an admin OPD moderates the units of their OPD, an admin BKD all; a kepala unit reads the
feedback and the poster of the units they head (and those below). Outside the scope → 404; a
page that is for admins or unit heads only → 403 for everyone else.

Aggregates: a unit's figures count every channel of the unit (its own link and those of its
front-line ASN); an ASN's figures count their own channel. **Hidden comments still count in the
ratings**: hiding is about the words (abusive text), not about silencing a rating; the comment
lists leave them out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.org.policies import managed_units
from accounts.org.roles import Roles
from feedback.choices import DropReason, ServiceAspect
from feedback.public.models import PublicChannel, PublicDrop, PublicFeedback
from feedback.public.policies import require_moderator

ASPECTS = [a.value for a in ServiceAspect]


_HUNDREDTH = Decimal("0.01")


def feedback_list(roles: Roles) -> QuerySet[PublicFeedback]:
    """The moderation list: every submission of the user's units, newest first (rows carry their
    channel, unit, ASN and moderator: no query per row)."""
    require_moderator(roles)
    return PublicFeedback.objects.filter(channel__unit__in=managed_units(roles)).select_related(
        "channel__unit", "channel__employee", "hidden_by"
    )


def channel_list(roles: Roles) -> QuerySet[PublicChannel]:
    require_moderator(roles)
    return (
        PublicChannel.objects.filter(unit__in=managed_units(roles))
        .select_related("unit", "employee")
        .annotate(received=Count("feedback"))
        .order_by("unit__code", "employee__name", "pk")
    )


def drop_totals(roles: Roles, since: dt.date) -> list[tuple[str, int]]:
    """Refused or dropped submissions in the user's units since a day, per reason (one query)."""
    require_moderator(roles)
    counted = dict(
        PublicDrop.objects.filter(channel__unit__in=managed_units(roles), day__gte=since)
        .values_list("reason")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return [(reason.label, counted.get(reason.value, 0)) for reason in DropReason]


# ----- aggregates ------------------------------------------------------------------------------
def average(total: int | None, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass
class Month:
    month: dt.date
    count: int = 0
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def averages(self) -> dict[str, Decimal | None]:
        return {a: average(self.totals.get(a), self.count) for a in ASPECTS}


@dataclass
class Summary:
    """Count, average per aspect (Decimal, 2 places) and the months of a date range."""

    start: dt.date
    end: dt.date
    months: list[Month]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.months)

    @property
    def averages(self) -> dict[str, Decimal | None]:
        count = self.count
        return {a: average(sum(m.totals.get(a, 0) for m in self.months), count) for a in ASPECTS}

    @property
    def rows(self) -> list[tuple[str, Decimal | None]]:
        averages = self.averages
        return [(aspect.label, averages[aspect.value]) for aspect in ServiceAspect]

    @property
    def overall(self) -> Decimal | None:
        """The mean of every score given (all aspects together)."""
        total = sum(m.totals.get(a) or 0 for m in self.months for a in ASPECTS)
        return average(total, self.count * len(ASPECTS))

    def chart(self) -> dict:
        """Chart.js data: count per month and the monthly average per aspect (gaps: None)."""
        return {
            "labels": [m.month.strftime("%m/%Y") for m in self.months],
            "count_label": _("Responses"),
            "count": [m.count for m in self.months],
            "aspects": [
                {
                    "label": aspect.label,
                    "data": [
                        float(v) if (v := m.averages[aspect.value]) is not None else None
                        for m in self.months
                    ],
                }
                for aspect in ServiceAspect
            ],
        }


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def summary(condition: Q, start: dt.date, end: dt.date) -> Summary:
    """Aggregates of the feedback matching `condition` submitted from `start` to `end` (dates in
    the agency's time zone, inclusive). One grouped query; hidden comments count."""
    tz = timezone.get_current_timezone()
    rows = (
        PublicFeedback.objects.filter(
            condition, submitted_at__date__gte=start, submitted_at__date__lte=end
        )
        .annotate(month=TruncMonth("submitted_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"), **{a: Sum(a) for a in ASPECTS})
        .order_by("month")
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        found[month] = Month(month, row["n"], {a: row[a] for a in ASPECTS})
    return Summary(start, end, [found.get(m, Month(m)) for m in _month_starts(start, end)])


def per_channel(
    channels, start: dt.date, end: dt.date
) -> list[tuple[PublicChannel, int, Decimal | None]]:
    """Count and average of all aspects per channel over a date range (one grouped query)."""
    rows = {
        row["channel_id"]: row
        for row in PublicFeedback.objects.filter(
            channel__in=channels, submitted_at__date__gte=start, submitted_at__date__lte=end
        )
        .values("channel_id")
        .annotate(n=Count("pk"), **{a: Sum(a) for a in ASPECTS})
        .order_by()
    }
    result = []
    for channel in channels:
        row = rows.get(channel.pk)
        if row is None:
            result.append((channel, 0, None))
        else:
            total = sum(row[a] or 0 for a in ASPECTS)
            result.append((channel, row["n"], average(total, row["n"] * len(ASPECTS))))
    return result


def unit_condition(unit_ids) -> Q:
    return Q(channel__unit_id__in=sorted(unit_ids))


def channel_condition(channel: PublicChannel) -> Q:
    """An ASN's own channel; a unit's channel stands for the whole unit (every channel in it)."""
    if channel.employee_id:
        return Q(channel=channel)
    return Q(channel__unit_id=channel.unit_id)


def recent_comments(condition: Q, start: dt.date, end: dt.date, limit: int = 5):
    """The latest visible comments (hidden ones are left out), one query."""
    return list(
        PublicFeedback.objects.filter(
            condition,
            hidden_at__isnull=True,
            submitted_at__date__gte=start,
            submitted_at__date__lte=end,
        )
        .exclude(comment="")
        .select_related("channel__employee")[:limit]
    )


def evidence_channel(employee, unit) -> PublicChannel | None:
    """The channel that speaks for an employee: their own if they have one, else their unit's."""
    channels = list(
        PublicChannel.objects.filter(
            Q(employee=employee) | Q(unit=unit, employee__isnull=True)
        ).select_related("unit", "employee")
    )
    own = [c for c in channels if c.employee_id == employee.pk]
    return (own or channels or [None])[0]
