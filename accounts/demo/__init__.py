"""The fictional demo agency (Pemerintah Kota Laras Bahari) and the province-scale bench data.

Entry point: seed_demo(); the `seed_demo` management command prints its result.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.demo.build import build_demo, plan_demo


@dataclass
class SeedResult:
    created: dict[str, int]
    totals: dict[str, int]
    logins: list  # (username, role label, Employee)


def seed_demo(employees: int | None = None) -> SeedResult:
    """Build the demo agency; with `employees`, add generated OPD until the demo and generated
    people together number that many. Idempotent: whatever exists (by unit code, position key,
    NIP, username) is kept as it is and nothing is duplicated."""
    from accounts.org.models import Employee, OrgUnit, Position

    demo = build_demo()
    created = dict(demo.created)
    if employees is not None:
        from accounts.demo.bulk import build_bulk

        plan = plan_demo()
        taken_nips = {h.person.nip for h in plan.holders}
        taken_emails = {h.person.email for h in plan.holders if h.person.email}
        generated = build_bulk(max(employees - plan.employee_count, 0), taken_nips, taken_emails)
        for key, value in generated.items():
            created[key] += value
    totals = {
        "opd": OrgUnit.objects.filter(parent__isnull=True).count(),
        "units": OrgUnit.objects.count(),
        "positions": Position.objects.count(),
        "employees": Employee.objects.count(),
    }
    return SeedResult(created=created, totals=totals, logins=demo.logins)
