"""The practice cycle (issue 29.5): opened by the admin BKD for a workshop, worked in like a real
cycle by its participants on their real posts, marked on every page, and wiped in one action."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.org.roles import roles_for_user
from appraisal.choices import CycleStatus, ObjectionOutcome, SkpStatus
from appraisal.closing import services as closing
from appraisal.cycles.models import Cycle, Window
from appraisal.cycles.selectors import cycle_chosen, open_cycle
from appraisal.cycles.windows import window_state
from appraisal.evaluation import services as ev
from appraisal.evaluation.models import Evaluation
from appraisal.objections import services as objections
from appraisal.plans.models import Skp
from appraisal.plans.services import flow as skp_flow
from appraisal.practice import services
from appraisal.realisation.models import Evidence
from core.errors import DomainError
from core.practice import working_in
from notifications.models import Notification
from tests.actors import actor, system
from tests.appraisal.conftest import owner
from tests.appraisal.test_objections import MEETS, finalised
from tests.indicators.helpers import make_example

pytestmark = pytest.mark.django_db

PRACTICE_PAGE_QUERIES = 11


def open_practice(org, opds=None, title="Bimtek SKP Dinkes", days=14):
    opened = services.practice_open(
        title, [opd.pk for opd in (opds or [org.dinkes])], days, actor=actor(org.admin_bkd)
    )
    return opened.cycle


def practice_plan(cycle, employee) -> Skp:
    return Skp.objects.get(cycle=cycle, employee=employee)


def approve_down_the_chain(practice, plan, employees) -> Skp:
    """Submit and approve the practice plans of `employees`, top first (the cascade needs the
    supervisor's plan approved); the last one, fresh from the database."""
    for employee in employees:
        skp = practice_plan(practice, employee)
        skp_flow.skp_submit(skp, actor=actor(employee))
        skp_flow.skp_approve(skp, actor=plan.decider(employee))
    return Skp.objects.get(pk=skp.pk)


def test_opening_gives_each_participant_a_draft_for_their_real_post(approved, plan, org):
    make_example(title="Kepala Bidang", terms="kepala bidang")
    opened = services.practice_open(
        "Bimtek SKP Dinkes", [org.dinkes.pk], 3, actor=actor(org.admin_bkd)
    )
    cycle = opened.cycle
    assert cycle.practice and cycle.status == CycleStatus.OPEN and cycle.year == plan.cycle.year
    dinkes = {org.kepala_unit, org.atasan_ppk, org.ppk, org.pegawai, org.colleague, org.admin_opd}
    assert set(cycle.participants.all()) == dinkes
    assert opened.participants == len(dinkes)
    # The approved real plans (kadis, kabid, kasi, pegawai) are the start; the colleague's post
    # matches no example; none of this touches the real plan.
    drafted = practice_plan(cycle, org.pegawai)
    assert drafted.status == SkpStatus.DRAFT and drafted.position == org.staff_pos
    assert [r.text for r in drafted.rhks.all()] == [r.text for r in approved.rhks.all()]
    # The cascade follows: the copy intervenes the copy of the kasi's RHK, not the real one.
    assert drafted.rhks.get().intervened.skp == practice_plan(cycle, org.ppk)
    assert opened.from_own_plan == 4
    assert not practice_plan(cycle, org.colleague).rhks.exists()
    assert Skp.objects.get(pk=approved.pk).status == SkpStatus.APPROVED
    today = timezone.localdate()
    windows = Window.objects.filter(cycle=cycle)
    assert {(w.opens_on, w.closes_on) for w in windows} == {(today, today + dt.timedelta(days=2))}
    assert windows.count() == 2 + len(cycle.periods)


def test_a_participant_without_a_real_plan_starts_from_the_example_for_their_post(org, cycle):
    make_example(title="Pengelola Data", terms="pengelola data")
    opened = services.practice_open("Bimtek", [org.dinkes.pk], 7, actor=actor(org.admin_bkd))
    assert opened.from_example == 2  # the pegawai and the colleague hold that post
    assert practice_plan(opened.cycle, org.pegawai).adapted_from.title == "Pengelola Data"


def test_only_one_practice_cycle_runs_and_bad_input_is_refused(org, cycle):
    open_practice(org)
    with pytest.raises(DomainError):
        open_practice(org, opds=[org.disdik])
    with pytest.raises(PermissionDenied):
        services.practice_open("Bimtek", [org.dinkes.pk], 7, actor=actor(org.admin_opd))
    services.practice_wipe(Cycle.objects.get(practice=True), actor=actor(org.admin_bkd))
    for title, days in (("", 7), ("Bimtek", 0), ("Bimtek", 61)):
        with pytest.raises(DomainError):
            services.practice_open(title, [org.dinkes.pk], days, actor=actor(org.admin_bkd))
    with pytest.raises(DomainError):
        services.practice_open("Bimtek", [org.bkpsdm.pk + 999], 7, actor=actor(org.admin_bkd))


def test_the_whole_year_is_rehearsed_inside_the_practice_cycle(approved, plan, org):
    """Plan, approve, rate, object and close, by the services as the pages call them, inside
    the practice cycle; the real plan and the real cycle are untouched."""
    practice = open_practice(org)
    with working_in(practice):
        assert open_cycle() == practice and cycle_chosen("1999").cycle == practice
        chain = {}
        for employee in (org.kepala_unit, org.atasan_ppk, org.ppk, org.pegawai):
            skp = practice_plan(practice, employee)
            assert window_state(practice, "skp").is_open
            skp_flow.skp_submit(skp, actor=actor(employee))
            skp_flow.skp_approve(skp, actor=plan.decider(employee))
            chain[employee.pk] = Skp.objects.get(pk=skp.pk)
        evaluation = finalised(chain[org.pegawai.pk], org.ppk)
        evaluation = ev.evaluation_acknowledge(evaluation, actor=actor(org.pegawai))
        objection = objections.objection_file(
            evaluation, "Target saya terlampaui.", actor=actor(org.pegawai)
        )
        objections.objection_decide(
            objection, ObjectionOutcome.UPHELD, MEETS, MEETS, "Hasil tetap.",
            actor=actor(org.atasan_ppk),
        )  # fmt: skip
        closed = closing.cycle_close(
            practice, actor=actor(org.admin_bkd), confirm_gaps=True, rights_reason="Latihan"
        )
    assert closed.status == CycleStatus.CLOSED
    assert plan.cycle.status == CycleStatus.OPEN
    assert not Evaluation.objects.filter(skp__cycle=plan.cycle).exists()
    assert Skp.objects.get(pk=approved.pk).status == SkpStatus.APPROVED
    # Its notifications stayed in the application, marked as the practice's.
    sent = Notification.objects.filter(params__practice_cycle=practice.pk)
    assert sent.exists() and not sent.exclude(email_status="none").exists()


def test_entering_shows_the_practice_everywhere_and_leaving_shows_the_real_work(
    approved, org, login
):
    practice = open_practice(org)
    client = login("pegawai")
    entered = client.post(reverse("appraisal:practice_enter"), follow=True)
    assert 'data-testid="practice-banner"' in entered.content.decode()
    mine = client.get(reverse("appraisal:my_skp"))
    assert [s.cycle_id for s in mine.context["skps"]] == [practice.pk]
    assert 'data-testid="practice-banner"' in mine.content.decode()
    client.post(reverse("appraisal:practice_leave"))
    real = client.get(reverse("appraisal:my_skp"))
    assert [s.pk for s in real.context["skps"]] == [approved.pk]
    assert 'data-testid="practice-banner"' not in real.content.decode()


def test_who_may_open_enter_and_wipe(cycle, org, login):
    assert login("pegawai").get(reverse("appraisal:practice")).status_code == 200
    for persona in ("pegawai", "admin_opd", "ppk"):
        client = login(persona)
        refused = client.post(
            reverse("appraisal:practice_open"),
            {"title": "Bimtek", "opds": [org.dinkes.pk], "days": 7},
        )
        assert refused.status_code == 403
    assert not Cycle.objects.filter(practice=True).exists()
    open_practice(org)
    assert login("outsider").post(reverse("appraisal:practice_enter")).status_code == 403
    for persona in ("pegawai", "admin_opd", "admin_bkd"):  # a participant, their admins
        assert login(persona).post(reverse("appraisal:practice_enter")).status_code == 302
    assert login("admin_opd_other").post(reverse("appraisal:practice_enter")).status_code == 403
    refused = login("admin_opd").post(reverse("appraisal:practice_wipe"), {"confirm": "on"})
    assert refused.status_code == 403 and Cycle.objects.filter(practice=True).exists()


def test_the_open_form_keeps_what_was_typed_and_says_what_is_wrong(cycle, org, login):
    response = login("admin_bkd").post(
        reverse("appraisal:practice_open"), {"title": "Bimtek SKP", "opds": [], "days": "99"}
    )
    assert response.status_code == 200
    form = response.context["open_form"]
    assert form.data["title"] == "Bimtek SKP" and {"opds", "days"} <= set(form.errors)
    assert "Bimtek SKP" in response.content.decode()


def test_wiping_deletes_everything_done_in_it_and_nothing_else(
    approved, plan, org, login, django_capture_on_commit_callbacks
):
    practice = open_practice(org)
    with working_in(practice):
        skp = approve_down_the_chain(practice, plan, (org.kepala_unit, org.atasan_ppk, org.ppk))
        finalised(skp, org.atasan_ppk, hasil=MEETS)
    evidence = Evidence(skp=skp, original_name="bukti.pdf", extension="pdf", size=4)
    evidence.file.save("bukti.pdf", ContentFile(b"%PDF"), save=True)
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    client = login("admin_bkd")
    client.post(reverse("appraisal:practice_enter"))
    unconfirmed = client.post(reverse("appraisal:practice_wipe"))
    assert unconfirmed.status_code == 200 and "confirm" in unconfirmed.context["wipe_form"].errors
    with django_capture_on_commit_callbacks(execute=True):  # the files go once it is committed
        wiped = client.post(reverse("appraisal:practice_wipe"), {"confirm": "on"}, follow=True)
    assert wiped.status_code == 200 and wiped.context["practice"] is None
    assert not Cycle.objects.filter(practice=True).exists()
    assert not Skp.objects.filter(cycle_id=practice.pk).exists()
    assert not Evidence.objects.filter(pk=evidence.pk).exists() and not storage.exists(name)
    assert not Skp.history.filter(cycle_id=practice.pk).exists()
    assert not Window.history.filter(cycle_id=practice.pk).exists()
    assert not Notification.objects.filter(params__practice_cycle=practice.pk).exists()
    # The real year is as it was, and the audit trail says who opened and wiped the practice.
    assert Skp.objects.get(pk=approved.pk).status == SkpStatus.APPROVED
    reasons = list(
        Cycle.history.filter(id=practice.pk).values_list("history_change_reason", flat=True)
    )
    assert any("opened" in r or "dibuka" in r for r in reasons)
    assert any("wiped" in r or "dihapus" in r for r in reasons)
    # The session that was inside it is back in the real work.
    assert 'data-testid="practice-banner"' not in client.get(reverse("home")).content.decode()
    with pytest.raises(DomainError):
        services.practice_wipe(practice, actor=system())


def _due_on_each_day(days: int) -> set:
    from notifications.reminders import default_plan, due_reminders

    today = timezone.localdate()
    return {
        reminder.key + (reminder.url,)
        for offset in range(days + 8)
        for reminder in due_reminders(default_plan(today + dt.timedelta(days=offset)))
    }


def test_no_reminder_is_ever_due_for_the_practice(approved, plan, org):
    """The same reminders are due on every day of the workshop with or without it, an
    objection waiting for its decision included."""
    practice = open_practice(org, days=3)
    with working_in(practice):
        skp = approve_down_the_chain(
            practice, plan, (org.kepala_unit, org.atasan_ppk, org.ppk, org.pegawai)
        )
        evaluation = finalised(skp, org.ppk)
        evaluation = ev.evaluation_acknowledge(evaluation, actor=actor(org.pegawai))
        objections.objection_file(evaluation, "Target terlampaui.", actor=actor(org.pegawai))
    with_practice = _due_on_each_day(3)
    services.practice_wipe(practice, actor=actor(org.admin_bkd))
    assert with_practice == _due_on_each_day(3)


def test_a_practice_document_is_never_offered_for_signature(approved, plan, org):
    from appraisal.documents import signables

    practice = open_practice(org)
    with working_in(practice):
        skp = approve_down_the_chain(practice, plan, (org.kepala_unit, org.atasan_ppk, org.ppk))
        evaluation = finalised(skp, org.atasan_ppk)
    assert signables.skp_signable(skp) is None
    assert signables.evaluation_signables(evaluation) == []
    awaiting = signables.awaiting(org.atasan_ppk, roles_for_user(org.atasan_ppk.user))
    assert all(str(skp.public_id) not in s.key for s in awaiting)


@pytest.mark.parametrize("department", ["dinkes", "disdik"])
def test_the_practice_page_costs_the_same_queries_for_a_small_and_a_large_workshop(
    department, org, cycle, login, django_assert_num_queries
):
    open_practice(org, opds=[org.dinkes] if department == "dinkes" else [org.dinkes, org.disdik])
    client = login("admin_bkd")
    url = reverse("appraisal:practice")
    client.get(url)  # warm the session
    with django_assert_num_queries(PRACTICE_PAGE_QUERIES):
        response = client.get(url)
    assert response.context["progress"].plans


def test_a_page_inside_the_practice_costs_no_more_queries(approved, org, login):
    """The middleware loads the practice cycle with its windows, which the page then takes
    instead of looking up the open cycle; outside a practice it asks nothing."""
    client = login("pegawai")
    url = reverse("appraisal:my_skp")
    client.get(url)
    with CaptureQueriesContext(connection) as real:
        client.get(url)
    open_practice(org)
    client.post(reverse("appraisal:practice_enter"))
    with CaptureQueriesContext(connection) as inside:
        response = client.get(url)
    assert response.context["cycle"].practice
    assert len(inside) == len(real)


def test_a_practice_plan_opened_from_outside_the_practice_is_marked(org, cycle, login):
    """A PPK who follows a notification to a practice plan without entering the practice still
    sees that it is one."""
    practice = open_practice(org)
    skp = practice_plan(practice, org.pegawai)
    page = login("pegawai").get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert 'data-testid="practice-banner"' in page.content.decode()
    own = login("pegawai").get(reverse("appraisal:my_skp"))  # the real year: no banner
    assert 'data-testid="practice-banner"' not in own.content.decode()


def test_the_plan_acted_on_decides_where_its_notifications_go(approved, plan, org, login):
    """A practice plan approved from a notification outside the practice notifies in the inbox
    alone; a real plan approved inside the practice notifies for real."""
    practice = open_practice(org)
    with working_in(practice):
        approve_down_the_chain(practice, plan, (org.kepala_unit, org.atasan_ppk, org.ppk))
        draft = practice_plan(practice, org.pegawai)
        skp_flow.skp_submit(draft, actor=actor(org.pegawai))
    kasi = login("ppk")  # not inside the practice
    approve = {"confirm_no_expectations": "on"}
    response = kasi.post(
        reverse("appraisal:skp_approve", args=[draft.public_id]), approve, follow=True
    )
    assert Skp.objects.get(pk=draft.pk).status == SkpStatus.APPROVED, [
        str(m) for m in response.context["messages"]
    ]
    told = Notification.objects.filter(recipient=org.pegawai.user).latest("pk")
    assert told.params.get("practice_cycle") == practice.pk and told.email_status == "none"
    real = plan.draft(org.colleague, linked_to=approved.rhks.get().intervened)
    skp_flow.skp_submit(real, actor=owner(org.colleague))
    kasi.post(reverse("appraisal:practice_enter"))
    kasi.post(reverse("appraisal:skp_approve", args=[real.public_id]), approve)
    assert Skp.objects.get(pk=real.pk).status == SkpStatus.APPROVED
    told = Notification.objects.filter(recipient=org.colleague.user).latest("pk")
    assert "practice_cycle" not in told.params
