"""Builds the demo agency (about 250 people) through the accounts services, idempotently.

The plan is drawn from a fixed seed without reading the database; applying it creates only what is
missing, keyed by unit code, position (unit, name, parent), NIP and username. So a second run writes
nothing, not even history rows. Every employee has a login account: the five demo logins under
their published usernames, the others under their NIP, in every account state (demo/accounts.py).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.choices import AdminRoleKind, AssignmentKind, EmployeeStatus
from accounts.demo import data
from accounts.demo.accounts import demo_accounts
from accounts.demo.opds import OPDS
from accounts.demo.people import Person, PersonFactory
from accounts.logins.models import User
from accounts.org.models import AdminRole, AgencyProfile, Assignment, Employee, OrgUnit, Position
from accounts.org.services import acting_assign, employee_create, position_save, unit_save
from core.actor import Actor

# The demo data is nobody's doing in particular.
DEMO = Actor.system("demo data")

LOGIN_ROLES = {
    "admin.bkd": "Admin BKD",
    "admin.opd": "Admin OPD Dinas Kesehatan",
    "kadis": "Kepala OPD",
    "atasan": "Pejabat Penilai Kinerja",
    "pegawai": "Pegawai",
}
LEAVER_BIRTH_YEARS = {EmployeeStatus.RETIRED: (1968, 1968)}  # reached the retirement age (58)


@dataclass(eq=False)
class Post:
    unit_code: str
    name: str
    kind: str
    jenjang: str
    parent: Post | None


@dataclass(eq=False)
class Holder:
    person: Person
    post: Post
    status: str = EmployeeStatus.ACTIVE
    login: str = ""


@dataclass
class DemoPlan:
    units: list[tuple[data.Unit, str]] = field(default_factory=list)  # (spec, parent code)
    posts: list[Post] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)
    head_posts: dict[str, Post] = field(default_factory=dict)
    plt: list[tuple[Post, str]] = field(default_factory=list)  # (vacant post, acting unit code)

    @property
    def employee_count(self) -> int:
        return len(self.holders)


@dataclass
class DemoResult:
    created: dict[str, int]
    logins: list[tuple[str, str, Employee]]


def plan_demo() -> DemoPlan:
    """The demo agency as plain data: the same plan on every run."""
    rng = random.Random(data.SEED)
    people = PersonFactory(rng, data.EMAIL_DOMAIN, set(), set(), unique_names=True)
    plan = DemoPlan()
    for spec in OPDS:
        _plan_unit(plan, people, spec, parent_code="", parent_post=None)
    return plan


def _plan_unit(plan, people, spec: data.Unit, parent_code, parent_post) -> None:
    plan.units.append((spec, parent_code))
    head_post = parent_post
    if spec.head is not None:
        head = spec.head
        above = plan.head_posts[spec.head_parent] if spec.head_parent else parent_post
        head_post = Post(spec.code, head.name, head.kind, "", above)
        plan.posts.append(head_post)
        plan.head_posts[spec.code] = head_post
        if head.former:
            _add_leaver(plan, people, head_post, head.former, head.profile)
        if not head.state:
            person = people.make(head.kind, "", head.profile)
            plan.holders.append(Holder(person, head_post, login=head.login))
        elif head.state.startswith("plt:"):
            plan.plt.append((head_post, head.state.removeprefix("plt:")))
    for staff in spec.staff:
        post = Post(spec.code, staff.name, staff.kind, staff.jenjang, head_post)
        plan.posts.append(post)
        for i in range(staff.count):
            pppk = i >= staff.count - staff.pppk
            person = people.make(staff.kind, staff.jenjang, staff.profile, pppk=pppk)
            plan.holders.append(Holder(person, post, login=staff.login if i == 0 else ""))
        if staff.former:
            _add_leaver(plan, people, post, staff.former, staff.profile)
    for child in spec.children:
        _plan_unit(plan, people, child, spec.code, head_post)


def _add_leaver(plan, people, post: Post, status: str, profile: str) -> None:
    years = LEAVER_BIRTH_YEARS.get(status)
    person = people.make(post.kind, post.jenjang, profile, birth_years=years)
    plan.holders.append(Holder(person, post, status=status))


def _acting_start(today: dt.date) -> dt.date:
    """The first of the month three months back: a Plt appointed in the recent past."""
    month = today.month - 3
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


@transaction.atomic
def build_demo() -> DemoResult:
    """Create whatever of the demo agency is missing; return what was created and the logins."""
    plan = plan_demo()
    created = dict.fromkeys(("units", "positions", "employees", "assignments", "users"), 0)
    # Accounts come from several places (employee_create may provision them, the logins, the
    # backfill in demo_accounts): count what exists afterwards rather than each path.
    users_before = User.objects.count()
    _agency()
    units = _units(plan, created)
    positions = _positions(plan, units, created)
    employees = _employees(plan, positions, created)
    _plt(plan, positions, employees, created)
    logins = _logins(plan, employees, units)
    demo_accounts(plan.holders)
    created["users"] = User.objects.count() - users_before
    return DemoResult(created=created, logins=logins)


def _agency() -> None:
    wanted = {
        "name": data.AGENCY_NAME,
        "region_name": data.REGION_NAME,
        "head_name": data.HEAD_NAME,
        "head_title": data.HEAD_TITLE,
    }
    profile = AgencyProfile.objects.filter(pk=1).first() or AgencyProfile(pk=1)
    if profile.pk and AgencyProfile.objects.filter(pk=1, **wanted).exists():
        return
    for name, value in wanted.items():
        setattr(profile, name, value)
    profile.save()


def _units(plan: DemoPlan, created) -> dict[str, OrgUnit]:
    codes = [spec.code for spec, _parent in plan.units]
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    for spec, parent_code in plan.units:
        if spec.code in units:
            continue
        unit = OrgUnit(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=units[parent_code] if parent_code else None,
        )
        units[spec.code] = unit_save(unit, actor=DEMO)
        created["units"] += 1
    return units


def _positions(plan: DemoPlan, units, created) -> dict[int, Position]:
    """Positions keyed by id(Post) of the plan."""
    existing = {
        (p.unit_id, p.name, p.parent_id): p
        for p in Position.objects.filter(unit__in=list(units.values()))
    }
    result: dict[int, Position] = {}
    for post in plan.posts:
        unit = units[post.unit_code]
        parent = result[id(post.parent)] if post.parent else None
        key = (unit.pk, post.name, parent.pk if parent else None)
        position = existing.get(key)
        if position is None:
            position = position_save(
                Position(
                    name=post.name, kind=post.kind, jenjang=post.jenjang, unit=unit, parent=parent
                ),
                actor=DEMO,
            )
            existing[key] = position
            created["positions"] += 1
        result[id(post)] = position
    return result


def _employees(plan: DemoPlan, positions, created) -> dict[str, Employee]:
    nips = [h.person.nip for h in plan.holders]
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    left_on = _acting_start(timezone.localdate()) - dt.timedelta(days=1)
    for holder in plan.holders:
        person = holder.person
        if person.nip in employees:
            continue
        active = holder.status == EmployeeStatus.ACTIVE
        position = positions[id(holder.post)]
        employee = employee_create(
            person.employee(status=holder.status),
            position if active else None,
            person.start_date,
            actor=DEMO,
        )
        if not active:
            # Left before the demo's "now": the ended assignment keeps the history, no current post.
            Assignment.objects.create(
                employee=employee,
                position=position,
                kind=AssignmentKind.DEFINITIF,
                start_date=person.start_date,
                end_date=max(left_on, person.start_date),
                note="Pensiun" if holder.status == EmployeeStatus.RETIRED else "Mutasi keluar",
            )
        employees[person.nip] = employee
        created["employees"] += 1
        created["assignments"] += 1
    return employees


def _plt(plan: DemoPlan, positions, employees, created) -> None:
    holders_by_post = {}
    for holder in plan.holders:
        if holder.status == EmployeeStatus.ACTIVE:
            holders_by_post.setdefault(id(holder.post), holder)
    for post, acting_code in plan.plt:
        position = positions[id(post)]
        acting = employees[holders_by_post[id(plan.head_posts[acting_code])].person.nip]
        if Assignment.objects.filter(
            employee=acting, position=position, kind=AssignmentKind.PLT
        ).exists():
            continue
        acting_assign(
            acting,
            position,
            AssignmentKind.PLT,
            _acting_start(timezone.localdate()),
            None,
            f"Surat Perintah {data.HEAD_TITLE}: Plt. {post.name}",
            actor=DEMO,
        )
        created["assignments"] += 1


def _logins(plan: DemoPlan, employees, units) -> list[tuple[str, str, Employee]]:
    logins, hashed = [], None
    for holder in plan.holders:
        if not holder.login:
            continue
        employee = employees[holder.person.nip]
        user = User.objects.filter(username=holder.login).first()
        if user is None:
            # An account already provisioned for the employee (username = NIP) becomes the login,
            # so nobody is left with two.
            user = User.objects.filter(employee=employee).first() or User(
                first_name=employee.name[:150], email=employee.email
            )
            user.username = holder.login
            # One hash for all five: PBKDF2 costs most of a second each, and the password of these
            # demo accounts is published anyway.
            hashed = hashed or make_password(data.DEMO_PASSWORD)
            user.password = hashed
            user.is_active = True
            user.save()
        if employee.user_id != user.pk:
            employee.user = user
            employee.save(update_fields=["user"])
        if holder.login in data.ADMIN_LOGINS:
            kind, opd_code = data.ADMIN_LOGINS[holder.login]
            opd = units[opd_code] if kind == AdminRoleKind.ADMIN_OPD else None
            AdminRole.objects.get_or_create(user=user, kind=kind, opd=opd)
        logins.append((holder.login, LOGIN_ROLES[holder.login], employee))
    order = list(LOGIN_ROLES)
    return sorted(logins, key=lambda row: order.index(row[0]))
