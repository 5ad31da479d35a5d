"""The audit trail (issue 9, "Audit"): every state change with who, when and what changed,
searchable by the admin BKD, read-only."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AdminRoleKind
from accounts.org.models import Employee
from accounts.org.services import role_grant
from appraisal.plans.models import Skp
from reports.audit import selectors as audit
from tests.accounts.workbooks import dinkes_rows, run_import
from tests.actors import actor
from tests.appraisal.conftest import Plan, open_cycle_for

pytestmark = pytest.mark.django_db
URL = "/laporan/audit/"


@pytest.fixture
def submitted(org, login):
    """The pegawai submitted their SKP through the page, and their PPK approved it."""
    plan = Plan(org, open_cycle_for(timezone.localdate().year))
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    login("pegawai").post(reverse("appraisal:skp_submit", kwargs={"public_id": skp.public_id}))
    login("ppk").post(
        reverse("appraisal:skp_approve", kwargs={"public_id": skp.public_id}),
        {"confirm_no_expectations": "on"},
    )
    return skp


def _entries(**criteria):
    entries, _ = audit.search(audit.Criteria(**criteria))
    return entries


def test_an_approval_is_recorded_with_who_when_and_the_status_change(submitted, org):
    entries = _entries(source="appraisal.skp", employee_nip=org.pegawai.nip, action="~")
    by = {e.record.history_user_id: e for e in entries}
    approval = by[org.ppk.user.pk]
    assert approval.owner.nip == org.pegawai.nip
    status = {field: (old, new) for field, old, new in approval.changes}["status"]
    assert status == ("Diajukan", "Disetujui")
    assert org.pegawai.user.pk in by  # the submission, by the pegawai


def test_the_employee_filter_finds_their_records_and_nobody_else_s(submitted, org):
    mine = _entries(employee_nip=org.pegawai.nip)
    assert mine and {e.owner.nip for e in mine} == {org.pegawai.nip}
    assert {"appraisal.skp", "appraisal.rhk", "appraisal.iki"} <= {e.source.label for e in mine}
    assert not _entries(employee_nip=org.colleague.nip, source="appraisal.skp")


def test_role_changes_and_imports_are_in_the_trail(org):
    admin = get_user_model().objects.create_user("importir")
    run_import(dinkes_rows(), user=admin)
    imported = _entries(source="accounts.employee", reason="pegawai.xlsx")
    assert imported and all(e.record.history_user == admin for e in imported)
    bkd = actor(org.admin_bkd)
    role = role_grant(admin, AdminRoleKind.ADMIN_BKD, None, "Tugas tambahan", actor=bkd)
    from accounts.org.services import role_revoke

    role_revoke(role, "Tugas selesai", actor=bkd)
    roles = _entries(source="accounts.adminrole")
    assert [(e.record.history_type, e.record.history_change_reason) for e in roles[:2]] == [
        ("-", "Tugas selesai"),
        ("+", "Tugas tambahan"),
    ]


def test_pages_go_back_without_skipping_or_repeating_rows_written_at_one_instant(org):
    # A bulk import writes many records with one timestamp: a keyset cursor keeps them apart.
    run_import(dinkes_rows())
    everything, seen, cursor = audit.Criteria(), [], None
    while True:
        page, cursor = audit.search(everything, cursor, page_size=3)
        seen += [(e.source.label, e.record.history_id) for e in page]
        if cursor is None:
            break
    total = sum(s.history.objects.count() for s in audit.sources().values())
    assert len(seen) == len(set(seen)) == total


def test_the_page_searches_and_explains_bad_input_in_indonesian(submitted, org, login):
    client = login("admin_bkd")
    page = client.get(URL, {"employee": org.pegawai.nip, "source": "appraisal.skp"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="audit-entry"' in html
    assert "Disetujui" in html and org.ppk.user.username in html
    bad = client.get(URL, {"employee": "19800101abc", "since": "2026-02-30", "reason": "kembali"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "NIP hanya terdiri dari angka" in html
    assert 'value="19800101abc"' in html and 'value="kembali"' in html
    assert 'data-testid="audit-entry"' not in html
    reversed_dates = client.get(URL, {"since": "2026-03-01", "until": "2026-02-01"})
    assert "sebelum tanggal mulai" in reversed_dates.content.decode()
    broken = client.get(URL, {"after": "bukan-kursor"}, follow=True)
    assert broken.status_code == 200


def test_the_trail_cannot_be_edited_from_the_ui(submitted, login):
    client = login("admin_bkd")
    assert client.post(URL, {}).status_code == 405
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


def test_an_unknown_actor_finds_nothing_and_dates_bound_the_search(submitted, org):
    assert _entries(user_ids=[]) == []
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert _entries(since=tomorrow) == []
    today = _entries(since=timezone.localdate(), until=timezone.localdate())
    assert today


def test_the_audit_page_makes_the_same_number_of_queries_however_much_was_recorded(
    submitted, org, login
):
    client = login("admin_bkd")
    client.get(URL)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).status_code == 200
    run_import(dinkes_rows())
    for employee in Employee.objects.all()[:20]:
        employee.phone = "0811"
        employee.save()
    Skp.objects.update(version=1)  # no history: does not matter
    with CaptureQueriesContext(connection) as second:
        assert client.get(URL).status_code == 200
    # One query per source, plus session and user, plus at most one for each source whose
    # changes are diffed and each related model named: bounded by the sources, not the rows.
    bound = 2 * len(audit.sources()) + 12
    assert len(first) == 57  # pinned: 44 sources (TPP's 8), the diffs of this page, session, roles
    assert len(second) <= bound
