"""The scheme: a change applies from the first month no OPD has locked and keeps its reason; post
classes and named-post bases come from a workbook, all rows or none."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from core.errors import DomainError
from tests.actors import actor
from tpp.choices import BasisKind
from tpp.months.services import month_compute, month_lock
from tpp.schemes import importing
from tpp.schemes.models import PostClass, SchemeVersion
from tpp.schemes.selectors import basis_changes, version_in_force
from tpp.schemes.services import (
    EXAMPLE_CLASS_BASES,
    example_values,
    scheme_start,
    version_save,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def cycle(org):
    cycle = Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN)
    scheme_start(cycle, actor=actor(org.admin_bkd))
    return cycle


def test_a_change_after_a_locked_month_applies_from_the_next(org, cycle):
    by = actor(org.admin_bkd)
    month_lock(month_compute(YEAR, 3, org.dinkes, actor=by), actor=by)
    values = example_values() | {"performance_share": 70, "discipline_share": 30}
    version = version_save(cycle, values, {7: 3_000_000}, "Perkada 12/2026", actor=by)
    assert version.effective_month == 4 and not version.is_example
    assert version_in_force(YEAR, 3).performance_share == 60  # the paid month keeps its numbers
    assert version_in_force(YEAR, 4).performance_share == 70
    assert version.bases.get(kind=BasisKind.CLASS, kelas=7).amount == 3_000_000
    assert version.history.first().history_change_reason == "Perkada 12/2026"


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"performance_share": 70}, "x"), ({}, "  "), ({"late_percent": ["1"]}, "x")],
)
def test_a_bad_change_is_refused_and_nothing_saved(org, cycle, change, reason):
    with pytest.raises(DomainError):
        version_save(cycle, example_values() | change, {}, reason, actor=actor(org.admin_bkd))
    assert SchemeVersion.objects.count() == 1


def _workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(importing.HEADERS))
    for row in rows:
        sheet.append(row)
    stream = BytesIO()
    book.save(stream)
    return SimpleUploadedFile("kelas.xlsx", stream.getvalue())


def test_post_classes_and_named_bases_are_imported_whole(org, cycle):
    good = _workbook(
        [["DINKES.SURV", "Pengelola Data", 7, None], ["DINKES", "Analis SDM", 8, 3_500_000]]
    )
    found = importing.read(good)
    assert found.ok, found.errors
    assert (
        importing.posts_import(cycle, found, "Perbup kelas jabatan", actor=actor(org.admin_bkd))
        == 2
    )
    assert PostClass.objects.get(position=org.staff_pos).kelas == 7
    version = version_in_force(YEAR, 1)
    assert version.bases.get(kind=BasisKind.POST).amount == 3_500_000
    bad = importing.read(
        _workbook(
            [
                ["DINKES.SURV", "Pengelola Data", 9, None],
                ["DINKES", "Tidak Ada", 8, None],
                ["DINKES", "Analis SDM", 18, None],
            ]
        )
    )
    assert [row for row, _ in bad.errors] == [3, 4] and not bad.ok
    with pytest.raises(DomainError):
        importing.posts_import(cycle, bad, "x", actor=actor(org.admin_bkd))
    assert PostClass.objects.get(position=org.staff_pos).kelas == 7  # nothing of it written


def test_the_template_lists_every_post_and_the_page_takes_it_back(org, cycle, login):
    client = login("admin_bkd")
    url = reverse("tpp:scheme_posts", args=[YEAR])
    sheet = load_workbook(BytesIO(client.get(url, {"template": "1"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == importing.HEADERS and ("DINKES.SURV", "Pengelola Data", None, None) in rows
    response = client.post(
        url, {"file": _workbook([["DINKES.SURV", "Pengelola Data", 6, None]]), "reason": "Perbup"}
    )
    assert response.status_code == 302 and PostClass.objects.get(position=org.staff_pos).kelas == 6


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2500000, 2500000), ("2.500.000", 2500000), ("2,500,000", 2500000), ("2500000.00", 2500000),
     ("2500000,00", 2500000), ("2.5", None), ("2,50", None), ("abc", None), (2500000.5, None)],
)  # fmt: skip
def test_a_basis_is_read_as_indonesians_write_it_never_a_hundred_times_too_big(value, expected):
    number, ok = importing._whole(value, 0, importing.MAX_BASIS)
    assert (number if ok else None) == expected


def test_a_functional_level_typed_on_the_scheme_page_beats_its_class(org, cycle, login):
    from accounts.choices import Jenjang, PositionKind
    from tpp.months.inputs import BasisTable
    from tpp.schemes.forms import initial_from

    expert = f"jenjang_{PositionKind.FUNGSIONAL_KEAHLIAN}_{Jenjang.AHLI_MUDA}"
    version = version_in_force(YEAR, 1)
    data = {key: value for key, value in initial_from(version).items() if value is not None}
    data |= {expert: "5250000", "reason": "Perkada 3/2026: jenjang"}
    client = login("admin_bkd")
    page = client.get(reverse("tpp:scheme_edit", kwargs={"year": YEAR}))
    assert expert in page.content.decode()
    answer = client.post(reverse("tpp:scheme_edit", kwargs={"year": YEAR}), data)
    assert answer.status_code == 302, answer.context["form"].errors
    version = version_in_force(YEAR, 1)
    row = version.bases.get(kind=BasisKind.JENJANG)
    assert (row.position_kind, row.jenjang, row.amount) == (
        PositionKind.FUNGSIONAL_KEAHLIAN, Jenjang.AHLI_MUDA, 5_250_000,
    )  # fmt: skip
    bases = BasisTable(version, set())
    assert bases.amount(0, PositionKind.FUNGSIONAL_KEAHLIAN, Jenjang.AHLI_MUDA) == 5_250_000
    assert initial_from(version)[expert] == 5_250_000
    # Emptied again, the level is paid by its class.
    data[expert] = ""
    client.post(reverse("tpp:scheme_edit", kwargs={"year": YEAR}), data | {"reason": "kembali"})
    assert not version_in_force(YEAR, 1).bases.filter(kind=BasisKind.JENJANG).exists()


def test_every_basis_change_is_kept_with_its_reason_and_listed_on_the_year_page(
    org, cycle, login, english
):
    by = actor(org.admin_bkd)
    month_lock(month_compute(YEAR, 3, org.dinkes, actor=by), actor=by)
    bases = dict(EXAMPLE_CLASS_BASES) | {7: 3_000_000}
    del bases[17]
    version_save(cycle, example_values(), bases, "Perkada 12/2026", actor=by)
    importing.posts_import(
        cycle,
        importing.read(_workbook([["DINKES", "Analis SDM", None, 3_500_000]])),
        "Perkada 12/2026 lampiran",
        actor=by,
    )

    changes = basis_changes(cycle)
    started = version_in_force(YEAR, 1).history.earliest().history_change_reason
    assert (
        [(c.key, c.before, c.after, c.effective_month, c.reason) for c in changes]
        == [
            ("Post: Analis SDM", None, 3_500_000, 4, "Perkada 12/2026 lampiran"),
            ("Post class 17", 17_000_000, None, 4, "Perkada 12/2026"),
            ("Post class 7", 2_800_000, 3_000_000, 4, "Perkada 12/2026"),
        ]
        + [  # the example's own rows, as the scheme was started
            (f"Post class {kelas}", None, amount, 1, started)
            for kelas, amount in sorted(EXAMPLE_CLASS_BASES.items(), reverse=True)
        ][:27]
    )
    assert {c.who for c in changes} == {org.admin_bkd.user.username}  # no full name in tests
    # The month paid under the example keeps its rows untouched.
    assert version_in_force(YEAR, 3).bases.get(kelas=17).amount == 17_000_000

    page = login("admin_bkd").get(reverse("tpp:admin"), {"year": YEAR})
    listed = page.content.decode()
    assert 'data-testid="tpp-basis-changes"' in listed and "Perkada 12/2026 lampiran" in listed
