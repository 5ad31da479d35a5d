"""Who can be reached where, per OPD: e-mail and each configured channel (the admins' view)."""

from __future__ import annotations

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee
from notifications import channels
from notifications.choices import ChannelMode
from notifications.models import ChannelAddress


def _verified_on(channel: str) -> Exists:
    return Exists(
        ChannelAddress.objects.filter(
            user_id=OuterRef("user_id"), channel=channel, verified_at__isnull=False
        )
        .exclude(address="")
        .exclude(mode=ChannelMode.OFF)
    )


def reach_by_opd(employees: QuerySet[Employee]) -> tuple[list[str], list[dict], dict]:
    """(the configured channels' names, a row per OPD, the totals) in one aggregate query, over
    the active employees: how many have a login with an e-mail address, a verified address on
    each channel, and how many none of these (they learn of a deadline only when they log in)."""
    names = [channel.name for channel in channels.enabled()]
    # A closed login is reminded of nothing (the sources skip it), whatever its addresses.
    open_login = Q(user__isnull=False, user__is_active=True)
    with_email = open_login & ~Q(user__email="")
    reached = with_email
    aliases = {}
    for name in names:
        aliases[f"on_{name}"] = _verified_on(name)
        reached |= open_login & Q(**{f"on_{name}": True})
    counts = {
        "employees": Count("pk"),
        "email": Count("pk", filter=with_email),
        **{name: Count("pk", filter=open_login & Q(**{f"on_{name}": True})) for name in names},
        "unreached": Count("pk", filter=~reached),
    }
    rows = list(
        employees.filter(status=EmployeeStatus.ACTIVE)
        .alias(**aliases)
        .values(opd_id=F("position__unit__opd_id"))
        .annotate(
            opd_code=Min("position__unit__opd__code"),
            opd_name=Min("position__unit__opd__name"),
            **counts,
        )
        .order_by(F("opd_code").asc(nulls_last=True))
    )
    for row in rows:
        row["channels"] = [row[name] for name in names]
    totals = {key: sum(row[key] for row in rows) for key in counts}
    totals["channels"] = [totals[name] for name in names]
    return names, rows, totals
