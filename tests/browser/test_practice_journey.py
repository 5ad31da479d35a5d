"""Issue 29 item 5, the practice cycle ("Siklus latihan"): the admin BKD opens one for a workshop
of one OPD on a desktop; a pegawai of that OPD finds it on a 390 px phone under Help, enters it,
sees the banner on every page and their practice draft alone on "SKP saya", and leaves it; the
admin BKD wipes it and the page offers to open another. An employee of another OPD is no
participant: the page says so, and pressing Enter anyway is refused.

Screenshots of the pages for review are saved to /tmp/shots/practice_*.png with PRACTICE_SHOTS=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee, OrgUnit
from appraisal.choices import SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.plans.models import Skp
from appraisal.practice import services
from tests.actors import actor
from tests.browser.conftest import DEMO_PASSWORD, indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait, open_menu, status_badge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPD = "DINKES"  # the demo pegawai's OPD
WORKSHOP = "Bimtek SKP Dinas Kesehatan"
SHOTS = Path("/tmp/shots")


def shoot(page, name: str) -> None:
    """A full-page screenshot for review, only when PRACTICE_SHOTS=1."""
    if os.environ.get("PRACTICE_SHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"practice_{name}.png"), full_page=True)


def success(page):
    return page.locator("main .alert-success")


def banner(page):
    return page.locator("[data-testid=practice-banner]")


def practice_url(live_server) -> str:
    return f"{live_server.url}/kinerja/latihan/"


def test_admin_opens_a_practice_a_pegawai_works_in_it_on_a_phone_and_the_admin_wipes_it(
    page, phone_page, live_server
):
    seed_demo()
    year = timezone.localdate().year
    opd = OrgUnit.objects.get(code=OPD)
    pegawai = Employee.objects.select_related("position").get(user__username="pegawai")
    real_plans = set(Skp.objects.filter(employee=pegawai).values_list("public_id", flat=True))
    assert real_plans, "the demo pegawai has no real SKP to hide in the practice"

    # --- The admin BKD opens a practice cycle for Dinas Kesehatan from the form (1280 px). ---
    log_in(page, live_server, "admin.bkd")
    page.goto(practice_url(live_server))
    expect(page.locator("[data-testid=practice-cycle]")).to_have_count(0)
    form = page.locator("[data-testid=practice-open-form]")
    expect(form).to_be_visible()
    form.locator("#id_title").fill(WORKSHOP)
    form.locator("#id_opds").select_option(label=f"{opd.code} · {opd.name}")
    form.locator("#id_days").fill("3")
    click_and_wait(page, form.locator("[data-testid=practice-open]"))

    cycle = Cycle.objects.get(practice=True)
    participants = list(cycle.participants.all())
    assert pegawai in participants
    own = (
        Skp.objects.filter(
            employee__in=participants,
            cycle__year=year,
            cycle__practice=False,
            status=SkpStatus.APPROVED,
        )
        .values("employee")
        .distinct()
        .count()
    )
    example = Skp.objects.filter(cycle=cycle, adapted_from__isnull=False).count()
    expect(page).to_have_url(practice_url(live_server))
    expect(success(page)).to_have_text(
        indonesian(
            "Practice cycle opened for %(count)s participants: %(own)s start from their "
            "own plan, %(example)s from an example plan, %(empty)s from an empty draft."
        )
        % {
            "count": len(participants),
            "own": own,
            "example": example,
            "empty": len(participants) - own - example,
        }
    )
    card = page.locator("[data-testid=practice-cycle]")
    expect(card.locator("h2")).to_have_text(WORKSHOP)
    expect(card.locator("[data-testid=practice-enter]")).to_be_visible()
    expect(page.locator("[data-testid=practice-progress]")).to_be_visible()
    expect(page.locator("[data-testid=practice-wipe-form]")).to_be_visible()
    expect(page.locator("[data-testid=practice-open-form]")).to_have_count(0)
    expect(banner(page)).to_have_count(0)  # opening it is not entering it
    shoot(page, "admin_opened_1280")

    draft = Skp.objects.get(employee=pegawai, cycle=cycle)
    assert draft.status == SkpStatus.DRAFT and draft.position_id == pegawai.position_id

    # --- The pegawai, on a phone: Help → Practice cycle → Enter. ---
    phone = phone_page
    log_in(phone, live_server, "pegawai")
    expect(banner(phone)).to_have_count(0)
    open_menu(phone)
    phone.locator("#mainnav a.dropdown-toggle[data-tour=help]").click()
    help_menu = phone.locator("[data-testid=help-menu]")
    expect(help_menu).to_be_visible()
    click_and_wait(phone, help_menu.locator("[data-testid=practice-link]"))
    expect(phone).to_have_url(practice_url(live_server))
    expect(phone.locator("[data-testid=practice-cycle] h2")).to_have_text(WORKSHOP)
    expect(phone.locator("[data-testid=practice-open-form]")).to_have_count(0)  # admins only
    expect(phone.locator("[data-testid=practice-wipe-form]")).to_have_count(0)
    expect_no_horizontal_scroll(phone)
    shoot(phone, "page_390")
    click_and_wait(phone, phone.locator("[data-testid=practice-enter]"))

    # --- The home page says it is a practice; "SKP saya" lists the practice draft alone. ---
    expect(phone).to_have_url(f"{live_server.url}/")
    expect(banner(phone)).to_be_visible()
    expect(banner(phone)).to_contain_text(WORKSHOP)
    expect(banner(phone).locator("[data-testid=practice-leave]")).to_be_visible()
    expect(success(phone)).to_have_text(
        indonesian("You are in the practice cycle “%(title)s”. Nothing you do here counts.")
        % {"title": WORKSHOP}
    )
    expect_no_horizontal_scroll(phone)
    shoot(phone, "home_banner_390")

    phone.goto(f"{live_server.url}/kinerja/skp/")
    expect(banner(phone)).to_be_visible()
    rows = phone.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("a[href*='/kinerja/skp/']")).to_have_attribute(
        "href", f"/kinerja/skp/{draft.public_id}/"
    )
    expect(rows).to_contain_text(pegawai.position.name)
    expect(status_badge(phone)).to_have_count(0)  # the list, not a plan
    expect(rows.locator(".badge")).to_have_text(str(SkpStatus.DRAFT.label))
    expect_no_horizontal_scroll(phone)

    # --- Leaving: no banner, the real plans again. ---
    click_and_wait(phone, banner(phone).locator("[data-testid=practice-leave]"))
    expect(phone).to_have_url(f"{live_server.url}/")
    expect(banner(phone)).to_have_count(0)
    expect(success(phone)).to_have_text(
        indonesian("You left the practice cycle; you see your real work again.")
    )
    phone.goto(f"{live_server.url}/kinerja/skp/")
    expect(banner(phone)).to_have_count(0)
    expect(phone.locator(f"main a[href$='/kinerja/skp/{draft.public_id}/']")).to_have_count(0)
    expect(phone.locator("main table tbody tr")).to_have_count(len(real_plans))

    # --- The admin BKD looks in too (the banner on a desktop), then wipes the practice. ---
    page.goto(practice_url(live_server))
    click_and_wait(page, page.locator("[data-testid=practice-enter]"))
    expect(banner(page)).to_be_visible()
    shoot(page, "home_banner_1280")
    page.goto(practice_url(live_server))
    plans = Skp.objects.filter(cycle=cycle).count()
    wipe = page.locator("[data-testid=practice-wipe-form]")
    wipe.locator("input[name=confirm]").check()
    click_and_wait(page, wipe.locator("[data-testid=practice-wipe]"))

    expect(page).to_have_url(practice_url(live_server))
    expect(success(page)).to_have_text(
        indonesian("Practice cycle wiped: %(plans)s plans and %(evaluations)s evaluations deleted.")
        % {"plans": plans, "evaluations": 0}
    )
    expect(page.locator("[data-testid=practice-open-form]")).to_be_visible()
    expect(page.locator("[data-testid=practice-cycle]")).to_have_count(0)
    expect(banner(page)).to_have_count(0)  # wiping it took the admin out of it
    assert not Cycle.objects.filter(practice=True).exists()
    assert not Skp.objects.filter(pk=draft.pk).exists()

    # The pegawai's next page is their real work, without a trace of the practice.
    phone.goto(f"{live_server.url}/kinerja/latihan/")
    expect(phone.locator("[data-testid=practice-none]")).to_be_visible()
    expect(banner(phone)).to_have_count(0)


def test_an_employee_of_another_opd_is_no_participant_and_may_not_enter(page, live_server):
    seed_demo()
    admin_bkd = Employee.objects.get(user__username="admin.bkd")
    services.practice_open(
        WORKSHOP, [OrgUnit.objects.get(code=OPD).pk], 3, actor=actor(admin_bkd.user)
    )
    outsider = (
        Employee.objects.select_related("user")
        .filter(
            status=EmployeeStatus.ACTIVE,
            user__isnull=False,
            position__unit__code__startswith="BKPSDM.",
        )
        .exclude(pk=admin_bkd.pk)
        .order_by("nip")
        .first()
    )
    assert outsider is not None, "the demo BKPSDM has no employee with an account"
    # A generated demo account has no known password: give them the demo one to log in with.
    outsider.user.set_password(DEMO_PASSWORD)
    outsider.user.is_active = True
    outsider.user.save()

    log_in(page, live_server, outsider.user.username)
    page.goto(practice_url(live_server))
    card = page.locator("[data-testid=practice-cycle]")
    expect(card).to_contain_text(indonesian("You are not a participant of this workshop."))
    expect(card.locator("[data-testid=practice-enter]")).to_have_count(0)

    # Pressing Enter anyway (a form posted by hand, with the page's CSRF token) is refused.
    with page.expect_navigation() as navigation:
        page.evaluate(
            """url => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = url;
                const token = document.querySelector("input[name=csrfmiddlewaretoken]");
                form.appendChild(token.cloneNode());
                document.body.appendChild(form);
                form.submit();
            }""",
            "/kinerja/latihan/masuk/",
        )
    assert navigation.value.status == 403
    # The app's own 403 page, not Django's CSRF failure: the refusal is the policy's.
    expect(page.locator("main h1")).to_have_text(indonesian("Access denied"))
    page.goto(f"{live_server.url}/")
    expect(banner(page)).to_have_count(0)
