"""Changes to a person's second factor: enrolling an authenticator, recovery codes, removing it,
an admin BKD's reset of a lost device. Each is recorded in the user's history (the audit trail).

Why django-otp: it is maintained (Jazzband-era project, releases for every Django), its devices
are pluggable models (TOTP and static recovery tokens here; WebAuthn could be added later),
its TOTP checks a window of steps around now (`tolerance`, here ±1 step of 30 s) and learns a
phone's clock drift, it refuses a code of a step already used (`last_t`: no replay) and throttles
repeated failures, and its static device gives single-use recovery codes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.extensions import account_notice
from accounts.logins.services import end_sessions
from accounts.logins.sessions import sessions_end_others
from accounts.org.policies import require_admin_bkd
from accounts.twofactor import rules, selectors
from core.actor import Actor
from core.errors import DomainError
from core.history import save_with_reason

RECOVERY_COUNT = 10
STEP_TOLERANCE = 1  # a code of the previous or next 30-second step is accepted


def _require_self(user, actor: Actor) -> None:
    if not actor.is_user(user.pk):
        raise PermissionDenied


def enrolment_start(user, *, actor: Actor) -> TOTPDevice:
    """The authenticator being set up: a new secret, unconfirmed, shown as a QR code until the
    person types its first code. Reloading the page keeps the same one."""
    _require_self(user, actor)
    if selectors.has_second_factor(user):
        raise DomainError(_("Two-factor login is already set up for this account."))
    device = selectors.totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=selectors.TOTP_NAME, confirmed=False, tolerance=STEP_TOLERANCE
        )
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=selectors.RECOVERY_NAME, confirmed=True)
    tokens = [StaticToken.random_token() for _n in range(RECOVERY_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [rules.recovery_display(t) for t in tokens]


@transaction.atomic
def enrolment_confirm(user, code: str, current_key: str | None, *, actor: Actor) -> list[str]:
    """The first code from the app proves it holds the secret: the authenticator is confirmed,
    ten recovery codes are made (returned once, never shown again) and the person's other
    sessions end (they were signed in without this factor)."""
    _require_self(user, actor)
    device = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk")
    ).first()
    if device is None or selectors.has_second_factor(user):
        raise DomainError(_("Start the set-up again: this authenticator is no longer waiting."))
    read = rules.read_code(code)
    if read is None or read[0] != rules.TOTP or not device.verify_token(read[1]):
        raise DomainError(
            _("That code is not right. Check the time on your phone and type the newest code.")
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    save_with_reason(user, _("Two-factor login set up"), actor=actor)
    sessions_end_others(user, current_key, actor=actor)
    return codes


def verify(user, typed: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts the typed code (an authenticator's code, or a recovery code,
    which is then spent), or None. Each device throttles its own failures and the TOTP one
    refuses a step already used."""
    read = rules.read_code(typed)
    if read is None:
        return None
    kind, value = read
    with transaction.atomic():
        if kind == rules.TOTP:
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        device = device.order_by("pk").first()
        if device is not None and device.verify_token(value):
            return device
    return None


@transaction.atomic
def recovery_regenerate(user, *, actor: Actor) -> list[str]:
    """Ten new recovery codes; the old ones stop working (the view asked for the password or a
    code first)."""
    _require_self(user, actor)
    if not selectors.has_second_factor(user):
        raise DomainError(_("Set up two-factor login first."))
    codes = _new_recovery_codes(user)
    save_with_reason(user, _("Recovery codes made anew"), actor=actor)
    return codes


@transaction.atomic
def second_factor_remove(user, *, actor: Actor) -> None:
    """The person turns two-factor login off for themself, unless their role requires it."""
    _require_self(user, actor)
    if not rules.may_remove(must_enrol=selectors.must_enrol(user)):
        raise DomainError(_("Your role requires two-factor login: it cannot be turned off."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    save_with_reason(user, _("Two-factor login turned off"), actor=actor)


@transaction.atomic
def second_factor_reset(user, reason: str, *, actor: Actor) -> None:
    """An admin BKD clears someone's lost authenticator and recovery codes (with a reason, in
    the user's history and so in the audit trail): every session of that person ends, and they
    are told in their inbox and by e-mail at once. They set up a new one at their next login
    (required for their role) or when they choose."""
    if actor.is_system:
        raise PermissionDenied
    require_admin_bkd(actor.roles)
    if actor.is_user(user.pk):
        raise DomainError(_("Turn your own two-factor login off on your own account page."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for resetting two-factor login."))
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        raise DomainError(_("This account has no two-factor login to reset."))
    save_with_reason(
        user, _("Two-factor login reset: %(reason)s") % {"reason": reason}, actor=actor
    )
    user_id = user.pk
    transaction.on_commit(lambda: end_sessions([user_id]))
    account_notice.call(
        user,
        gettext_noop(
            "An administrator reset your two-factor login (reason: %(reason)s). Set up your "
            "authenticator again; if you did not ask for this, tell the BKD at once."
        ),
        {"reason": reason},
        reverse("twofactor:manage"),
        actor=actor,
    )
