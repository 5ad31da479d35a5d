"""The employee's side of a period: daily progress, realisation values, evidence, submission.

Domain §4. Everything here is refused once the period's window has closed (for the person, with
extensions), and only works on an approved SKP.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.org.models import Employee
from appraisal.choices import EvaluationStatus, RealisationStatus, SkpStatus
from appraisal.cycles import calendar
from appraisal.cycles.windows import period_window, require_open
from appraisal.plans.models import RencanaAksi, Rhk, Skp
from appraisal.plans.selectors import current_ppk
from appraisal.realisation import policies
from appraisal.realisation.evidence import check_upload
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation
from core.actor import Actor
from core.errors import DomainError
from core.history import save_with_reason
from notifications.services import notify


def _require_recorder(actor: Actor, skp: Skp) -> None:
    if not policies.may_record(actor.roles, skp):
        raise DomainError(_("Only the employee records the realisation of their own SKP."))


def _require_in_force(skp: Skp) -> None:
    if skp.status != SkpStatus.APPROVED:
        raise DomainError(_("Realisation is recorded against an approved SKP."))


def realisation_for(skp: Skp, period: int, *, actor: Actor) -> Realisation:
    """The realisation of this SKP and period, created (empty) the first time its owner asks."""
    if not actor.is_system:
        _require_recorder(actor, skp)
    _require_in_force(skp)
    if skp.cycle.period(period) is None:
        raise DomainError(_("This period does not exist in the cycle."))
    realisation, _created = Realisation.objects.get_or_create(skp=skp, period=period)
    return realisation


def _lock_open(realisation: Realisation, actor: Actor) -> Realisation:
    locked = (
        Realisation.objects.select_for_update(of=("self",))
        .select_related("skp__cycle", "skp__position__unit", "skp__employee")
        .get(pk=realisation.pk)
    )
    _require_recorder(actor, locked.skp)
    if locked.status == RealisationStatus.SUBMITTED:
        raise DomainError(_("This realisation was submitted and can no longer be changed."))
    # Read through the plan's relation: the evaluation sub-domain sits above this one.
    if locked.skp.evaluations.filter(
        period=locked.period, status=EvaluationStatus.FINALISED
    ).exists():
        raise DomainError(
            _("This period has been evaluated; its realisation can no longer change.")
        )
    require_open(period_window(locked.skp, locked.period))
    return locked


@transaction.atomic
def realisation_save(
    realisation: Realisation,
    values: dict[int, tuple[Decimal | None, str]],
    kendala: str,
    follow_up: str,
    *,
    actor: Actor,
) -> Realisation:
    """The owner writes the period's values per IKI (a number, or a narrative), kendala and
    rencana tindak lanjut, any number of times until they submit or the window closes."""
    locked = _lock_open(realisation, actor)
    iki_ids = set(locked.skp.rhks.values_list("ikis__pk", flat=True).exclude(ikis__pk=None))
    # One read and at most two bulk writes whatever the number of IKI (update_or_create cost
    # five queries per IKI, bench/rush.py); the locked realisation keeps others out meanwhile.
    # A value that did not change is not written again, so its history shows real changes only.
    existing = {row.iki_id: row for row in IkiRealisation.objects.filter(realisation=locked)}
    created, changed = [], []
    for iki_id, (value, narrative) in values.items():
        if iki_id not in iki_ids:
            raise DomainError(_("This indicator is not in the SKP."))
        narrative = (narrative or "").strip()
        row = existing.get(iki_id)
        if row is None:
            created.append(
                IkiRealisation(realisation=locked, iki_id=iki_id, value=value, narrative=narrative)
            )
        elif row.value != value or row.narrative != narrative:
            row.value, row.narrative = value, narrative
            changed.append(row)
    if created:
        bulk_create_with_history(created, IkiRealisation)
    if changed:
        bulk_update_with_history(changed, IkiRealisation, ["value", "narrative"])
    locked.kendala, locked.follow_up = kendala.strip(), follow_up.strip()
    locked.save(update_fields=["kendala", "follow_up", "updated_at"])
    return locked


@transaction.atomic
def evidence_add(
    realisation: Realisation,
    *,
    upload=None,
    link: str = "",
    description: str = "",
    rhk: Rhk | None = None,
    actor: Actor,
) -> Evidence:
    """The owner attaches a file (checked by content, stored privately) or a link to the period,
    for one RHK or the period as a whole, while the realisation is still open."""
    locked = _lock_open(realisation, actor)
    if rhk is not None and rhk.skp_id != locked.skp_id:
        raise DomainError(_("This RHK is not in the SKP."))
    evidence = Evidence(
        skp=locked.skp,
        realisation=locked,
        rhk=rhk,
        description=description.strip(),
        uploaded_by=actor.user,
    )
    if upload is not None:
        checked = check_upload(upload)
        evidence.extension = checked.extension
        evidence.content_type = checked.content_type
        evidence.size = checked.size
        evidence.original_name = checked.original_name
    elif link.strip():
        evidence.link = link.strip()
    else:
        raise DomainError(_("Choose a file or give a link."))
    _save_with_file(evidence, upload)
    return evidence


def _save_with_file(evidence: Evidence, upload) -> None:
    """Write the file, then the row; if the row cannot be saved, the file does not stay behind."""
    if upload is not None:
        evidence.file.save("bukti", upload, save=False)  # the name comes from evidence_path
    try:
        with transaction.atomic():
            evidence.save()
    except Exception:
        if upload is not None:
            evidence.file.storage.delete(evidence.file.name)
        raise


@transaction.atomic
def evidence_delete(evidence: Evidence, *, actor: Actor) -> None:
    """The owner removes evidence while its period is open (a realisation's until it is submitted
    or evaluated, a daily log's until the period's window closes); the file goes after commit."""
    _require_recorder(actor, evidence.skp)
    if evidence.realisation_id:
        _lock_open(evidence.realisation, actor)
    elif evidence.daily_log_id:
        # A daily log's file is part of the record once its period's window has closed.
        log = evidence.daily_log
        require_open(period_window_or_today(log.skp, _period_of_day(log.skp, log.day)))
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:
        # Remove the file only once the row is gone for good.
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def realisation_submit(realisation: Realisation, *, actor: Actor) -> Realisation:
    """The owner submits the period to their PPK, who is notified and can then evaluate it;
    every IKI needs a value or a narrative, and nothing changes afterwards."""
    locked = _lock_open(realisation, actor)
    filled = {v.iki_id for v in locked.values.all() if v.value is not None or v.narrative.strip()}
    missing = [
        iki.indicator
        for rhk in locked.skp.rhks.prefetch_related("ikis")
        for iki in rhk.ikis.all()
        if iki.pk not in filled
    ]
    if missing:
        raise DomainError(
            _("Fill in the realisation of every indicator first: %(list)s.")
            % {"list": "; ".join(m[:60] for m in missing[:5])}
        )
    locked.status = RealisationStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    save_with_reason(locked, _("Submitted"), actor=actor)
    # The PPK today, not the one who approved the plan: after a mutasi only the current PPK
    # can open the evaluation the notification links to.
    ppk = current_ppk(locked.skp)
    if ppk is not None and not ppk.is_external:
        period = locked.skp.cycle.period(locked.period)
        notify(
            [Employee.objects.filter(pk=ppk.employee_id).values_list("user_id", flat=True).first()],
            gettext_noop("%(name)s submitted the realisation of %(period)s."),
            {"name": locked.skp.employee.full_name, "period": period.label if period else ""},
            url=reverse(
                "appraisal:evaluation_start",
                kwargs={"public_id": locked.skp.public_id, "period": locked.period},
            ),
            actor=actor,
        )
    return locked


def _period_of_day(skp: Skp, day: dt.date) -> int:
    found = calendar.period_of(skp.cycle.year, skp.cycle.frequency, day)
    if found is None or not skp.start_date <= day <= skp.end_date:
        raise DomainError(_("The date must lie within the SKP's period."))
    return found.number


@transaction.atomic
def daily_log_add(
    skp: Skp,
    *,
    day: dt.date,
    activity: str,
    output: str = "",
    rhk: Rhk | None = None,
    rencana_aksi: RencanaAksi | None = None,
    upload=None,
    actor: Actor,
) -> DailyLog:
    """The owner records what they did on a day (not in the future), against an RHK or a
    rencana aksi, with an optional file; open from the period's start until its window closes."""
    _require_recorder(actor, skp)
    _require_in_force(skp)
    if day > timezone.localdate():
        raise DomainError(_("A day's work cannot be logged in advance."))
    period = _period_of_day(skp, day)
    require_open(period_window_or_today(skp, period))
    if rencana_aksi is not None:
        rhk = rencana_aksi.rhk
    if rhk is not None and rhk.skp_id != skp.pk:
        raise DomainError(_("This RHK is not in the SKP."))
    if not activity.strip():
        raise DomainError(_("Describe the activity."))
    log = DailyLog.objects.create(
        skp=skp,
        day=day,
        activity=activity.strip(),
        output=output.strip(),
        rhk=rhk,
        rencana_aksi=rencana_aksi,
    )
    if upload is not None:
        checked = check_upload(upload)
        evidence = Evidence(
            skp=skp,
            daily_log=log,
            rhk=rhk,
            extension=checked.extension,
            content_type=checked.content_type,
            size=checked.size,
            original_name=checked.original_name,
            uploaded_by=actor.user,
        )
        _save_with_file(evidence, upload)
    return log


