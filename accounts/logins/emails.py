"""The e-mails that carry one-time account links (subject, text and HTML templates)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.logins.models import TokenPurpose
from accounts.logins.services import token_issue_link
from accounts.org.models import AgencyProfile
from core.actor import Actor
from core.errors import DomainError


def send_account_link(user, purpose: str, *, actor: Actor) -> bool:
    """Issue a link for the user and e-mail it. False when the account cannot take one now."""
    try:
        token, secret = token_issue_link(user, purpose, actor=actor)
    except DomainError:
        return False
    employee = getattr(user, "employee", None)
    context = {
        "name": employee.full_name if employee else user.get_username(),
        "nip": user.get_username(),
        "url": settings.SITE_URL.rstrip("/") + reverse("account:redeem_link", args=[secret]),
        "expires_at": timezone.localtime(token.expires_at),
        "activation": purpose == TokenPurpose.ACTIVATION,
        "agency": AgencyProfile.current(),
    }
    subject = " ".join(render_to_string("emails/account_link_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string("emails/account_link.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(render_to_string("emails/account_link.html", context), "text/html")
    message.send()
    token.sent_at = timezone.now()
    token.save(update_fields=["sent_at"])
    return True


def send_password_reset(user) -> bool:
    """E-mail Django's forgot-password link (registration/password_reset_*), built on SITE_URL
    rather than the request's Host header, which a client chooses. False when the account cannot
    take one (no e-mail, or no password to reset yet: activation codes are for that)."""
    if not user.email or not user.is_active or not user.has_usable_password():
        return False
    site = urlsplit(settings.SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "Kinerja ASN",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme or "https",
    }
    subject = " ".join(render_to_string("registration/password_reset_subject.txt", context).split())
    body = render_to_string("registration/password_reset_email.html", context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    return True
