"""Account lifecycle: provisioning, one-time activation/reset credentials, deactivation.

Accounts are keyed by NIP (the username) and created unusable: no default password exists, so an
account becomes usable only when its owner redeems a one-time link or code and chooses a password
under Django's validators. An employee who leaves loses access at once (is_active false and every
open session deleted); an administrator may reactivate with a reason. All of it is in history,
with the acting `actor` (core.actor.Actor) as its user: the administrator, or the system for an
import's or a reaction's doing and for the owner redeeming a credential (not signed in yet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.choices import EmployeeStatus
from accounts.logins.models import AccountToken, LoginSession, TokenChannel, TokenPurpose
from accounts.org.models import Employee
from accounts.org.policies import can_manage_employee
from core.actor import Actor
from core.errors import DomainError
from core.history import history_options, save_with_reason

# Codes are typed from paper: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class AccountStatus:
    """Derived states shown to administrators (not stored: they follow from the data)."""

    NEW = "new"
    INVITED = "invited"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"

    LABELS = {
        NEW: "Not activated",
        INVITED: "Invited",
        ACTIVE: "Active",
        DEACTIVATED: "Deactivated",
    }


def _hash(secret: str, key: str | None = None) -> str:
    key = settings.SECRET_KEY if key is None else key
    return hmac.new(key.encode(), secret.encode(), hashlib.sha256).hexdigest()


def _hashes(secret: str) -> list[str]:
    """The secret keyed with the current key and each of SECRET_KEY_FALLBACKS: while the key is
    rotated, links e-mailed and codes printed before stay good (docs/operations.md)."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [_hash(secret, key) for key in keys]


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _ttl(channel: str) -> dt.timedelta:
    if channel == TokenChannel.EMAIL:
        return dt.timedelta(hours=settings.ACCOUNT_LINK_TTL_HOURS)
    return dt.timedelta(days=settings.ACCOUNT_CODE_TTL_DAYS)


# ----- provisioning ---------------------------------------------------------------------------
def _new_user(employee: Employee):
    User = get_user_model()
    user = User(
        username=employee.nip,
        email=employee.email,
        first_name=employee.name[:150],
        is_active=employee.status == EmployeeStatus.ACTIVE,
    )
    user.set_unusable_password()
    return user


@transaction.atomic
def account_provision(employee: Employee, *, actor: Actor):
    """The employee's login account (username = NIP), created unusable if it does not exist:
    when an employee is registered (accounts.extensions.employee_registered) and before an
    administrator sends a link or prints a code."""
    if employee.user_id:
        return employee.user
    user = _new_user(employee)
    save_with_reason(user, _("Account created for the employee"), actor=actor)
    Employee.objects.filter(pk=employee.pk).update(user=user)
    employee.user = user
    return user


def accounts_provision_bulk(employee_ids: Iterable[int], *, actor: Actor) -> int:
    """Create accounts for many employees at once (the Excel import, bulk invitations,
    backfills), recorded in history as `actor`'s doing. Returns how many were created."""
    User = get_user_model()
    employees = list(
        Employee.objects.filter(pk__in=list(employee_ids), user__isnull=True).only(
            "pk", "nip", "name", "email", "status"
        )
    )
    if not employees:
        return 0
    taken = set(
        User.objects.filter(username__in=[e.nip for e in employees]).values_list(
            "username", flat=True
        )
    )
    users = [_new_user(e) for e in employees if e.nip not in taken]
    bulk_create_with_history(
        users,
        User,
        batch_size=500,
        **history_options(_("Account created for the employee"), actor=actor),
    )
    by_username = dict(
        User.objects.filter(username__in=[e.nip for e in employees]).values_list("username", "pk")
    )
    for employee in employees:
        employee.user_id = by_username[employee.nip]
    Employee.objects.bulk_update(employees, ["user"], batch_size=500)
    return len(users)


