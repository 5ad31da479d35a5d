"""Bulk data for the team and monitoring tests: many people with SKPs, built straight in the ORM.

The services are exercised by the tests themselves; these helpers only add volume so that query
counts can be compared at 5 and at 50 people.
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from appraisal.choices import SkpStatus
from appraisal.plans.models import Rhk, Skp
from tests.factories import EmployeeFactory, place

STATUS_CYCLE = [
    None,
    SkpStatus.DRAFT,
    SkpStatus.SUBMITTED,
    SkpStatus.RETURNED,
    SkpStatus.APPROVED,
]


def add_people(position, cycle, count, *, linked_to=None, start=0):
    """`count` employees holding `position`, with SKPs in varied states (some without one); each
    SKP has one RHK, linked to `linked_to` when given."""
    people = []
    for i in range(count):
        employee = place(EmployeeFactory(), position)
        status = STATUS_CYCLE[(start + i) % len(STATUS_CYCLE)]
        if status is not None:
            skp = Skp.objects.create(
                cycle=cycle,
                employee=employee,
                position=position,
                start_date=dt.date(cycle.year, 1, 1),
                end_date=dt.date(cycle.year, 12, 31),
                status=status,
            )
            Rhk.objects.create(
                skp=skp,
                section="utama",
                text=f"RHK {employee.name}",
                intervened=linked_to,
                intervened_text=linked_to.text if linked_to else "",
            )
        people.append(employee)
    return people


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
