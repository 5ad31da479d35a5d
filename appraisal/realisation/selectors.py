"""Reads for the realisation page: one period of an SKP with its saved values, evidence and daily
log, from a constant number of queries however much was recorded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.org.roles import Roles
from appraisal.choices import RealisationStatus, Section, SkpStatus, WindowKind
from appraisal.cycles import calendar
from appraisal.cycles.windows import WindowState, period_window, window_state
from appraisal.plans.models import Iki, Rhk, Skp
from appraisal.realisation import policies
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation


def ordered_rhks(skp: Skp) -> list[Rhk]:
    """A. Utama first, then B. Tambahan, each in the owner's order."""
    return sorted(skp.rhks.all(), key=lambda r: (r.section != Section.UTAMA, r.order, r.pk))


def ordered_ikis(skp: Skp) -> list[Iki]:
    """The SKP's IKI in the order of their RHK (the realisation form's fields)."""
    return [iki for rhk in ordered_rhks(skp) for iki in rhk.ikis.all()]


def is_filled(value: IkiRealisation | None) -> bool:
    """A value or a narrative was given: what submitting needs of every IKI."""
    return value is not None and (value.value is not None or bool(value.narrative.strip()))


@dataclass(frozen=True)
class RealisationPage:
    """Everything the realisation page shows of one period, read once."""

    skp: Skp
    period: calendar.Period
    realisation: Realisation | None
    saved: dict[int, IkiRealisation]  # by IKI id
    logs_by_rhk: dict[int | None, list[DailyLog]]
    evidence_by_rhk: dict[int | None, list[Evidence]]
    may_record: bool  # the owner, who writes the realisation
    refusal: str  # why the owner cannot write now ('' when they can)
    window_state: WindowState | None  # when it was needed to answer
    copy_rhk: str  # the RHK whose narratives take the period's daily log ('' for none)
    start: dt.date  # the period as far as the SKP reaches into it
    end: dt.date

    @property
    def editable(self) -> bool:
        return self.may_record and not self.refusal

    @property
    def rhks(self) -> list[Rhk]:
        return ordered_rhks(self.skp)

    @property
    def ikis(self) -> list[Iki]:
        return ordered_ikis(self.skp)

    @property
    def missing(self) -> list[str]:
        """The indicators without a value or a narrative yet."""
        return [i.indicator for i in self.ikis if not is_filled(self.saved.get(i.pk))]

    @property
    def periods(self) -> list[calendar.Period]:
        """The cycle's periods that the SKP's dates reach into (the page's tabs)."""
        return plan_periods(self.skp)


def plan_periods(skp: Skp) -> list[calendar.Period]:
    """The cycle's periods that the plan's dates reach into."""
    return [p for p in skp.cycle.periods if p.end >= skp.start_date and p.start <= skp.end_date]


def _refusal(skp: Skp, realisation: Realisation | None, period: int):
    """Why the page is read-only for the owner now ('' when they can write), and the period's
    window state when it was needed to answer (else None)."""
    if skp.status != SkpStatus.APPROVED:
        return _("Realisation is recorded against an approved SKP."), None
    if realisation is not None and realisation.status == RealisationStatus.SUBMITTED:
        return _("Submitted on %(date)s. It can no longer be changed.") % {
            "date": formats.date_format(timezone.localtime(realisation.submitted_at), "j F Y")
        }, None
    state = period_window(skp, period)
    return state.refusal, state


def _evidence_by_date() -> Prefetch:
    return Prefetch("evidence", queryset=Evidence.objects.order_by("created_at"))


def _by_rhk(items) -> dict[int | None, list]:
    grouped: dict[int | None, list] = defaultdict(list)
    for item in items:
        grouped[item.rhk_id].append(item)
    return grouped


def realisation_page(
    roles: Roles, skp: Skp, period: calendar.Period, *, copy_rhk: str = ""
) -> RealisationPage:
    """The period of an SKP (loaded with its RHK and IKI) as `roles` sees it; `copy_rhk` (the
    page's ?salin=) counts only while the owner may write."""
    realisation = (
        Realisation.objects.filter(skp=skp, period=period.number)
        .prefetch_related(
            Prefetch("values", queryset=IkiRealisation.objects.all()), _evidence_by_date()
        )
        .first()
    )
    start, end = max(period.start, skp.start_date), min(period.end, skp.end_date)
    logs = (
        DailyLog.objects.filter(skp=skp, day__range=(start, end))
        .prefetch_related(_evidence_by_date())
        .order_by("day", "created_at")
    )
    refusal, window_state = _refusal(skp, realisation, period.number)
    may_record = policies.may_record(roles, skp)
    return RealisationPage(
        skp=skp,
        period=period,
        realisation=realisation,
        saved={v.iki_id: v for v in realisation.values.all()} if realisation else {},
        logs_by_rhk=_by_rhk(logs),
        evidence_by_rhk=_by_rhk(realisation.evidence.all() if realisation else []),
        may_record=may_record,
        refusal=refusal,
        window_state=window_state,
        copy_rhk=copy_rhk if may_record and not refusal else "",
        start=start,
        end=end,
    )


@dataclass(frozen=True)
class PeriodDue:
    """A period of a plan whose realisation is not submitted yet, with its window today."""

    number: int
    label: str
    url: str
    is_open: bool
    opens_on: dt.date | None
    closes_on: dt.date | None


def periods_due(skp: Skp, today: dt.date | None = None) -> list[PeriodDue]:
    """The plan's periods still to submit whose window is open today, or else the first one
    whose window opens later (the home page's tasks, the progress page's next deadline)."""
    today = today or timezone.localdate()
    opd_id = skp.position.unit.opd_id or skp.position.unit_id
    submitted = set(
        Realisation.objects.filter(skp=skp, status=RealisationStatus.SUBMITTED).values_list(
            "period", flat=True
        )
    )
    due, upcoming = [], None
    for period in skp.cycle.periods:
        if period.number in submitted or period.end < skp.start_date:
            continue
        if period.start > skp.end_date:
            break
        state = window_state(
            skp.cycle, WindowKind.PERIOD, period.number, employee_id=skp.employee_id, opd_id=opd_id
        )
        found = PeriodDue(
            period.number,
            period.label,
            reverse("appraisal:realisation", args=[skp.public_id, period.number]),
            state.is_open and period.start <= today,
            state.opens_on,
            state.closes_on,
        )
        if found.is_open:
            due.append(found)
        elif upcoming is None and state.opens_on and state.opens_on > today:
            upcoming = found
    return due or ([upcoming] if upcoming else [])
