"""Small things users noticed (issue 20.15): labels, full stops, period order, extension audit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from appraisal.choices import CycleStatus, ExtensionScope, WindowKind
from appraisal.cycles import services
from appraisal.cycles.models import WindowExtension
from appraisal.evaluation.models import Evaluation
from core.text import one_full_stop
from tests.actors import actor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diajukan kepada Dr. Sari, M.M..", "Diajukan kepada Dr. Sari, M.M."),
        (
            "Diputuskan oleh Budi, S.E.. Keputusan final.",
            "Diputuskan oleh Budi, S.E. Keputusan final.",
        ),
        ("Diajukan kepada Budi.", "Diajukan kepada Budi."),
        ("Tunggu...", "Tunggu..."),  # an ellipsis stays
    ],
)
def test_a_sentence_ending_in_an_academic_title_keeps_one_full_stop(text, expected):
    assert one_full_stop(text) == expected


def test_the_cycle_list_tells_the_state_from_the_action(org, login):
    """The state "open" is "Dibuka", the button "Lihat": both were the msgid "Open" ("Buka")."""
    services.cycle_open(
        services.cycle_create(2027, "triwulanan", 14, None, actor=actor(org.admin_bkd)),
        actor=actor(org.admin_bkd),
    )

    page = login("admin_bkd").get(reverse("appraisal:cycle_list")).content.decode()

    with translation.override("id"):
        state, action = str(CycleStatus.OPEN.label), translation.gettext("View")
    assert state != action and state != translation.gettext("Open")
    assert f">{state}</span>" in page
    detail = reverse("appraisal:cycle_detail", args=[2027])
    assert f'href="{detail}">{action}</a>' in page


def test_results_are_listed_in_period_order_the_year_last(org, login, approved):
    for period in (0, 2, 1):
        Evaluation.objects.create(skp=approved, period=period)

    page = login("pegawai").get(reverse("appraisal:my_results"))

    assert [e.period for e in page.context["evaluations"]] == [1, 2, 0]


def test_an_extension_audit_entry_names_the_window_the_target_and_the_new_date(org):
    cycle = services.cycle_open(
        services.cycle_create(2027, "triwulanan", 14, None, actor=actor(org.admin_bkd)),
        actor=actor(org.admin_bkd),
    )
    window = cycle.windows.get(kind=WindowKind.SKP)
    with translation.override("en"):
        services.window_extend(
            window,
            ExtensionScope.OPD,
            dt.date(2027, 2, 10),
            "Banjir",
            actor=actor(org.admin_bkd),
            opd=org.dinkes,
        )

    reason = WindowExtension.history.get().history_change_reason
    with translation.override("en"):
        assert str(window) in reason and "10 February 2027" in reason
    assert "Dinas Kesehatan (DINKES)" in reason and reason.endswith(": Banjir")
