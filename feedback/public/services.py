"""Public feedback writes: channels, citizens' submissions (with the abuse checks) and moderation.

A submission goes through, in order: the honeypot, the minimum fill time, and duplicate detection
(the same text from the same client on the same channel within DUPLICATE_WINDOW). Whatever is
dropped is answered with the same thank-you page as a saved one (a robot learns nothing) and
counted in PublicDrop; the rate limit is applied by the view (django-ratelimit) and counted here
too. Nothing a citizen wrote is ever changed: moderation only sets or clears the hidden_* fields.

A citizen has no account: their submission acts as Actor.system("public feedback form"). Channels
are managed and comments moderated by an administrator (policies.may_moderate); the demo creates
channels as the system.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.org.models import Employee, OrgUnit
from core.actor import Actor
from core.errors import DomainError
from feedback.choices import DropReason
from feedback.public.models import (
    PublicChannel,
    PublicDrop,
    PublicFeedback,
    PublicFormStamp,
)
from feedback.public.policies import may_moderate, moderates

if TYPE_CHECKING:
    from feedback.public.forms import FormStamp

# No 0/o, 1/l/i: a code is read off a poster and typed on a phone.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 7  # 31**7 ≈ 2.7e10 codes: not enumerable at the rate limit
DUPLICATE_WINDOW = dt.timedelta(hours=24)


def min_fill_seconds() -> float:
    """Read at call time so tests (and deployments) can change it."""
    return float(getattr(settings, "PUBLIC_FEEDBACK_MIN_SECONDS", 3))


def stamp_lifetime() -> dt.timedelta:
    """How long a served form may be sent (read at call time, like min_fill_seconds)."""
    return dt.timedelta(hours=float(getattr(settings, "PUBLIC_FEEDBACK_FORM_HOURS", 8)))


class StampExpired(DomainError):
    """The form was served longer ago than PUBLIC_FEEDBACK_FORM_HOURS: the citizen is asked to
    send it again (a fresh form, what they typed kept), never silently dropped."""


def stamp_use(channel: PublicChannel, stamp: FormStamp, now: dt.datetime) -> bool:
    """Mark the stamp used; False when it was used before. Called inside the submission's
    transaction with the channel locked; the unique nonce settles a race between channels too.
    Stamps past their lifetime are purged here, so the table holds only the live ones."""
    PublicFormStamp.objects.filter(expires_at__lt=now).delete()
    served = dt.datetime.fromtimestamp(stamp.served_at, tz=dt.UTC)
    try:
        with transaction.atomic():
            PublicFormStamp.objects.create(
                nonce=stamp.nonce, channel=channel, expires_at=served + stamp_lifetime()
            )
    except IntegrityError:
        return False
    return True


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _keyed(purpose: str, text: str) -> str:
    key = f"public-feedback:{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def client_hash(ip: str) -> str:
    """A keyed hash of the client address: the same client is recognised, the address is never
    stored (nor recoverable without SECRET_KEY)."""
    return _keyed("client", ip or "-")


def content_hash(scores: dict[str, int], comment: str, contact: str) -> str:
    # Whitespace and case do not make a repeat new.
    text = " ".join(comment.lower().split())
    parts = [str(scores[k]) for k in ("keramahan", "kecepatan", "kejelasan")]
    return _keyed("content", "|".join([*parts, text, contact.strip().lower()]))


def _require_manager(actor: Actor) -> None:
    # A person must be an administrator (as on the pages); the system (the demo) may too.
    if not actor.is_system and not may_moderate(actor.roles):
        raise PermissionDenied


def _create_channel(unit: OrgUnit, employee: Employee | None = None) -> PublicChannel:
    """A new channel with a fresh code; a code collision (rare) is retried with another."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PublicChannel.objects.create(unit=unit, employee=employee, code=new_code())
        except IntegrityError:
            existing = PublicChannel.objects.filter(unit=unit, employee=employee).first()
            if existing is not None:  # a concurrent request created it first
                return existing
    raise DomainError(_("Could not create a public link. Try again."))


def channel_for_unit(unit: OrgUnit, *, actor: Actor) -> PublicChannel:
    """The unit's own channel, created on first use."""
    _require_manager(actor)
    existing = PublicChannel.objects.filter(unit=unit, employee__isnull=True).first()
    return existing or _create_channel(unit)


def channels_create_for_units(units, *, actor: Actor) -> int:
    """Create the missing unit channels among `units` (the admin's "links for all units").
    Returns how many were created. Two queries plus one insert per missing unit."""
    _require_manager(actor)
    have = set(
        PublicChannel.objects.filter(employee__isnull=True, unit__in=units).values_list(
            "unit_id", flat=True
        )
    )
    created = 0
    for unit in units:
        if unit.pk not in have:
            _create_channel(unit)
            created += 1
    return created


