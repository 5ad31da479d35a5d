"""The navbar marks the section a page's view declared (core.menus), by equality."""

import re

import pytest
from django.urls import resolve, reverse

from core.menus import Menu, section_of

ACTIVE_TOGGLE = re.compile(
    r'class="nav-link dropdown-toggle active"[^>]*>\s*<i[^>]*></i>\s*([^<]+)<'
)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "section"),
    [
        ("home", {}, Menu.HOME),
        ("appraisal:my_skp", {}, Menu.MY_PERFORMANCE),
        ("appraisal:daily_log", {}, Menu.MY_PERFORMANCE),
        ("appraisal:my_results", {}, Menu.MY_PERFORMANCE),
        ("appraisal:team", {}, Menu.MY_TEAM),
        ("appraisal:team_daily_log", {}, Menu.MY_TEAM),
        ("appraisal:team_scoring", {}, Menu.MY_TEAM),
        ("appraisal:objection_queue", {}, Menu.MY_TEAM),
        ("indicators:search", {}, Menu.INDICATORS),
        ("appraisal:monitoring", {}, Menu.PERFORMANCE),
        ("appraisal:cycle_list", {}, Menu.PERFORMANCE),
        ("appraisal:reminders", {}, Menu.PERFORMANCE),
        ("reports:index", {}, Menu.PERFORMANCE),
        ("tpp:admin", {}, Menu.PERFORMANCE),
        ("tpp:mine", {}, Menu.MY_PERFORMANCE),
        ("reports:audit", {}, Menu.PERFORMANCE),
        ("privacy:access_log", {}, Menu.PERFORMANCE),
        ("privacy:my_data", {}, None),  # the user menu: no section
        ("org:employee_list", {}, Menu.ORGANISATION),
        ("org:unit_list", {}, Menu.ORGANISATION),
        ("imports:upload", {}, Menu.ORGANISATION),
        ("account_admin:overview", {}, Menu.ORGANISATION),
        ("feedback:thread_list", {}, None),  # in two menus: neither is marked
    ],
)
def test_each_view_declares_its_section(url_name, kwargs, section):
    assert section_of(resolve(reverse(url_name, kwargs=kwargs)).func) == section


def _active(response) -> list[str]:
    return [label.strip() for label in ACTIVE_TOGGLE.findall(response.content.decode())]


@pytest.mark.django_db
def test_the_navbar_marks_one_dropdown(login, english):
    assert _active(login("ppk").get(reverse("appraisal:team"))) == ["My team"]
    assert _active(login("pegawai").get(reverse("appraisal:daily_log"))) == ["My performance"]
    assert _active(login("admin_bkd").get(reverse("org:employee_list"))) == ["Organisation"]


@pytest.mark.django_db
def test_ones_own_employee_page_is_a_profile_not_organisation(login, org, english):
    admin = login("admin_opd")
    own = admin.get(reverse("org:employee_detail", args=[org.admin_opd.nip]))
    other = admin.get(reverse("org:employee_detail", args=[org.pegawai.nip]))
    assert own.status_code == other.status_code == 200
    assert _active(own) == []
    assert _active(other) == ["Organisation"]
