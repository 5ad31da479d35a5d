"""Bulk activation: e-mail links or print slips for many employees at once.

The caller passes an employees queryset already scoped by policies.managed_employees (plus the
admin's selection or filter), so nobody outside the admin's scope can be reached from here.
Accounts that do not exist yet are provisioned first. People who cannot take an activation
credential are skipped and counted by reason, for the message the admin sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import EmployeeStatus
from accounts.logins.models import TokenPurpose
from accounts.logins.selectors import AccountState, with_account_state
from accounts.logins.services import accounts_provision_bulk
from accounts.logins.sheets import Slip, issue_slips
from accounts.org.models import Employee
from core.actor import Actor
from core.errors import DomainError
from core.figures import new_generation
from core.history import history_options

# One PDF is printed, cut and handed out by one person; beyond this it is better split by unit
# (and WeasyPrint takes tens of seconds, holding the request).
SLIP_LIMIT = 500
# Links are queued in batches: a retry after an SMTP hiccup then re-sends one batch, not all.
EMAIL_BATCH = 100


class SkipReason(models.TextChoices):
    NOT_FOUND = "not_found", gettext_lazy("not found among your employees")
    LEFT = "left", gettext_lazy("no longer an active employee")
    DEACTIVATED = "deactivated", gettext_lazy("account deactivated")
    ALREADY_ACTIVE = "already_active", gettext_lazy("account already active")
    NO_EMAIL = "no_email", gettext_lazy("no e-mail address")


@dataclass
class BulkResult:
    sent: int = 0
    skipped_by_reason: Counter = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by_reason.values())


def _skip_reason(employee: Employee, *, need_email: bool) -> str | None:
    if employee.status != EmployeeStatus.ACTIVE:
        return SkipReason.LEFT
    if employee.account_state == AccountState.DEACTIVATED:
        return SkipReason.DEACTIVATED
    if employee.account_state == AccountState.ACTIVE:
        return SkipReason.ALREADY_ACTIVE
    if need_email and not employee.email:
        return SkipReason.NO_EMAIL
    return None


def _sort(employees: QuerySet[Employee], *, need_email: bool) -> tuple[list[Employee], Counter]:
    eligible, skipped = [], Counter()
    rows = (
        with_account_state(employees)
        .select_related("user", "position__unit")
        .order_by("name", "nip")
    )
    for employee in rows:
        reason = _skip_reason(employee, need_email=need_email)
        if reason:
            skipped[reason] += 1
        else:
            eligible.append(employee)
    return eligible, skipped


def invite_by_email(employees: QuerySet[Employee], *, actor: Actor) -> BulkResult:
    """E-mail a fresh activation link to every eligible employee, through the Celery task.

    Eligible: an active employee with an e-mail address whose account is not active and not
    deactivated (an INVITED person gets a new link; the old one dies). The task is enqueued after
    commit, in batches; it re-checks each account, so one activated meanwhile is not re-invited.
    `sent` counts the links queued.
    """
    from accounts.logins.tasks import send_account_links
    from core.queueing import enqueue_on_commit

    eligible, skipped = _sort(employees, need_email=True)
    with transaction.atomic():
        accounts_provision_bulk([e.pk for e in eligible if e.user_id is None], actor=actor)
        _sync_account_emails([e for e in eligible if e.user_id is not None], actor)
        user_ids = list(
            Employee.objects.filter(pk__in=[e.pk for e in eligible]).values_list(
                "user_id", flat=True
            )
        )
        # The task takes ids: the administrator's user id, or None for the system.
        actor_id = actor.user_id
        for start in range(0, len(user_ids), EMAIL_BATCH):
            batch = user_ids[start : start + EMAIL_BATCH]
            enqueue_on_commit(send_account_links, batch, TokenPurpose.ACTIVATION, actor_id)
        transaction.on_commit(new_generation)  # the account overview counts it
    return BulkResult(sent=len(user_ids), skipped_by_reason=skipped)


def _sync_account_emails(employees: list[Employee], actor: Actor) -> None:
    # The task mails user.email; an import or an edit may have changed only the employee's.
    User = get_user_model()
    stale = [e.user for e in employees if e.user.email != e.email]
    if not stale:
        return
    from simple_history.utils import bulk_update_with_history

    by_user = {e.user_id: e.email for e in employees}
    for user in stale:
        user.email = by_user[user.pk]
    bulk_update_with_history(
        stale,
        User,
        ["email"],
        **history_options(_("E-mail address taken from the employee"), actor=actor),
    )


def print_activation_slips(
    employees: QuerySet[Employee], *, actor: Actor
) -> tuple[list[Slip], Counter]:
    """Issue a new printed activation code for every eligible employee; returns the slips (for
    render_slips_pdf) and the skipped counts by reason.

    Eligible: an active employee whose account is not active and not deactivated. Refused with a
    DomainError above SLIP_LIMIT people, before anything is issued. Call inside a transaction
    that also renders the PDF: if rendering fails the codes roll back, so no earlier slip dies
    for a sheet that was never printed.
    """
    eligible, skipped = _sort(employees, need_email=False)
    if len(eligible) > SLIP_LIMIT:
        raise DomainError(
            _(
                "That would print %(count)s slips; one PDF holds at most %(limit)s. "
                "Narrow the filter (an OPD, or a search) and print in parts."
            )
            % {"count": len(eligible), "limit": SLIP_LIMIT}
        )
    missing = [e.pk for e in eligible if e.user_id is None]
    if missing:
        accounts_provision_bulk(missing, actor=actor)
        users = dict(Employee.objects.filter(pk__in=missing).values_list("pk", "user_id"))
        User = get_user_model()
        by_id = User.objects.in_bulk(users.values())
        for employee in eligible:
            if employee.user_id is None:
                employee.user = by_id[users[employee.pk]]
    slips: list[Slip] = []
    for employee in eligible:
        try:
            slips.extend(issue_slips([employee], TokenPurpose.ACTIVATION, actor=actor))
        except DomainError:
            # Activated or deactivated between our read and the issue: nothing to print.
            employee.user.refresh_from_db(fields=["is_active"])
            skipped[
                SkipReason.ALREADY_ACTIVE if employee.user.is_active else SkipReason.DEACTIVATED
            ] += 1
    transaction.on_commit(new_generation)  # the account overview counts it
    return slips, skipped


def describe_skipped(skipped: Counter) -> str:
    """ "account already active: 2; no e-mail address: 1" for a message (empty if none)."""
    labels = dict(SkipReason.choices)
    return "; ".join(
        f"{labels[reason]}: {count}"
        for reason, count in sorted(skipped.items(), key=lambda item: str(labels[item[0]]))
        if count
    )
