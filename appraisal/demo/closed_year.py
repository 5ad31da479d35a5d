"""Last year's demo cycle, complete and closed (seed_cycles calls seed_closed_year at its end).

Every active employee of the two demo OPDs (Dinas Kesehatan, Dinas Kependudukan dan Pencatatan
Sipil) ends last year with an approved SKP, a submitted realisation for every period and finalised
evaluations (each period and the year) whose predicates spread the way a real OPD's do; every unit
of both OPDs has its organisational predicate for the year; one bidang is finalised with a breach
of its distribution pattern and the written justification; then the admin BKD closes the cycle.
Calibration, the reports and the closing pages so show real content out of the box.

How it is written, honestly:
- the SKPs that demo.py writes through the services (the demo logins' plans) are kept; for
  everyone else the plan, its one RHK and its IKIs, every realisation, every evaluation and the
  organisational predicates are bulk-inserted directly (with their history rows), not through the
  services: the windows of last year are long closed and a service call per person would take
  far too long. The values are what the services would have stored: an approved plan with the
  PPK and Atasan PPK as of 31 December (accounts.org.reporting.OrgSnapshot), predicates always by the
  matrix (rules.employee_predicate), a unit head's rating hasil from their unit's organisational
  predicate;
- the finalisation goes through services.calibration.unit_finalise and the closing through
  services.closing.cycle_close (confirm_gaps=True), as the admin BKD;
- dates are set back to when they would have happened (plans in January, realisations after each
  quarter, the annual evaluation and the closing early this year, never after now); history rows
  carry the seeding time.

Idempotent: a closed cycle is left alone, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.choices import JPT_KINDS, PPK_ELIGIBLE_KINDS, AdminRoleKind, EmployeeStatus
from accounts.org.models import AdminRole, Employee, OrgUnit
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_of_user
from appraisal import rules
from appraisal.calibration.services import unit_finalise
from appraisal.choices import (
    ANNUAL,
    CycleStatus,
    EvaluationStatus,
    LinkKind,
    RealisationStatus,
    Section,
    SkpStatus,
)
from appraisal.closing.services import cycle_close
from appraisal.cycles.models import Cycle, PeriodClosure, UnitFinalisation, UnitPredicate
from appraisal.demo.content import OPD_NAMES
from appraisal.demo.evaluation import _value
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Iki, Rhk, Skp
from appraisal.realisation.models import IkiRealisation, Realisation
from core.actor import Actor
from core.history import history_options

R = rules.Rating
OP = rules.OrgPredicate
# Staff ratings, one per person in turn: mostly Baik, a fifth Sangat Baik, a few below.
SPREAD = (
    (R.SESUAI_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.DI_ATAS_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI),
    (R.DI_ATAS_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.SESUAI_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.SESUAI_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI),
    (R.DI_ATAS_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI),
    (R.DI_BAWAH_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.SESUAI_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.SESUAI_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI),
    (R.SESUAI_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.DI_ATAS_EKSPEKTASI, R.SESUAI_EKSPEKTASI),
    (R.SESUAI_EKSPEKTASI, R.DI_BAWAH_EKSPEKTASI),  # one Kurang/Misconduct
)
FACTOR = {R.DI_ATAS_EKSPEKTASI: Decimal("1.12"), R.SESUAI_EKSPEKTASI: Decimal("1.0")}
FACTOR[R.DI_BAWAH_EKSPEKTASI] = Decimal("0.78")
ORG_PREDICATES = {"DINKES": OP.BAIK, "DISDUKCAPIL": OP.ISTIMEWA}
JUSTIFICATION = (
    "Seluruh pegawai bidang ini mencapai atau melampaui target {year}: layanan dokumen "
    "kependudukan tuntas tepat waktu dan tidak ada temuan kinerja. Tidak ada pegawai yang layak "
    "diberi predikat Butuh Perbaikan atau Kurang; pola distribusi tidak dipaksakan (data demo)."
)
ORG_REASON = "Ditetapkan oleh pimpinan satu tingkat di atas; dicatat admin BKD (data demo)."
SKP_REASON = "SKP {year} dicatat susulan (data demo)"
KENDALA = "Tidak ada kendala berarti pada periode ini."
FOLLOW_UP = "Melanjutkan kegiatan sesuai rencana aksi periode berikutnya."


def seed_closed_year(today: dt.date | None = None) -> dict:
    """Complete and close last year's cycle. Returns the counts written (all 0 when the cycle is
    already closed or missing)."""
    today = today or timezone.localdate()
    result = dict.fromkeys(
        ("skps", "realisations", "evaluations", "predicates", "finalisations", "closed"), 0
    )
    cycle = Cycle.objects.filter(year=today.year - 1, practice=False).first()
    if cycle is None or cycle.status != CycleStatus.OPEN:
        return result
    with transaction.atomic():
        _Year(cycle, today, result).run()
    return result


class _Year:
    def __init__(self, cycle: Cycle, today: dt.date, result: dict):
        self.cycle, self.today, self.result = cycle, today, result
        self.year_end = dt.date(cycle.year, 12, 31)
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.admin = _bkd_admin_user()
        # The admin BKD finalises and closes in the story; without one the demo acts alone.
        self.actor = actor_of_user(self.admin) if self.admin else Actor.system("demo")

    def at(self, day: dt.date, hour: int = 9) -> dt.datetime:
        """A time on that day, never after now."""
        return min(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=self.tz), self.now)

    def run(self) -> None:
        opds = {u.code: u for u in OrgUnit.objects.filter(code__in=list(OPD_NAMES))}
        units = list(
            OrgUnit.objects.filter(
                Q(pk__in=[u.pk for u in opds.values()]) | Q(opd__in=opds.values())
            )
            .select_related("parent")
            .order_by("code")
        )
        self.employees = list(
            Employee.objects.filter(status=EmployeeStatus.ACTIVE, position__isnull=False)
            .filter(Q(position__unit__in=units))
            .select_related("position__unit", "position__parent", "user")
            .order_by("pk")
        )
        self.snapshot = OrgSnapshot(self.year_end)
        self.snapshot.load_opds([u.pk for u in opds.values()])
        self.lines = {e.pk: self.snapshot.reporting_line(e.pk) for e in self.employees}
        self._skps()
        skps = list(
            Skp.objects.filter(
                cycle=self.cycle, status=SkpStatus.APPROVED, employee__in=self.employees
            )
            .select_related("position__unit", "position__parent", "employee")
            .prefetch_related("rhks__ikis")
        )
        org = self._org_predicates(units)
        chosen = self._chosen_unit(units, skps)
        ratings = self._ratings(skps, org, chosen)
        self._realisations(skps, ratings)
        self._evaluations(skps, ratings, org)
        self._finalise(chosen)
        closed = cycle_close(self.cycle, actor=self.actor, confirm_gaps=True)
        self._date_closures(closed)
        self.result["closed"] = 1

    # ------------------------------------------------------------------------------ plans
    def _snapshot_fields(self, employee_id: int) -> dict:
        line = self.lines[employee_id]
        wanted = {p.employee_id for p in (line.ppk, line.atasan_ppk) if p and p.employee_id}
        missing = wanted - self.people.keys()
        if missing:
            self.people.update({e.pk: e for e in Employee.objects.filter(pk__in=missing)})
        fields = {}
        for prefix, person in (("ppk", line.ppk), ("atasan", line.atasan_ppk)):
            employee = self.people.get(person.employee_id) if person else None
            fields[f"{prefix}_employee"] = employee
            fields[f"{prefix}_name"] = person.name if person else ""
            fields[f"{prefix}_nip"] = person.nip if person else ""
            fields[f"{prefix}_rank"] = employee.pangkat_golongan if employee else ""
            fields[f"{prefix}_title"] = person.title_with_acting if person else ""
            fields[f"{prefix}_unit"] = person.unit_name if person else ""
        return fields

    def _decider(self, employee_id: int):
        ppk = self.lines[employee_id].ppk
        if ppk is None or ppk.is_external or ppk.employee_id not in self.people:
            return self.admin
        return self.people[ppk.employee_id].user

    def _skps(self) -> None:
        self.people = {e.pk: e for e in self.employees}
        done = set(
            Skp.objects.filter(cycle=self.cycle, employee__in=self.employees).values_list(
                "employee_id", flat=True
            )
        )
        todo = [e for e in self.employees if e.pk not in done]
        if not todo:
            return
        plans = []
        for n, employee in enumerate(todo):
            submitted = self.at(dt.date(self.cycle.year, 1, 8 + n % 18))
            plans.append(
                Skp(
                    cycle=self.cycle,
                    employee=employee,
                    position=employee.position,
                    start_date=dt.date(self.cycle.year, 1, 1),
                    end_date=self.year_end,
                    is_jpt=employee.position.kind in JPT_KINDS,
                    status=SkpStatus.APPROVED,
                    submitted_at=submitted,
                    decided_at=submitted + dt.timedelta(days=2, hours=4),
                    decided_by=self._decider(employee.pk),
                    **self._snapshot_fields(employee.pk),
                )
            )
        plans = bulk_create_with_history(
            plans,
            Skp,
            **history_options(SKP_REASON.format(year=self.cycle.year), actor=Actor.system("demo")),
        )
        by_employee = {s.employee_id: s for s in Skp.objects.filter(pk__in=[p.pk for p in plans])}
        rhks = [
            Rhk(
                skp=by_employee[e.pk],
                section=Section.UTAMA,
                text=f"Terlaksananya tugas {e.position.name} sesuai rencana {self.cycle.year}",
                link_kind=LinkKind.DIRECT,
                perspektif="proses_bisnis" if e.position.kind in JPT_KINDS else "",
            )
            for e in todo
        ]
        bulk_create_with_history(rhks, Rhk)
        rhks = list(Rhk.objects.filter(skp__in=plans))
        ikis = []
        for rhk in rhks:
            ikis += [
                Iki(
                    rhk=rhk,
                    order=0,
                    aspek="kuantitas",
                    indicator="Jumlah keluaran kerja yang diselesaikan",
                    target_value=Decimal(48),
                    target_unit="dokumen",
                ),
                Iki(
                    rhk=rhk,
                    order=1,
                    aspek="kualitas",
                    indicator="Persentase keluaran tanpa revisi",
                    target_value=Decimal(95),
                    target_unit="%",
                ),
                Iki(
                    rhk=rhk,
                    order=2,
                    aspek="waktu",
                    indicator="Laporan bulanan tepat waktu",
                    target_value=Decimal(12),
                    target_unit="bulan",
                ),
            ]
        bulk_create_with_history(ikis, Iki)
        self._link(rhks)
        self.result["skps"] = len(plans)

    def _link(self, rhks: list[Rhk]) -> None:
        """Each new RHK contributes to the first Utama RHK of the PPK's plan, when there is one."""
        first = {}
        for employee_id, rhk_id in (
            Rhk.objects.filter(skp__cycle=self.cycle, section=Section.UTAMA)
            .order_by("-order", "-pk")
            .values_list("skp__employee_id", "pk")
        ):
            first[employee_id] = rhk_id
        owners = dict(
            Skp.objects.filter(pk__in={r.skp_id for r in rhks}).values_list("pk", "employee_id")
        )
        linked = []
        for rhk in rhks:
            ppk = self.lines[owners[rhk.skp_id]].ppk
            target = first.get(ppk.employee_id) if ppk and ppk.employee_id else None
            if target:
                rhk.intervened_id = target
                linked.append(rhk)
        Rhk.objects.bulk_update(linked, ["intervened"])

    # -------------------------------------------------------------------------- calibration
    def _org_predicates(self, units: list[OrgUnit]) -> dict[int, OP]:
        """Every unit's organisational predicate for the year: the OPDs as set above, one bidang
        of Dinas Kesehatan rated Istimewa, one seksi Butuh Perbaikan, the rest Baik."""
        existing = {
            u: OP[p]
            for u, p in UnitPredicate.objects.filter(
                cycle=self.cycle, period=ANNUAL, unit__in=units
            ).values_list("unit_id", "predicate")
        }
        wanted = {}
        special = {1: OP.ISTIMEWA, 2: OP.BUTUH_PERBAIKAN}  # the first bidang, the first seksi
        for unit in units:
            depth = unit.code.count(".")
            if unit.code in ORG_PREDICATES:
                wanted[unit.pk] = ORG_PREDICATES[unit.code]
            elif unit.code.startswith("DINKES.") and depth in special:
                wanted[unit.pk] = special.pop(depth)
            else:
                wanted[unit.pk] = OP.BAIK
        rows = [
            UnitPredicate(
                cycle=self.cycle,
                unit_id=pk,
                period=ANNUAL,
                predicate=predicate.name,
                reason=ORG_REASON,
                set_by=self.admin,
            )
            for pk, predicate in wanted.items()
            if pk not in existing
        ]
        bulk_create_with_history(
            rows, UnitPredicate, **history_options(ORG_REASON, actor=self.actor)
        )
        UnitPredicate.objects.filter(cycle=self.cycle, period=ANNUAL).update(
            set_at=self.at(dt.date(self.cycle.year + 1, 1, 12))
        )
        self.result["predicates"] = len(rows)
        return {**wanted, **existing}

    def _chosen_unit(self, units: list[OrgUnit], skps: list[Skp]) -> OrgUnit | None:
        """The bidang of Dinas Kependudukan dan Pencatatan Sipil with the most people, rated Baik:
        finalised with a breach (nobody below Baik, which the pattern of Baik requires)."""
        tree = {u.pk: u.parent_id for u in units}
        sizes = {}
        for skp in skps:
            current = skp.position.unit_id
            while current is not None:
                sizes[current] = sizes.get(current, 0) + 1
                current = tree.get(current)
        candidates = [
            u
            for u in units
            if u.code.startswith("DISDUKCAPIL.") and u.code.count(".") == 1 and sizes.get(u.pk)
        ]
        chosen = max(candidates, key=lambda u: (sizes[u.pk], -u.pk), default=None)
        if chosen is not None:
            self.chosen_subtree = {
                pk for pk in tree if chosen.pk in _ancestors(pk, tree) and pk in sizes
            }
        else:
            self.chosen_subtree = set()
        return chosen

    def _head_of(self, skp: Skp) -> int | None:
        position = skp.position
        if position.kind not in PPK_ELIGIBLE_KINDS:
            return None
        if position.parent_id is None or position.parent.unit_id != position.unit_id:
            return position.unit_id
        return None

    def _ratings(self, skps, org: dict[int, OP], chosen) -> dict[int, tuple[R, R, str]]:
        """skp id → (rating hasil, rating perilaku, org predicate name for a unit head)."""
        head_mapping = {
            OP[key]: R[value] for key, value in settings.UNIT_HEAD_RATING.items()
        } or None
        result = {}
        for n, skp in enumerate(sorted(skps, key=lambda s: s.employee_id)):
            hasil, perilaku = SPREAD[n % len(SPREAD)]
            head_of = self._head_of(skp)
            org_name = ""
            if head_of is not None and head_of in org:
                org_name = org[head_of].name
                hasil = rules.unit_head_rating(org[head_of], head_mapping)
                perilaku = R.SESUAI_EKSPEKTASI if n % 3 else R.DI_ATAS_EKSPEKTASI
            if skp.position.unit_id in self.chosen_subtree:
                # The finalised bidang: nobody below Baik (the breach its justification explains).
                hasil = max(hasil, R.SESUAI_EKSPEKTASI, key=lambda r: r.value)
                perilaku = max(perilaku, R.SESUAI_EKSPEKTASI, key=lambda r: r.value)
            result[skp.pk] = (hasil, perilaku, org_name)
        return result

    # ------------------------------------------------------------------- realisations, scores
    def _realisations(self, skps, ratings) -> None:
        done = set(Realisation.objects.filter(skp__in=skps).values_list("skp_id", "period"))
        periods = self.cycle.periods
        rows, values = [], []
        for skp in skps:
            rng = random.Random(skp.pk)
            factor = FACTOR[ratings[skp.pk][0]]
            ikis = [iki for rhk in skp.rhks.all() for iki in rhk.ikis.all()]
            for period in periods:
                if (skp.pk, period.number) in done:
                    continue
                realisation = Realisation(
                    skp=skp,
                    period=period.number,
                    status=RealisationStatus.SUBMITTED,
                    kendala=KENDALA,
                    follow_up=FOLLOW_UP,
                    submitted_at=self.at(period.end + dt.timedelta(days=5), 10),
                )
                rows.append(realisation)
                for iki in ikis:
                    value, narrative = _value(iki, factor, len(periods), period.number, rng)
                    values.append((realisation, iki, value, narrative))
        bulk_create_with_history(rows, Realisation)
        ids = {
            (r.skp_id, r.period): r.pk
            for r in Realisation.objects.filter(skp__in=skps).only("pk", "skp_id", "period")
        }
        bulk_create_with_history(
            [
                IkiRealisation(
                    realisation_id=ids[(r.skp_id, r.period)],
                    iki=iki,
                    value=value,
                    narrative=narrative,
                )
                for r, iki, value, narrative in values
            ],
            IkiRealisation,
        )
        self.result["realisations"] = len(rows)

    def _evaluations(self, skps, ratings, org) -> None:
        done = set(Evaluation.objects.filter(skp__in=skps).values_list("skp_id", "period"))
        days = [(p.number, p.end + dt.timedelta(days=12)) for p in self.cycle.periods]
        days.append((ANNUAL, dt.date(self.cycle.year + 1, 1, 20)))
        rows = []
        for skp in skps:
            hasil, perilaku, org_name = ratings[skp.pk]
            predicate = rules.employee_predicate(hasil, perilaku)
            snapshot = self._snapshot_fields(skp.employee_id)
            finaliser = self._decider(skp.employee_id)
            for period, day in days:
                if (skp.pk, period) in done:
                    continue
                finalised = self.at(day, 14)
                rows.append(
                    Evaluation(
                        skp=skp,
                        period=period,
                        status=EvaluationStatus.FINALISED,
                        rating_hasil=hasil.name,
                        rating_perilaku=perilaku.name,
                        predicate=predicate.name,
                        org_predicate=org_name if period == ANNUAL else "",
                        notes="Pertahankan capaian dan tingkatkan kualitas bukti dukung.",
                        finalised_at=finalised,
                        finalised_by=finaliser,
                        acknowledged_at=min(finalised + dt.timedelta(days=1), self.now),
                        **snapshot,
                    )
                )
        bulk_create_with_history(rows, Evaluation)
        self.result["evaluations"] = len(rows)

    # --------------------------------------------------------------------- finalise, close
    def _finalise(self, unit: OrgUnit | None) -> None:
        if (
            unit is None
            or self.actor.is_system  # finalising is a person's decision: nobody to make it
            or UnitFinalisation.objects.filter(cycle=self.cycle, unit=unit, period=ANNUAL).exists()
        ):
            return
        done = unit_finalise(
            self.cycle,
            unit,
            ANNUAL,
            JUSTIFICATION.format(year=self.cycle.year),
            actor=self.actor,
        )
        UnitFinalisation.objects.filter(pk=done.pk).update(
            finalised_at=self.at(dt.date(self.cycle.year + 1, 1, 27), 15)
        )
        self.result["finalisations"] = 1

    def _date_closures(self, cycle: Cycle) -> None:
        days = {p.number: p.end + dt.timedelta(days=25) for p in cycle.periods}
        days[ANNUAL] = dt.date(cycle.year + 1, 2, 10)
        for closure in PeriodClosure.objects.filter(cycle=cycle, reopened_at__isnull=True):
            PeriodClosure.objects.filter(pk=closure.pk).update(
                closed_at=self.at(days.get(closure.period, self.today), 16)
            )


def _ancestors(unit_id: int, tree: dict[int, int | None]) -> set[int]:
    seen, current = set(), unit_id
    while current is not None and current not in seen:
        seen.add(current)
        current = tree.get(current)
    return seen


def _bkd_admin_user():
    role = AdminRole.objects.filter(kind=AdminRoleKind.ADMIN_BKD).select_related("user").first()
    return role.user if role else None