def account_status(user) -> str:
    """NEW, INVITED, ACTIVE or DEACTIVATED for one account (see AccountStatus)."""
    if user is None:
        return AccountStatus.NEW
    if not user.is_active:
        return AccountStatus.DEACTIVATED
    if user.has_usable_password():
        return AccountStatus.ACTIVE
    has_open = AccountToken.objects.filter(
        user=user,
        purpose=TokenPurpose.ACTIVATION,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()
    return AccountStatus.INVITED if has_open else AccountStatus.NEW


# ----- one-time credentials -------------------------------------------------------------------
def _issue(user, purpose: str, channel: str, secret: str, actor: Actor) -> AccountToken:
    if not user.is_active:
        raise DomainError(_("This account is deactivated. Reactivate it first."))
    if purpose == TokenPurpose.ACTIVATION and user.has_usable_password():
        raise DomainError(_("This account is already active; send a password reset instead."))
    now = timezone.now()
    with transaction.atomic():
        # Only the newest credential of a purpose works: an old letter or e-mail is dead.
        AccountToken.objects.filter(
            user=user, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        return AccountToken.objects.create(
            user=user,
            purpose=purpose,
            channel=channel,
            secret_hash=_hash(secret),
            created_by=actor.user,
            expires_at=now + _ttl(channel),
        )


def token_issue_link(user, purpose: str, *, actor: Actor) -> tuple[AccountToken, str]:
    """A one-time link secret for an e-mail (an administrator's invitation or reset, sent by the
    task). Older open credentials of the purpose die. Returns the record and the URL's secret."""
    secret = secrets.token_urlsafe(32)
    return _issue(user, purpose, TokenChannel.EMAIL, secret, actor=actor), secret


def token_issue_code(user, purpose: str, *, actor: Actor) -> tuple[AccountToken, str]:
    """A one-time code to print on an activation or reset slip, for people without e-mail.
    Older open credentials of the purpose die. Returns the record and the printed code."""
    code = get_random_string(CODE_LENGTH, CODE_ALPHABET)
    token = _issue(user, purpose, TokenChannel.SHEET, f"{user.username}:{code}", actor=actor)
    return token, f"{code[:5]}-{code[5:]}"


def _open_tokens():
    return AccountToken.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("user")


def token_for_link(secret: str) -> AccountToken | None:
    """The open credential behind a link, or None (unknown, used, revoked or expired alike)."""
    return (
        _open_tokens().filter(secret_hash__in=_hashes(secret), channel=TokenChannel.EMAIL).first()
    )


def token_for_code(nip: str, code: str) -> AccountToken | None:
    """The open credential for a NIP and a printed code, or None — never saying which was wrong."""
    nip = "".join(nip.split())
    secret = f"{nip}:{_normalise_code(code)}"
    token = (
        _open_tokens().filter(secret_hash__in=_hashes(secret), channel=TokenChannel.SHEET).first()
    )
    return token if token and token.user.is_active else None


@transaction.atomic
def token_redeem(token_id: int, new_password: str, *, actor: Actor):
    """Set the password through an open credential and spend it (the owner, not signed in yet:
    the public pages pass the system actor). Refuses a spent one, so two tabs racing with the
    same link get exactly one success."""
    now = timezone.now()
    spent = AccountToken.objects.filter(
        pk=token_id, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if spent != 1:
        raise DomainError(_("This link or code has already been used or has expired."))
    token = AccountToken.objects.select_related("user").get(pk=token_id)
    user = token.user
    if not user.is_active:
        raise DomainError(_("This account is deactivated. Contact your OPD administrator."))
    user.set_password(new_password)
    reason = (
        _("Account activated") if token.purpose == TokenPurpose.ACTIVATION else _("Password reset")
    )
    save_with_reason(user, reason, actor=actor)
    return user


# ----- deactivation ---------------------------------------------------------------------------
def end_sessions(user_ids: Iterable[int]) -> int:
    """Delete every open session of these users (database sessions). Returns how many.

    Signed-in sessions are found through their LoginSession rows (indexed by user). Only a live
    session no row names is decoded: one signed in before the table existed and not seen since
    (any request writes its row within minutes), or an anonymous one (an activation link, a
    login waiting for its second factor), which are few."""
    ids = list(user_ids)
    wanted = {str(pk) for pk in ids}
    if not wanted:
        return 0
    tracked = list(
        LoginSession.objects.filter(user_id__in=ids).values_list("session_key", flat=True)
    )
    untracked = Session.objects.filter(expire_date__gt=timezone.now()).exclude(
        session_key__in=LoginSession.objects.values("session_key")
    )
    doomed = tracked + [
        s.session_key
        for s in untracked.iterator()
        if s.get_decoded().get("_auth_user_id") in wanted
    ]
    ended = Session.objects.filter(session_key__in=doomed).delete()[0]
    LoginSession.objects.filter(session_key__in=tracked).delete()
    return ended


@transaction.atomic
def account_deactivate(user, reason: str, *, actor: Actor) -> None:
    """Take access away at once (an administrator, or the employee leaving): the account is
    disabled, its open credentials revoked and its sessions ended."""
    if not actor.is_system:
        employee = Employee.objects.filter(user=user).first()
        if employee is None or not can_manage_employee(actor.roles, employee):
            raise PermissionDenied
    if not user.is_active:
        return
    user.is_active = False
    save_with_reason(user, reason, actor=actor, update_fields=["is_active"])
    AccountToken.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    transaction.on_commit(lambda: end_sessions([user.pk]))


def account_deactivate_for_leaving(employee: Employee, reason: str, *, actor: Actor) -> None:
    """An employee left (accounts.extensions.employee_left): their account, if any, closes.

    A consequence, not a decision: whoever marked the employee as leaving was checked by the
    organisation's service, and may no longer manage them once their post is vacated, so the
    account is closed by the system (the history still names the person of the request)."""
    if employee.user is not None:
        account_deactivate(employee.user, reason, actor=Actor.system(reason))


def accounts_deactivate_bulk(user_ids: Iterable[int], reason: str, *, actor: Actor) -> int:
    """Deactivate many accounts (an import that removes employees). Returns how many changed."""
    User = get_user_model()
    users = list(User.objects.filter(pk__in=list(user_ids), is_active=True))
    for user in users:
        user.is_active = False
    bulk_update_with_history(
        users, User, ["is_active"], batch_size=500, **history_options(reason, actor=actor)
    )
    AccountToken.objects.filter(
        user__in=users, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    ids = [u.pk for u in users]
    transaction.on_commit(lambda: end_sessions(ids))
    return len(users)


@transaction.atomic
def account_reactivate(employee: Employee, reason: str, *, actor: Actor) -> None:
    """Give a returning employee their account back (admin, with a reason)."""
    if not actor.is_system and not can_manage_employee(actor.roles, employee):
        raise PermissionDenied
    if not reason.strip():
        raise DomainError(_("Give a reason for reactivating the account."))
    if employee.status != EmployeeStatus.ACTIVE:
        raise DomainError(_("Set the employee's status to active before reactivating the account."))
    user = account_provision(employee, actor=actor)
    if user.is_active:
        raise DomainError(_("This account is already active."))
    user.is_active = True
    save_with_reason(user, reason.strip(), actor=actor, update_fields=["is_active"])


def never_logged_in() -> Q:
    return Q(user__last_login__isnull=True)


def record_last_login(sender, user, **kwargs) -> None:
    """Store the login time without a history record (see AccountsConfig.ready)."""
    now = timezone.now()
    type(user).objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
