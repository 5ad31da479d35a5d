"""Reads of the access log (accounts.privacy): the admin BKD's search and a person's own list."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.logins.models import User
from accounts.privacy.models import PersonalDataAccess
from reports.privacy.filters import AccessLogFilter

RECENT = 10


def access_log(data) -> AccessLogFilter:
    """The access log filtered by `data` (the query string), newest first, with who and whose
    names in the same query."""
    queryset = PersonalDataAccess.objects.select_related("user__employee", "subject").order_by(
        "-at", "-pk"
    )
    return AccessLogFilter(data or None, queryset=queryset)


def recent_accesses(user: User, employee_id: int | None) -> list[PersonalDataAccess]:
    """The latest openings of this person's data by others (for their "my data" page)."""
    if employee_id is None:
        return []
    found: QuerySet = (
        PersonalDataAccess.objects.filter(subject_id=employee_id)
        .exclude(user=user)
        .select_related("user__employee")
        .order_by("-at", "-pk")
    )
    return list(found[:RECENT])