def period_window_or_today(skp: Skp, period: int):
    """Daily logging runs all through a period: open from the period's start (not from the
    realisation window's opening) until that window closes for the person."""
    state = period_window(skp, period)
    if state.window is None or not state.cycle_open or state.closure is not None:
        return state
    start = skp.cycle.period(period).start
    if start <= state.today <= state.closes_on:
        return type(state)(state.window, start, state.closes_on, state.today, True)
    return state


@transaction.atomic
def daily_log_delete(log: DailyLog, *, actor: Actor) -> None:
    """The owner removes an entry, with its files, until its period's window closes."""
    _require_recorder(actor, log.skp)
    period = _period_of_day(log.skp, log.day)
    require_open(period_window_or_today(log.skp, period))
    stored = [e.file.name for e in log.evidence.all() if e.file]
    log.delete()
    storage = Evidence._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in stored])


def realisations_carry_over(carry) -> None:
    """An approved revision takes over the year's daily logs, evidence and realisations
    (appraisal.extensions.revision_approved; `carry` is a plans.services.flow.CarryOver)."""
    previous, revision = carry.previous, carry.revision
    for model in (DailyLog, Evidence):
        for old, new in carry.rhk_map.items():
            model.objects.filter(skp=previous, rhk_id=old).update(rhk_id=new)
        model.objects.filter(skp=previous).update(skp=revision)
    for old, new in carry.iki_map.items():
        IkiRealisation.objects.filter(realisation__skp=previous, iki_id=old).update(iki_id=new)
    Realisation.objects.filter(skp=previous).update(skp=revision)
