"""Retention: personal data is kept no longer than the RETENTION_* settings say (UU 27/2022).

The daily job (reports.privacy.tasks.purge_personal_data, and `manage.py purge_personal_data`)
removes what has passed its period:

- evidence (bukti dukung) uploaded more than RETENTION_EVIDENCE_DAYS ago, once its cycle is
  closed: the record (its history says why) and then its file;
- the contact details citizens left with public feedback, after RETENTION_PUBLIC_CONTACT_DAYS;
- client addresses, after RETENTION_CLIENT_HASH_DAYS: the keyed hashes kept with public feedback
  to recognise a repeat, django-axes' records of logins and failed logins (raw addresses) and
  the signed-in sessions ("Sesi aktif") not seen since;
- audit entries, after RETENTION_AUDIT_DAYS: every model's history rows and the access log.

A period of 0 keeps that data for good. Each step removes or blanks, set-based, what is older
than its cut-off, so a second run finds nothing left to do: the job is idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.logins.models import LoginSession
from accounts.privacy.models import PersonalDataAccess
from appraisal.choices import CycleStatus
from appraisal.realisation.models import Evidence
from core.actor import Actor
from core.history import delete_with_reason
from feedback.public.models import PublicFeedback
from reports.audit.selectors import sources

logger = logging.getLogger(__name__)

EVIDENCE_BATCH = 200  # evidence records deleted per transaction (each writes a history row)
# What each step removes, and the setting that says after how many days.
STEPS = {
    "evidence": "RETENTION_EVIDENCE_DAYS",
    "public_contacts": "RETENTION_PUBLIC_CONTACT_DAYS",
    "client_hashes": "RETENTION_CLIENT_HASH_DAYS",
    "login_records": "RETENTION_CLIENT_HASH_DAYS",
    "audit_entries": "RETENTION_AUDIT_DAYS",
    "access_log": "RETENTION_AUDIT_DAYS",
}


def retention_days(setting: str) -> int:
    """The period a RETENTION_* setting gives, in days (0: kept for good)."""
    return max(int(getattr(settings, setting, 0) or 0), 0)


def cutoff(setting: str, now: dt.datetime) -> dt.datetime | None:
    """Data older than this has passed its period; None when it is kept for good."""
    days = retention_days(setting)
    return now - dt.timedelta(days=days) if days else None


@dataclass
class PurgeReport:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def removed(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """One line per step (`name=count (SETTING=days)`), what a person and a script read."""
        return [
            f"{name}={count} ({STEPS[name]}={retention_days(STEPS[name])})"
            for name, count in self.counts.items()
        ]


def _evidence(cut: dt.datetime, dry_run: bool, actor: Actor) -> int:
    doomed = Evidence.objects.filter(created_at__lt=cut, skp__cycle__status=CycleStatus.CLOSED)
    if dry_run:
        return doomed.count()
    reason = _("Retention period ended (RETENTION_EVIDENCE_DAYS)")
    storage = Evidence._meta.get_field("file").storage
    removed = 0
    while batch := list(doomed.order_by("pk")[:EVIDENCE_BATCH]):
        with transaction.atomic():
            for evidence in batch:
                name = evidence.file.name
                delete_with_reason(evidence, reason, actor=actor)
                if name:
                    # The file goes once the record is gone for good (after the commit).
                    transaction.on_commit(lambda name=name: _delete_file(storage, name))
        removed += len(batch)
    return removed


def _delete_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # left for a person to look at; the record is already gone
        logger.warning("retention: could not delete the evidence file %s", name, exc_info=True)


def _blank(queryset, dry_run: bool, **blanks) -> int:
    return queryset.count() if dry_run else queryset.update(**blanks)


def _delete(queryset, dry_run: bool) -> int:
    return queryset.count() if dry_run else queryset.delete()[0]


def _login_records(cut: dt.datetime, now: dt.datetime, dry_run: bool) -> int:
    removed = _delete(AccessLog.objects.filter(attempt_time__lt=cut), dry_run)
    removed += _delete(AccessFailureLog.objects.filter(attempt_time__lt=cut), dry_run)
    # "Sesi aktif" rows not seen since the cut: their sessions ended long ago (raw addresses).
    removed += _delete(LoginSession.objects.filter(last_seen_at__lt=cut), dry_run)
    # …and rows whose session has expired or was cleared: nothing is signed in there any more.
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    removed += _delete(LoginSession.objects.exclude(session_key__in=live), dry_run)
    cooloff = _cooloff()
    if cooloff is not None:
        # Failures older than the cool-off no longer count towards a lockout, so removing them
        # never lifts one; without a cool-off (locked for good) the attempts stay.
        cooled = now - cooloff
        removed += _delete(AccessAttempt.objects.filter(attempt_time__lt=min(cut, cooled)), dry_run)
    return removed


def _cooloff() -> dt.timedelta | None:
    """django-axes' cool-off as a duration (hours, or a timedelta); None when there is none or
    it is computed per request (a callable): then no attempt is removed."""
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if isinstance(cooloff, dt.timedelta):
        return cooloff
    if isinstance(cooloff, int | float) and cooloff > 0:
        return dt.timedelta(hours=cooloff)
    return None


def _audit_entries(cut: dt.datetime, dry_run: bool) -> int:
    return sum(
        _delete(source.history.objects.filter(history_date__lt=cut), dry_run)
        for source in sources().values()
    )


def personal_data_purge(
    *, actor: Actor, now: dt.datetime | None = None, dry_run: bool = False
) -> PurgeReport:
    """Remove (or with `dry_run` only count) the personal data past its retention period.

    Run by the system only (the daily task, the management command): a person asking is refused
    like a forged request."""
    if not actor.is_system:
        raise PermissionDenied
    now = now or timezone.now()
    cuts = {name: cutoff(setting, now) for name, setting in STEPS.items()}
    report = PurgeReport(dry_run=dry_run)
    for name, cut in cuts.items():
        report.counts[name] = 0 if cut is None else _step(name, cut, now, dry_run, actor)
    return report


def _step(name: str, cut: dt.datetime, now: dt.datetime, dry_run: bool, actor: Actor) -> int:
    if name == "evidence":
        return _evidence(cut, dry_run, actor)
    old_feedback = PublicFeedback.objects.filter(submitted_at__lt=cut)
    if name == "public_contacts":
        return _blank(old_feedback.exclude(contact=""), dry_run, contact="")
    if name == "client_hashes":
        hashed = old_feedback.filter(~Q(client_hash="") | ~Q(content_hash=""))
        return _blank(hashed, dry_run, client_hash="", content_hash="")
    if name == "login_records":
        return _login_records(cut, now, dry_run)
    if name == "audit_entries":
        return _audit_entries(cut, dry_run)
    return _delete(PersonalDataAccess.objects.filter(at__lt=cut), dry_run)
