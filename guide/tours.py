"""The first-login tours: per role, a few steps pointing at the real elements of the home page
and saying what to do first. The home page starts the tour of a person's main role once; the
help menu replays any of theirs (`?tur=<key>` on the home page).

A step names its element by CSS selectors, the first one visible wins: on a phone the navbar's
menus are folded, so a step about a menu points at the menu button instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

MENU_BUTTON = ".navbar-toggler"


@dataclass(frozen=True)
class Step:
    selectors: tuple[str, ...]
    title: str | Promise
    text: str | Promise


@dataclass(frozen=True)
class Tour:
    key: str
    label: str | Promise
    steps: tuple[Step, ...]


HELP = Step(
    ('[data-tour="help"]', MENU_BUTTON),
    _("Help when you need it"),
    _(
        "Guides for every task, and this tour again, are in the Help menu. On a form, press the "
        "question mark beside a term such as RHK or IKI to see what it means."
    ),
)

TOURS = {
    tour.key: tour
    for tour in (
        Tour(
            "pegawai",
            _("Tour for employees"),
            (
                Step(
                    ('section[aria-labelledby="card-tasks"]',),
                    _("Start here: your tasks"),
                    _(
                        "What needs doing now: writing your SKP, a realisation that is due, a "
                        "result to read. Each task opens the page where you do it."
                    ),
                ),
                Step(
                    ('section[aria-labelledby="card-me"]',),
                    _("Your post and your appraisers"),
                    _(
                        "Your PPK approves your plan and rates you. If the wrong person is shown, "
                        "tell your OPD's administrator before you submit anything."
                    ),
                ),
                Step(
                    ('[data-tour="my-performance"]', MENU_BUTTON),
                    _("My performance"),
                    _(
                        "Your SKP, realisations with evidence, daily progress, results, "
                        "objections and your TPP, month by month."
                    ),
                ),
                HELP,
            ),
        ),
        Tour(
            "ppk",
            _("Tour for appraising officials"),
            (
                Step(
                    ('section[aria-labelledby="card-team"]',),
                    _("The people you appraise"),
                    _(
                        "Everyone whose PPK you are. Approve or return their plans, follow their "
                        "progress, give feedback and rate them at the end of each period."
                    ),
                ),
                Step(
                    ('section[aria-labelledby="card-tasks"]',),
                    _("Decisions waiting for you"),
                    _("Plans to approve and evaluations to finish are listed here first."),
                ),
                Step(
                    ('[data-tour="my-team"]', MENU_BUTTON),
                    _("My team"),
                    _("Plans to review, scoring, the performance matrix, feedback and coaching."),
                ),
                HELP,
            ),
        ),
        Tour(
            "admin_opd",
            _("Tour for OPD administrators"),
            (
                Step(
                    ('section[aria-labelledby="card-admin"]',),
                    _("Your OPD at a glance"),
                    _(
                        "Vacant posts, people without a post and acting officials: fix them "
                        "first, since every plan and every rating follows the reporting line."
                    ),
                ),
                Step(
                    ('[data-tour="organisation"]', MENU_BUTTON),
                    _("Organisation"),
                    _("Units, posts and people, imports from Excel, accounts and mutasi."),
                ),
                Step(
                    ('[data-tour="performance"]', MENU_BUTTON),
                    _("Performance"),
                    _(
                        "Monitoring who is late, reminders, calibration, objections, reports "
                        "and TPP for your OPD."
                    ),
                ),
                HELP,
            ),
        ),
        Tour(
            "admin_bkd",
            _("Tour for BKD administrators"),
            (
                Step(
                    ('section[aria-labelledby="card-admin"]',),
                    _("The whole agency at a glance"),
                    _(
                        "Every OPD with its people and posts, vacancies and the employees whose "
                        "plan cannot proceed. Start the year by checking them."
                    ),
                ),
                Step(
                    ('[data-tour="performance"]', MENU_BUTTON),
                    _("Cycles, deadlines and closing"),
                    _(
                        "Open the year's cycle and its windows, follow the progress of every "
                        "OPD, calibrate against the curve, close, and run TPP."
                    ),
                ),
                Step(
                    ('[data-tour="organisation"]', MENU_BUTTON),
                    _("Organisation and connections"),
                    _(
                        "Import people and posts, grant administrator roles, and connect SIASN "
                        "and the API."
                    ),
                ),
                HELP,
            ),
        ),
    )
}


def tours_for(roles) -> list[Tour]:
    """The tours of a person's roles, the main role first."""
    keys = []
    if roles.is_admin_bkd:
        keys.append("admin_bkd")
    elif roles.admin_opd_ids:
        keys.append("admin_opd")
    if roles.employee is not None:
        if roles.may_appraise:
            keys.append("ppk")
        keys.append("pegawai")
    return [TOURS[key] for key in keys]


def steps_data(tour: Tour) -> list[dict]:
    """The steps as the page's script reads them (text escaped: the library writes it as HTML)."""
    return [
        {"selectors": list(step.selectors), "title": escape(step.title), "text": escape(step.text)}
        for step in tour.steps
    ]
