"""The appraisal fixtures (a cycle, plans, an approved SKP) for the interchange tests, which read
and send what the appraisal year produced."""

from tests.appraisal.conftest import approved, cycle, plan  # noqa: F401 (fixtures)
