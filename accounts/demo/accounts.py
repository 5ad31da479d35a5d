"""Login accounts of the demo agency, spread over every account state (issue 10, item 7).

Every demo employee gets an account (username = NIP) through the account services, except the five
demo logins, which keep their usernames and the published password. The state each account should
show is planned from the demo plan alone (holder order and whether the person has an e-mail), so it
is the same on every run; it is only applied to an account still untouched (unusable password, never
logged in, no credential ever issued), so a re-run, or an account someone has since used, changes
nothing.

"Active" accounts get a usable password nobody knows: one hash of a long random secret that is
thrown away at once, shared by all of them (PBKDF2 costs most of a second per call). So the status
overview, filters and print slips have real candidates, yet no demo account but the five logins
can be signed into.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.choices import EmployeeStatus
from accounts.logins.models import AccountToken, TokenPurpose, User
from accounts.logins.services import account_deactivate, accounts_provision_bulk, token_issue_link
from accounts.org.models import Employee
from core.actor import Actor
from core.history import history_options

LOGGED_IN = "logged_in"  # active, has signed in
NEVER_LOGGED_IN = "never_logged_in"  # active, never signed in
INVITED = "invited"  # an open activation link was e-mailed
NEW = "new"  # not activated, no invitation yet
DEACTIVATED = "deactivated"  # the employee has left

# Repeating patterns over the active holders in plan order. Invitations go by e-mail, so people
# without an address are either active or not yet activated: the candidates for a printed slip.
WITH_EMAIL = (
    LOGGED_IN,
    INVITED,
    LOGGED_IN,
    NEW,
    NEVER_LOGGED_IN,
    LOGGED_IN,
    INVITED,
    LOGGED_IN,
    NEW,
    NEVER_LOGGED_IN,
)
WITHOUT_EMAIL = (NEW, LOGGED_IN, NEW, NEVER_LOGGED_IN)


def planned_states(holders) -> dict[str, str]:
    """NIP → the account state it should show, for every demo holder except the demo logins."""
    states: dict[str, str] = {}
    with_email = without_email = 0
    for holder in holders:
        if holder.login:
            continue
        nip = holder.person.nip
        if holder.status != EmployeeStatus.ACTIVE:
            states[nip] = DEACTIVATED
        elif holder.person.email:
            states[nip] = WITH_EMAIL[with_email % len(WITH_EMAIL)]
            with_email += 1
        else:
            states[nip] = WITHOUT_EMAIL[without_email % len(WITHOUT_EMAIL)]
            without_email += 1
    return states


def demo_accounts(holders) -> None:
    """Give every demo holder without a login an account and put it in its planned state."""
    actor = Actor.system("demo data")
    states = planned_states(holders)
    missing = Employee.objects.filter(nip__in=list(states), user__isnull=True)
    accounts_provision_bulk(list(missing.values_list("pk", flat=True)), actor=actor)
    employees = {
        e.nip: e
        for e in Employee.objects.filter(nip__in=list(states), user__isnull=False).select_related(
            "user"
        )
    }
    users = {nip: e.user for nip, e in employees.items()}
    touched = set(
        AccountToken.objects.filter(user__in=list(users.values())).values_list("user_id", flat=True)
    )
    now = timezone.now()
    activate, invite = [], []
    for index, (nip, state) in enumerate(states.items()):
        user = users.get(nip)
        if user is None:
            continue
        if state == DEACTIVATED:
            if user.is_active:
                account_deactivate(user, employees[nip].get_status_display(), actor=actor)
            continue
        untouched = (
            user.is_active
            and not user.has_usable_password()
            and user.last_login is None
            and user.pk not in touched
        )
        if not untouched:
            continue
        if state in (LOGGED_IN, NEVER_LOGGED_IN):
            if state == LOGGED_IN:
                # Spread over the last four weeks, working hours, so "last seen" varies.
                user.last_login = now - dt.timedelta(days=index % 28, hours=index % 9)
            activate.append(user)
        elif state == INVITED:
            invite.append(user)
    if activate:
        hashed = make_password(secrets.token_urlsafe(32))  # the secret is never kept
        for user in activate:
            user.password = hashed
        bulk_update_with_history(
            activate,
            User,
            ["password", "last_login"],
            batch_size=500,
            **history_options(_("Account activated"), actor=actor),
        )
    for user in invite:
        token, _secret = token_issue_link(user, TokenPurpose.ACTIVATION, actor=actor)
        AccountToken.objects.filter(pk=token.pk).update(sent_at=now)
