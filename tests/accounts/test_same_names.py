"""OPDs and units that share a name (issue 20.5): the code beside the name, a warning on import."""

import pytest
from django.urls import reverse

from accounts.org.forms import UnitChoiceField
from accounts.org.models import OrgUnit
from accounts.org.services import unit_save
from tests.accounts.workbooks import dinkes_rows, validate
from tests.actors import system


@pytest.mark.django_db
def test_a_unit_is_labelled_with_its_code_wherever_it_is_chosen():
    first = unit_save(OrgUnit(code="DINKES", name="Dinas Kesehatan"), actor=system())
    second = unit_save(OrgUnit(code="DINKES2", name="Dinas Kesehatan"), actor=system())

    assert (str(first), second.label) == ("Dinas Kesehatan (DINKES)", "Dinas Kesehatan (DINKES2)")
    field = UnitChoiceField(queryset=OrgUnit.objects.all())
    assert field.label_from_instance(second) == "Dinas Kesehatan (DINKES2)"


@pytest.mark.django_db
def test_the_preview_warns_of_a_new_unit_named_like_a_sibling():
    unit_save(OrgUnit(code="DINKES-LAMA", name="Dinas  kesehatan"), actor=system())

    plan = validate(dinkes_rows())

    assert plan.ok
    (warning,) = plan.warnings
    assert "DINKES" in warning and "DINKES-LAMA" in warning
    assert plan.summary()["warnings"] == [warning]


@pytest.mark.django_db
def test_units_of_one_name_under_different_parents_are_not_warned_of():
    parent = unit_save(OrgUnit(code="DISDIK", name="Dinas Pendidikan"), actor=system())
    unit_save(
        OrgUnit(
            code="DISDIK.P2P", name="Bidang Pencegahan dan Pengendalian Penyakit", parent=parent
        ),
        actor=system(),
    )

    assert validate(dinkes_rows()).warnings == []


def test_lists_filters_and_exports_show_the_code(org, login):
    unit_save(OrgUnit(code="DINKES-B", name="Dinas Kesehatan"), actor=system())

    page = login("admin_bkd").get(reverse("org:employee_list"))

    options = [label for _value, label in page.context["filter"].form.fields["opd"].choices]
    assert {"Dinas Kesehatan (DINKES)", "Dinas Kesehatan (DINKES-B)"} <= set(options)
    assert b"Seksi Surveilans (DINKES.SURV)" in page.content  # the table's unit column
