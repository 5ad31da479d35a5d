"""The navbar's sections: each view declares the one it belongs to, the navbar compares.

`@menu(Menu.MY_TEAM)` on a view function (or a class-based view's class) names the dropdown the
page sits under; accounts.context_processors.menu_section hands it to
templates/partials/navbar.html, which marks that dropdown active by equality. A view without a declaration highlights nothing.
"""

from __future__ import annotations

from enum import StrEnum, nonmember


class Menu(StrEnum):
    HOME = "home"
    MY_PERFORMANCE = "my_performance"
    MY_TEAM = "my_team"
    INDICATORS = "indicators"
    PERFORMANCE = "performance"  # the admins' appraisal pages, reports and charts
    ORGANISATION = "organisation"

    # Templates read Menu.MY_TEAM; without this they would call the class (as Django's Choices).
    do_not_call_in_templates = nonmember(True)


def menu(section: Menu):
    """Declare the navbar section of a view."""

    def declare(view):
        view.menu_section = section
        return view

    return declare


def section_of(view) -> Menu | None:
    """The section a resolved view declared (a function, or the class behind `as_view()`)."""
    section = getattr(view, "menu_section", None)
    if section is None:
        section = getattr(getattr(view, "view_class", None), "menu_section", None)
    return section
