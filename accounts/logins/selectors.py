"""Scoped reads for the account status overview: each employee's account state as one SQL
expression, the per-OPD counts and the list rows.

The state is derived, never stored (see logins.services.AccountStatus, whose values it shares):
a stored copy would drift every time someone activates, a link expires or an import deactivates.
`has_usable_password()` cannot run in SQL, so "usable" is read from the hash itself: Django
writes an unusable password as "!" followed by random characters (UNUSABLE_PASSWORD_PREFIX).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.choices import EmployeeStatus
from accounts.extensions import EmployeeSection
from accounts.logins.models import AccountToken, TokenChannel, TokenPurpose, User
from accounts.logins.services import AccountStatus, account_status
from accounts.org.models import Employee
from accounts.org.policies import managed_employees
from accounts.org.roles import Roles
from core.figures import Figures, admin_scope, slow_figures


class AccountState(models.TextChoices):
    """The states the overview shows and filters by (values as in AccountStatus)."""

    ACTIVE = AccountStatus.ACTIVE, _("Active")
    INVITED = AccountStatus.INVITED, _("Invited")
    NEW = AccountStatus.NEW, _("Not activated")
    DEACTIVATED = AccountStatus.DEACTIVATED, _("Deactivated")


def _open_activation_tokens():
    """Activation links and codes still usable: unused, unrevoked, unexpired."""
    return AccountToken.objects.filter(
        purpose=TokenPurpose.ACTIVATION,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def _open_activation_token() -> Q:
    # An uncorrelated IN, not a correlated EXISTS: PostgreSQL hashes the open tokens once instead
    # of probing the token table once per employee (3 s for the counts of 100,000 employees).
    return Q(user_id__in=_open_activation_tokens().values("user_id"))


def account_state_expression() -> Case:
    """CASE expression giving an Employee row its AccountState; annotate as `account_state`.

    Order matters: no account at all is NEW, a disabled account is DEACTIVATED whatever its
    password, a usable password is ACTIVE, and otherwise an open activation credential (link or
    printed code, unused, unrevoked, unexpired) makes it INVITED.
    """
    return Case(
        When(user__isnull=True, then=Value(AccountState.NEW)),
        When(user__is_active=False, then=Value(AccountState.DEACTIVATED)),
        When(
            ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
            then=Value(AccountState.ACTIVE),
        ),
        When(_open_activation_token(), then=Value(AccountState.INVITED)),
        default=Value(AccountState.NEW),
        output_field=CharField(),
    )


def account_state_condition(state: str) -> Q:
    """The rows account_state_expression() puts in `state`, as a plain condition on the columns:
    filtering on the CASE left PostgreSQL guessing that 0.5 % of a province matched, and it
    started parallel workers to page through "not activated" (tests pin the two together)."""
    usable = ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    enabled = Q(user__isnull=False, user__is_active=True)
    # Here a correlated EXISTS, which PostgreSQL turns into an (anti-)join: a NOT IN was
    # pushed down onto a scan of every employee before one OPD's were picked out.
    invited = Exists(_open_activation_tokens().filter(user_id=OuterRef("user_id")))
    conditions = {
        AccountState.NEW: Q(user__isnull=True) | (enabled & ~usable & ~invited),
        AccountState.DEACTIVATED: Q(user__isnull=False, user__is_active=False),
        AccountState.ACTIVE: enabled & usable,
        AccountState.INVITED: enabled & ~usable & invited,
    }
    return conditions[state]


def _last_invited_at() -> Subquery:
    # An e-mailed link counts from when it was actually sent (the task sets sent_at); a printed
    # code from when it was issued, since it is handed over on paper and never "sent".
    moment = Case(
        When(channel=TokenChannel.SHEET, then="created_at"),
        default="sent_at",
        output_field=DateTimeField(),
    )
    return Subquery(
        AccountToken.objects.filter(user_id=OuterRef("user_id"), purpose=TokenPurpose.ACTIVATION)
        .annotate(moment=moment)
        .filter(moment__isnull=False)
        .order_by("-moment")
        .values("moment")[:1],
        output_field=DateTimeField(),
    )


def with_account_state(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    """The employees annotated with `account_state` (for counting and filtering)."""
    if "account_state" in employees.query.annotations:
        return employees
    return employees.annotate(account_state=account_state_expression())


def account_rows(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    """List and export rows: state, last invitation and the joins the columns need, so a page or
    an export is one query however many rows it has."""
    return (
        with_account_state(employees)
        .annotate(invited_at=_last_invited_at())
        .select_related("user", "position__unit__opd")
        .order_by("name", "nip")
    )


def account_counts_by_opd(employees: QuerySet[Employee]) -> tuple[list[dict], dict]:
    """Per-OPD counts in one aggregate query, plus the totals row.

    Employees, Active, Invited, Not activated and Never logged in count active employees only;
    Deactivated counts every employee, including those who have left, since an account that
    still exists for a leaver is exactly what an auditor asks about. `new_with_email` and
    `new_without_email` size the two "all not yet activated" actions.
    """
    active = Q(status=EmployeeStatus.ACTIVE)
    new = active & Q(account_state=AccountState.NEW)
    with_email = ~Q(email="")
    rows = list(
        employees.alias(account_state=account_state_expression())
        # Grouped by the OPD's id alone (its code and name ride along as Min): grouping by the
        # texts too made PostgreSQL expect 100,000 groups and sort a province on disk.
        .values(opd_id=models.F("position__unit__opd_id"))
        .annotate(
            opd_code=Min("position__unit__opd__code"),
            opd_name=Min("position__unit__opd__name"),
            employees=Count("pk", filter=active),
            active=Count("pk", filter=active & Q(account_state=AccountState.ACTIVE)),
            invited=Count("pk", filter=active & Q(account_state=AccountState.INVITED)),
            not_activated=Count("pk", filter=new),
            never_logged_in=Count("pk", filter=active & Q(user__last_login__isnull=True)),
            deactivated=Count("pk", filter=Q(account_state=AccountState.DEACTIVATED)),
            new_with_email=Count("pk", filter=new & with_email),
            new_without_email=Count("pk", filter=new & ~with_email),
        )
        .order_by(models.F("opd_code").asc(nulls_last=True))
    )
    keys = (
        "employees",
        "active",
        "invited",
        "not_activated",
        "never_logged_in",
        "deactivated",
        "new_with_email",
        "new_without_email",
    )
    totals = {key: sum(row[key] for row in rows) for key in keys}
    return rows, totals


def not_yet_activated(employees: QuerySet[Employee], *, with_email: bool) -> QuerySet[Employee]:
    """Active employees whose account is NEW (none, or no open credential), with or without an
    e-mail address: the targets of the "all not yet activated" actions. INVITED people are left
    out on purpose: repeating the action must not kill the links and slips already handed out."""
    targets = with_account_state(employees).filter(
        status=EmployeeStatus.ACTIVE, account_state=AccountState.NEW
    )
    return targets.exclude(email="") if with_email else targets.filter(email="")


def employee_account_section(employee: Employee, can_manage: bool) -> EmployeeSection:
    """The login account card on an employee's page (accounts.extensions.employee_page): its
    state for those who manage the employee, and the account's changes in the page's history."""
    if not can_manage:
        return EmployeeSection(context={"AccountStatus": AccountStatus, "account_status": None})
    return EmployeeSection(
        context={"AccountStatus": AccountStatus, "account_status": account_status(employee.user)},
        history=(User.history.filter(id=employee.user_id),),
    )


@dataclass(frozen=True)
class AccountOverview:
    """The counts of the account overview page (/kelola/akun/) for one admin and filter."""

    counts: list[dict]  # per OPD, with the texts of the row's buttons
    totals: dict
    # The two "all not yet activated" actions' targets within the filter result (the totals
    # row's own when unfiltered).
    in_filter: dict
    # Employees matching the filter, counted with the targets; None unfiltered (the paginator
    # counts then, up to its cap).
    matching: int | None
    figures: tuple[Figures, ...]  # the counts as kept, for core.figures.figures_context


def account_overview(
    roles: Roles, filtered: QuerySet[Employee] | None, filter_key: str, *, refresh: bool
) -> AccountOverview:
    """The per-OPD counts of the admin's employees and, when a filter is applied (`filtered`,
    the filter's result; `filter_key`, its query string), the filter's own counts. Both are slow
    at province scale, so they are kept like other slow figures (core.figures)."""
    counted = slow_figures(
        "account-counts",
        admin_scope(roles),
        lambda: account_counts_by_opd(managed_employees(roles)),
        refresh=refresh,
    )
    counts, totals = counted.value
    counts = [{**row, **_row_actions(row)} if row["opd_id"] else row for row in counts]
    if filtered is None:
        # Unfiltered, these are the totals row's own counts: no second pass over a province.
        in_filter = {key: totals[key] for key in ("new_with_email", "new_without_email")}
        return AccountOverview(counts, totals, in_filter, None, (counted,))
    # One pass counts the page's rows and the two actions' targets alike; kept like the table
    # above when slow, so paging through a province's filter does not count again.
    new = Q(status=EmployeeStatus.ACTIVE, account_state=AccountState.NEW)
    counted_filter = slow_figures(
        "account-filter",
        (admin_scope(roles), filter_key),
        lambda: filtered.aggregate(
            matching=Count("pk"),
            new_with_email=Count("pk", filter=new & ~Q(email="")),
            new_without_email=Count("pk", filter=new & Q(email="")),
        ),
        refresh=refresh,
    )
    in_filter = dict(counted_filter.value)
    matching = in_filter.pop("matching")
    return AccountOverview(counts, totals, in_filter, matching, (counted, counted_filter))


def _row_actions(row: dict) -> dict:
    """An OPD row's button texts, in Python: three plural phrases per row rendered by the
    template cost more than the rest of a province's 209 rows together."""
    opd, with_email, without = row["opd_name"], row["new_with_email"], row["new_without_email"]
    return {
        "confirm_email": ngettext(
            "E-mail an activation link to %(n)s employee of %(opd)s who is not activated yet?",
            "E-mail activation links to all %(n)s employees of %(opd)s who are not activated yet?",
            with_email,
        )
        % {"n": with_email, "opd": opd},
        "email_label": ngettext("E-mail %(n)s", "E-mail %(n)s", with_email) % {"n": with_email},
        "print_label": ngettext("Print %(n)s slip", "Print %(n)s slips", without) % {"n": without},
    }
