"""Extension points (core.extensions): filled in the apps' ready(), in INSTALLED_APPS order."""

import pytest

from accounts import extensions as org
from appraisal import extensions as appraisal
from core.extensions import ExtensionPoint, extension_points
from notifications import extensions as notifications


def _names(point) -> list[str]:
    return [f"{item.__module__}.{item.__qualname__}" for item in point]


def test_every_declared_point_is_filled_at_start_up():
    assert {p.name for p in extension_points() if len(p) == 0} == set()


def test_the_demo_seeds_the_library_then_the_cycles_then_feedback_then_tpp():
    assert [seeder.label for seeder in org.demo_seeders] == [
        "Saluran pemberitahuan",  # the people's WhatsApp and Telegram: needs only the logins
        "Pustaka indikator (entri baru)",
        "Contoh SKP per jabatan (baru)",  # built on the library's entries
        "Siklus dan SKP",
        "Umpan balik",
        "TPP",  # its months use the cycles' predicates
    ]


def test_the_reminder_run_asks_appraisal_then_feedback():
    assert _names(notifications.reminder_sources) == [
        "appraisal.reminders.sources.due_reminders",
        "feedback.survey.reminders.due_reminders",
    ]


def test_every_kind_a_source_writes_is_registered_with_a_label():
    assert [kind.name for kind in notifications.reminder_kinds] == [
        "skp_submit",
        "skp_approve",
        "realisation",
        "evaluation",
        "objection",
        "acknowledge",
        "escalation",
        "survey_360",
    ]


def test_the_evaluation_page_shows_threads_coaching_360_and_public_feedback_in_that_order():
    assert [name.split(".")[1] for name in _names(appraisal.evaluation_panels)] == [
        "threads",
        "coaching",
        "survey",
        "public",
    ]


@pytest.mark.parametrize(
    ("point", "registered"),
    [
        (org.home_tasks, "appraisal.home.employee_tasks"),
        (org.employees_transferred, "appraisal.plans.services.flow.skps_split_for_transfer"),
        (org.employee_registered, "accounts.logins.services.account_provision"),
        (org.employee_left, "accounts.logins.services.account_deactivate_for_leaving"),
        (org.employee_page, "accounts.logins.selectors.employee_account_section"),
        (org.employee_page, "accounts.twofactor.selectors.employee_twofactor_section"),
        (org.account_notice, "notifications.services.account_notice"),
    ],
)
def test_reactions_are_registered_by_the_app_that_owns_them(point, registered):
    assert registered in _names(point)


def test_registering_twice_keeps_one_and_order_is_kept():
    point = ExtensionPoint("test.point", "for this test")
    first, second = (lambda: 1), (lambda: 2)
    point.register(first)
    point.register(second)
    point.register(first)
    assert list(point) == [first, second]
    assert point.call() == [1, 2]
