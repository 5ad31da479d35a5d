"""Printed activation / reset slips (PDF, A4, several slips per page, cut along the lines).

Issuing a slip creates a fresh one-time code for each person (older open codes of the same
purpose stop working), so printing is itself an action and is recorded like one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.logins.models import TokenPurpose
from accounts.logins.services import token_issue_code
from accounts.org.models import AgencyProfile, Employee
from core.actor import Actor


@dataclass(frozen=True)
class Slip:
    name: str
    nip: str
    unit: str
    code: str
    purpose: str
    expires_at: object


def issue_slips(employees: list[Employee], purpose: str, *, actor: Actor) -> list[Slip]:
    """One new code per employee (accounts must exist and be active), issued by `actor`."""
    slips = []
    for employee in employees:
        token, code = token_issue_code(employee.user, purpose, actor=actor)
        slips.append(
            Slip(
                name=employee.full_name,
                nip=employee.nip,
                unit=employee.position.unit.name if employee.position else "",
                code=code,
                purpose=purpose,
                expires_at=token.expires_at,
            )
        )
    return slips


def render_slips_pdf(slips: list[Slip]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "accounts/account_slips.html",
        {
            "slips": slips,
            "agency": AgencyProfile.current(),
            "url": settings.SITE_URL.rstrip("/") + reverse("account:redeem_code"),
            "printed_at": timezone.localtime(),
            "activation": TokenPurpose.ACTIVATION,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
