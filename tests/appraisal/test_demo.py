"""The demo cycles and SKPs: every state present, the demo logins each have something to do, and
seeding again changes nothing. One seed per module: building the city takes a few seconds."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.org.models import AgencyProfile, Employee
from accounts.org.reporting import reporting_line, subordinates
from appraisal.choices import CycleStatus, Section, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.cycles.windows import skp_window
from appraisal.demo.cycles import seed_cycles
from appraisal.plans.models import Skp
from appraisal.plans.services.flow import submission_problems
from tests import demo_snapshot


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo (which runs seed_cycles through settings.DEMO_SEEDERS), then seed_cycles twice.
    Evidence files the demo writes go to a throwaway folder."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        try:
            demo_snapshot.seed_demo()
            before = row_counts()
            first = seed_cycles()
            second = seed_cycles()
            yield {"before": before, "after": row_counts(), "first": first, "second": second}
        finally:
            # Committed outside the per-test transactions: leave an empty database behind.
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(seeded, db):
    return seeded


def row_counts():
    """Rows in every model the seed can touch, history tables included."""
    labels = ("appraisal", "accounts", "notifications")
    return {
        model._meta.label: model.objects.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def login(username):
    return Employee.objects.select_related("user", "position__unit").get(user__username=username)


def skp_of(username, year=None, **filters):
    year = year or timezone.localdate().year
    return Skp.objects.filter(employee=login(username), cycle__year=year, **filters).get()


def test_seeding_again_changes_nothing(demo):
    assert demo["first"]["skps_created"] == demo["second"]["skps_created"] == 0
    assert demo["first"]["cycles_created"] == 0
    assert demo["after"] == demo["before"]
    assert demo["first"]["current"] == demo["second"]["current"]


def test_this_year_and_last_year_are_open_with_the_skp_window_open_today(demo):
    today = timezone.localdate()
    current = Cycle.objects.get(year=today.year)
    previous = Cycle.objects.get(year=today.year - 1)

    # Last year is complete and closed (demo_closed_year); this year is open.
    assert current.status == CycleStatus.OPEN and previous.status == CycleStatus.CLOSED
    assert current.frequency == "triwulanan"
    window = current.windows.get(kind="skp")
    assert window.opens_on.isoformat() == f"{today.year}-01-01"
    assert window.opens_on <= today <= window.closes_on
    assert current.windows.filter(kind="period").count() == 4
    assert current.windows.filter(kind="annual").exists()


def test_every_state_is_present_this_year(demo):
    counts = demo["second"]["current"]

    for status in (SkpStatus.DRAFT, SkpStatus.SUBMITTED, SkpStatus.RETURNED, SkpStatus.APPROVED):
        assert counts[status] >= 2, status
    assert counts["none"] > 0  # people who have not started
    revision = Skp.objects.get(version=2)
    assert revision.status == SkpStatus.DRAFT and revision.revision_of.status == SkpStatus.APPROVED
    assert revision.revision_reason
    assert set(Skp.objects.values_list("position__unit__opd__code", flat=True)) == {
        "DINKES",
        "DISDUKCAPIL",
    }
    returned = Skp.objects.filter(status=SkpStatus.RETURNED)
    assert all(s.return_notes for s in returned)


def test_kadis_has_an_approved_plan_with_perspektif_and_a_subordinate_waiting(demo):
    skp = skp_of("kadis")

    assert skp.status == SkpStatus.APPROVED and skp.is_jpt
    # The Wali Kota (outside the system) appraises a head of OPD; the admin BKD recorded it.
    assert skp.ppk_employee is None and skp.ppk_title == AgencyProfile.objects.get().head_title
    assert all(r.perspektif for r in skp.rhks.all())
    assert "Meningkatnya derajat kesehatan masyarakat" in skp.rhks.values_list("text", flat=True)
    team = subordinates(login("kadis"))
    assert Skp.objects.filter(employee__in=team, status=SkpStatus.SUBMITTED).exists()


def test_atasan_is_approved_and_has_plans_to_approve_and_one_returned(demo):
    atasan = login("atasan")
    skp = skp_of("atasan")
    team = subordinates(atasan)

    assert skp.status == SkpStatus.APPROVED
    assert skp.ppk_employee_id == reporting_line(atasan).ppk.employee_id
    waiting = Skp.objects.filter(employee__in=team, status=SkpStatus.SUBMITTED)
    assert waiting.count() >= 1
    assert all(s.ppk_employee_id == atasan.pk for s in waiting)
    assert Skp.objects.filter(employee__in=team, status=SkpStatus.RETURNED).exists()
    this_year = timezone.localdate().year
    assert team.exclude(skps__cycle__year=this_year).exists()  # someone has not started yet
    assert skp.expectations.count() == 7 and skp.lampiran.exists()


def test_pegawai_has_a_draft_linked_to_the_atasan_ready_to_submit(demo):
    skp = skp_of("pegawai")
    atasan_rhk = set(skp_of("atasan").rhks.values_list("pk", flat=True))

    assert skp.status == SkpStatus.DRAFT
    utama = skp.rhks.filter(section=Section.UTAMA)
    assert utama.exists()
    assert all(r.intervened_id in atasan_rhk for r in utama)
    assert skp.rhks.filter(rencana_aksi__isnull=False).exists()
    assert skp_window(skp).is_open
    errors, _warnings = submission_problems(skp)
    assert errors == []


def test_last_year_holds_approved_plans_to_copy(demo):
    year = timezone.localdate().year - 1
    skp = skp_of("pegawai", year=year)

    assert skp.status == SkpStatus.APPROVED
    assert skp.rhks.count() >= 2 and skp.ppk_name
    assert skp.decided_at.year == year  # dated back to January of that year
    assert skp_of("admin.opd", year=year).status == SkpStatus.APPROVED
    assert not Skp.objects.filter(employee=login("admin.opd"), cycle__year=year + 1).exists()
    assert set(demo["second"]["previous"]) >= {"approved"}
    assert demo["second"]["previous"]["approved"] >= 4


def test_reminders_are_due_at_once_and_sent_once(demo):
    """The SKP window closes within the week, with people who have not acted: the first
    send_reminders after seed_demo sends some, a second run the same day none (issue 6)."""
    from appraisal.choices import WindowKind

    cycle = Cycle.objects.get(year=timezone.localdate().year)
    window = cycle.windows.get(kind=WindowKind.SKP)
    assert 0 <= (window.closes_on - timezone.localdate()).days < 7
    outputs = []
    for _run in range(2):
        out = StringIO()
        call_command("send_reminders", stdout=out)
        outputs.append(out.getvalue().strip().splitlines()[-1])
    assert outputs[0].startswith("sent=") and int(outputs[0].removeprefix("sent=")) > 0
    assert outputs[1] == "sent=0"
    pegawai = Employee.objects.get(user__username="pegawai")
    assert pegawai.user.reminders.filter(kind="skp_submit").exists()