def channel_for_employee(employee: Employee, *, actor: Actor) -> PublicChannel:
    """Give a front-line ASN their own channel in the unit of their current post (or switch an
    existing, deactivated one back on). The policy decides who may do this."""
    _require_manager(actor)
    if employee.position_id is None:
        raise DomainError(_("%(name)s holds no post, so has no unit to collect feedback for.")
                          % {"name": employee.full_name})  # fmt: skip
    existing = PublicChannel.objects.filter(employee=employee).first()
    if existing is not None:
        PublicChannel.objects.filter(pk=existing.pk, active=False).update(active=True)
        existing.refresh_from_db()
        return existing
    return _create_channel(employee.position.unit, employee)


def channel_set_active(channel: PublicChannel, active: bool, *, actor: Actor) -> PublicChannel:
    """Switch a channel on or off. An inactive channel's page says so and takes nothing; what it
    received stays."""
    _require_manager(actor)
    PublicChannel.objects.filter(pk=channel.pk).update(active=active)
    channel.active = active
    return channel


def drop_count(
    channel: PublicChannel, reason: str, day: dt.date | None = None, *, actor: Actor
) -> None:
    """Count one refused or dropped submission (of the public form, so `actor` is the system).
    Race-safe: a conditional increment, and when the day's row does not exist yet an insert
    that, if another request won, becomes the increment."""
    day = day or timezone.localdate()
    rows = PublicDrop.objects.filter(channel=channel, day=day, reason=reason)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PublicDrop.objects.create(channel=channel, day=day, reason=reason, count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)


@dataclass(frozen=True)
class Outcome:
    feedback: PublicFeedback | None = None
    dropped: str = ""  # a DropReason value when dropped


def feedback_submit(
    channel: PublicChannel,
    *,
    actor: Actor,
    scores: dict[str, int],
    comment: str,
    contact: str,
    client: str,
    stamp: FormStamp | None,
    honeypot: str = "",
) -> Outcome:
    """Store a citizen's feedback, or drop it (and count why) when it looks automated or repeated.

    `client` is client_hash() of the address; `stamp` the form's signed stamp (None: missing or
    forged, treated as too fast). Each stamp is accepted once: sent again it is dropped; sent
    after PUBLIC_FEEDBACK_FORM_HOURS it raises StampExpired. `actor` is
    Actor.system("public feedback form"): a citizen has no account."""
    if not channel.active:
        raise DomainError(_("This feedback link is no longer active."))
    if honeypot:
        drop_count(channel, DropReason.HONEYPOT, actor=actor)
        return Outcome(dropped=DropReason.HONEYPOT)
    if stamp is None or stamp.elapsed < min_fill_seconds():
        drop_count(channel, DropReason.TOO_FAST, actor=actor)
        return Outcome(dropped=DropReason.TOO_FAST)
    if stamp.elapsed > stamp_lifetime().total_seconds():
        raise StampExpired(
            _("This form was opened too long ago. Check your answers below and send them again.")
        )
    digest = content_hash(scores, comment, contact)
    now = timezone.now()
    with transaction.atomic():
        # Serialise submissions per channel so two identical posts cannot both pass the check.
        PublicChannel.objects.select_for_update().filter(pk=channel.pk).first()
        if not stamp_use(channel, stamp, now):
            drop_count(channel, DropReason.REUSED_FORM, actor=actor)
            return Outcome(dropped=DropReason.REUSED_FORM)
        repeated = PublicFeedback.objects.filter(
            channel=channel,
            client_hash=client,
            content_hash=digest,
            submitted_at__gte=now - DUPLICATE_WINDOW,
        ).exists()
        if not repeated:
            feedback = PublicFeedback.objects.create(
                channel=channel,
                submitted_at=now,
                comment=comment.strip(),
                contact=contact.strip(),
                client_hash=client,
                content_hash=digest,
                **scores,
            )
            return Outcome(feedback=feedback)
    drop_count(channel, DropReason.DUPLICATE, actor=actor)
    return Outcome(dropped=DropReason.DUPLICATE)


def feedback_hide(feedback: PublicFeedback, reason: str, *, actor: Actor) -> PublicFeedback:
    """Hide a comment from the lists (its ratings still count). A conditional update: hiding
    what another moderator just hid is refused with a message, not silently repeated."""
    if not moderates(actor.roles, feedback):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for hiding this comment."))
    updated = PublicFeedback.objects.filter(pk=feedback.pk, hidden_at__isnull=True).update(
        hidden_at=timezone.now(), hidden_by=actor.user, hidden_reason=reason[:255]
    )
    if not updated:
        raise DomainError(_("This comment is already hidden."))
    feedback.refresh_from_db()
    return feedback


def feedback_unhide(feedback: PublicFeedback, reason: str, *, actor: Actor) -> PublicFeedback:
    """Show a hidden comment again. The reason (and who) replace the hiding reason: a visible
    row with a reason was shown again, an invisible one is hidden."""
    if not moderates(actor.roles, feedback):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for showing this comment again."))
    updated = PublicFeedback.objects.filter(pk=feedback.pk, hidden_at__isnull=False).update(
        hidden_at=None, hidden_by=actor.user, hidden_reason=reason[:255]
    )
    if not updated:
        raise DomainError(_("This comment is not hidden."))
    feedback.refresh_from_db()
    return feedback
