"""Reads of a person's second factor: their authenticator, their recovery codes, their state."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.extensions import EmployeeSection
from accounts.org.roles import roles_for_user
from accounts.twofactor import rules

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def must_enrol(user) -> bool:
    """The person's role is in MFA_REQUIRED_ROLES (a superuser counts as admin BKD)."""
    if not settings.MFA_REQUIRED_ROLES:
        return False
    roles = roles_for_user(user)
    held = rules.held_role_kinds(
        is_admin_bkd=roles.is_admin_bkd, admin_opd=bool(roles.admin_opd_ids)
    )
    return rules.enrolment_required(settings.MFA_REQUIRED_ROLES, held)


def state_after_login(user, *, verified: bool, provider_mfa: bool) -> str:
    """The session state of a fresh login (rules.session_state), from at most three queries."""
    if verified or provider_mfa:
        return rules.DONE
    has_device = has_second_factor(user)
    return rules.session_state(
        has_device=has_device,
        verified=False,
        provider_mfa=False,
        must_enrol=not has_device and must_enrol(user),
    )


def employee_twofactor_section(employee, can_manage: bool):
    """The account card's two-factor line (accounts.extensions.employee_page): read only when the
    template asks, which it does for an admin BKD alone (who may reset it)."""
    user_id = employee.user_id

    def twofactor_on() -> bool:
        return bool(user_id) and TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()

    return EmployeeSection(context={"twofactor_on": twofactor_on if can_manage else False})
