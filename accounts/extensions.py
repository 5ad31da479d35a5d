"""What the organisation asks of the apps above it (core.extensions; filled in their ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from core.extensions import ExtensionPoint

home_tasks = ExtensionPoint(
    "accounts.home_tasks",
    "The home page's 'My tasks': (request, roles) -> list of tasks, or None when nothing is open "
    "(no cycle yet). Filled by appraisal.home.",
)
home_cards = ExtensionPoint(
    "accounts.home_cards",
    "(request, roles) -> HTML or '': more cards for an employee's home page, after 'My tasks'. "
    "Filled by appraisal.home (my progress).",
)
employee_registered = ExtensionPoint(
    "accounts.employee_registered",
    "(employee, *, actor) inside the transaction that registers an employee by hand; actor is "
    "the core.actor.Actor who registered them. Filled by logins: the employee gets a login "
    "account (unusable until activated).",
)
employee_left = ExtensionPoint(
    "accounts.employee_left",
    "(employee, reason, *, actor) inside the transaction that marks an employee retired, "
    "transferred out or dismissed; actor is the core.actor.Actor who recorded it. Filled by "
    "logins: the account is disabled and its sessions end.",
)
employees_transferred = ExtensionPoint(
    "accounts.employees_transferred",
    "(employee_ids, on, *, actor) inside the transaction that records a definitive transfer "
    "(mutasi) from `on`, by hand or by an import; actor is the core.actor.Actor who recorded it. "
    "Filled by appraisal: the old SKP ends, one starts for the new post.",
)
employee_page = ExtensionPoint(
    "accounts.employee_page",
    "(employee, can_manage) -> EmployeeSection: more for an employee's page (template context "
    "and history sources). Filled by logins: the login account card and its history.",
)
account_notice = ExtensionPoint(
    "accounts.account_notice",
    "(user, message, params, url, *, actor): tell a person about a change to their own login "
    "account (a second factor reset by an administrator) in their inbox and by e-mail at once, "
    "whatever their e-mail preference; message is an English msgid (gettext_noop). Filled by "
    "notifications.",
)
admin_home_figures = ExtensionPoint(
    "accounts.admin_home_figures",
    "(request, roles) -> core.figures.Figures of a HomeFigure, or None: one more count on the "
    "administrator's card of the home page, in the admin's scope, with the page that lists it. "
    "Filled by appraisal: the employees whose SKP cannot proceed (reporting-line diagnostics).",
)
demo_seeders = ExtensionPoint(
    "accounts.demo_seeders",
    "DemoSeeder(label, seed): the demo data of the apps above, run by `seed_demo` after the "
    "organisation, in registration order. Filled by notifications, indicators, appraisal, "
    "feedback, tpp.",
)


@dataclass(frozen=True)
class EmployeeSection:
    context: dict
    # Querysets of history rows shown in the page's change history (simple-history records).
    history: tuple = ()


@dataclass(frozen=True)
class DemoSeeder:
    label: str
    seed: Callable[[], object]


@dataclass(frozen=True)
class HomeFigure:
    count: int
    label: str  # what is counted, after the number
    explanation: str
    url: str  # the page that lists what is counted
    counted_at: dt.datetime | None = None  # a count kept longer than the card's (once a day)
