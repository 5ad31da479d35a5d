"""Example plans from the employee's side (issue 29, item 3): the examples that suit the post
first, one copied into an empty draft as a start, the plan marked as adapted from it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from appraisal.choices import Section, SkpStatus
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services import edit as skp_edit
from core.errors import DomainError
from tests.actors import actor
from tests.indicators.helpers import make_entry, make_example

pytestmark = pytest.mark.django_db


def test_an_example_no_longer_offered_is_not_listed_nor_copied(org, plan, login):
    example = make_example(title="Pengelola Data", terms="pengelola data")
    client = login("admin_bkd")
    client.post(reverse("indicators:example_toggle", args=[example.public_id]))
    example.refresh_from_db()
    assert not example.is_active
    skp = plan.start(org.pegawai)
    page = login("pegawai").get(reverse("appraisal:skp_examples", args=[skp.public_id]))
    assert page.context["suiting"] == [] and page.context["others"] == []
    assert 'data-testid="copy-example"' not in page.content.decode()
    copied = login("pegawai").post(
        reverse("appraisal:skp_copy_example", args=[skp.public_id]),
        {"example": str(example.public_id)},
    )
    assert copied.status_code == 404 and not skp.rhks.exists()
    client.post(reverse("indicators:example_toggle", args=[example.public_id]))
    example.refresh_from_db()
    assert example.is_active


def test_the_examples_for_the_post_come_first_then_the_others(org, plan, login):
    make_example(title="Pengelola Data Kesehatan", terms="pengelola data")
    make_example(title="Surveilans", terms="surveilans")  # the unit's name: Seksi Surveilans
    make_example(title="Guru", terms="guru")
    skp = plan.start(org.pegawai)
    url = reverse("appraisal:skp_examples", args=[skp.public_id])
    response = login("pegawai").get(url)
    assert [e.title for e in response.context["suiting"]] == [
        "Pengelola Data Kesehatan",
        "Surveilans",
    ]
    assert [e.title for e in response.context["others"]] == ["Guru"]
    searched = login("pegawai").get(url, {"q": "guru"})
    assert searched.context["suiting"] == [] and len(searched.context["others"]) == 1


def test_copying_an_example_starts_the_draft_and_notes_where_it_came_from(org, plan, login):
    first = make_entry(rhk="Data surveilans tersaji", indicators=(("Jumlah laporan", "kuantitas"),))
    second = make_entry(
        rhk="Sistem informasi terpelihara",
        indicators=(("Jumlah pembaruan", "kuantitas"), ("Persentase data valid", "kualitas")),
    )
    extra = make_entry(rhk="Tugas piket", indicators=(("Jumlah piket", "kuantitas"),))
    example = make_example(
        title="Pengelola Data",
        terms="pengelola data",
        entries=[first, second],
        tambahan=[extra],
        dukungan="Komputer\nJaringan",
        konsekuensi="Sesuai ketentuan",
    )
    skp = plan.start(org.pegawai)
    client = login("pegawai")
    response = client.post(
        reverse("appraisal:skp_copy_example", args=[skp.public_id]),
        {"example": str(example.public_id)},
    )
    assert response.url == reverse("appraisal:skp_detail", args=[skp.public_id])
    rhks = list(skp.rhks.order_by("section", "order"))
    assert [(r.section, r.order, r.text) for r in rhks] == [
        (Section.TAMBAHAN, 1, "Tugas piket"),
        (Section.UTAMA, 1, "Data surveilans tersaji"),
        (Section.UTAMA, 2, "Sistem informasi terpelihara"),
    ]
    assert [i.indicator for i in rhks[2].ikis.order_by("order")] == [
        "Jumlah pembaruan",
        "Persentase data valid",
    ]
    assert rhks[1].intervened is None  # the link to the PPK's RHK is the owner's to choose
    assert [(lamp.kind, lamp.text) for lamp in skp.lampiran.order_by("kind", "order")] == [
        ("dukungan", "Komputer"),
        ("dukungan", "Jaringan"),
        ("konsekuensi", "Sesuai ketentuan"),
    ]
    skp.refresh_from_db()
    assert skp.adapted_from == example
    assert "Pengelola Data" in skp.history.first().history_change_reason
    page = client.get(reverse("appraisal:skp_detail", args=[skp.public_id]))
    assert 'data-testid="adapted-from"' in page.content.decode()
    # The example edited later changes no plan: the copy is the employee's own text.
    first.rhk = "Teks baru di pustaka"
    first.save()
    assert Rhk.objects.filter(skp=skp, text="Data surveilans tersaji").exists()


def test_an_example_is_copied_only_into_an_empty_draft(org, plan, login, english):
    example = make_example()
    skp = plan.start(org.pegawai)
    plan.add_rhk(skp, text="Sudah ada")
    with pytest.raises(DomainError, match="empty SKP"):
        skp_edit.skp_copy_example(skp, example, actor=actor(org.pegawai))
    page = login("pegawai").get(reverse("appraisal:skp_examples", args=[skp.public_id]))
    html = page.content.decode()
    assert 'data-testid="examples-not-empty"' in html and 'data-testid="copy-example"' not in html
    assert skp.rhks.count() == 1


def test_only_the_owner_copies_and_not_after_submitting(org, plan, english):
    example = make_example()
    skp = plan.start(org.pegawai)
    with pytest.raises(PermissionDenied):
        skp_edit.skp_copy_example(skp, example, actor=actor(org.ppk))
    skp.status = "submitted"
    skp.save()
    with pytest.raises(DomainError):
        skp_edit.skp_copy_example(skp, example, actor=actor(org.pegawai))
    assert not skp.rhks.exists()


def test_the_ppk_sees_the_plan_was_adapted_from_an_example(org, plan, login):
    kadis, kabid, kasi = plan.chain()
    example = make_example()
    skp = plan.start(org.pegawai)
    skp_edit.skp_copy_example(skp, example, actor=actor(org.pegawai))
    Skp.objects.filter(pk=skp.pk).update(status=SkpStatus.SUBMITTED)
    page = login("ppk").get(reverse("appraisal:skp_review", args=[skp.public_id]))
    assert page.status_code == 200
    assert 'data-testid="adapted-from"' in page.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_examples_page_costs_the_same_queries_for_2_and_12_examples(
    org, plan, login, django_assert_num_queries, count
):
    for n in range(count):
        make_example(
            title=f"Contoh {n:02d}",
            terms="pengelola" if n % 2 else "guru",
            entries=[make_entry(rhk=f"RHK {n}"), make_entry(rhk=f"RHK {n} b")],
        )
    skp = plan.start(org.pegawai)
    client = login("pegawai")
    url = reverse("appraisal:skp_examples", args=[skp.public_id])
    client.get(url)  # warm the session
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["suiting"]) + len(response.context["others"]) == count


def test_an_entry_withdrawn_from_the_library_is_neither_shown_nor_copied(org, plan):
    kept, withdrawn = make_entry(rhk="Masih dipakai"), make_entry(rhk="Sudah ditarik")
    example = make_example(
        title="Pengelola Data", terms="pengelola data", entries=[kept, withdrawn]
    )
    withdrawn.is_active = False
    withdrawn.save()
    skp = plan.start(org.pegawai)
    from indicators.selectors import example_for_use

    assert (
        skp_edit.skp_copy_example(skp, example_for_use(example.public_id), actor=actor(org.pegawai))
        == 1
    )
    assert list(skp.rhks.values_list("text", flat=True)) == ["Masih dipakai"]


def test_the_note_of_the_example_follows_a_revision_and_leaves_with_last_years_copy(
    org, plan, cycle
):
    import datetime as dt

    from django.utils import timezone

    from appraisal.plans.services import flow
    from tests.appraisal.conftest import Plan, open_cycle_for

    example = make_example()
    kasi = plan.chain()[2]
    skp = plan.start(org.pegawai)
    skp_edit.skp_copy_example(skp, example, actor=actor(org.pegawai))
    rhk = skp.rhks.get()
    rhk.intervened = kasi.rhks.get()
    rhk.save()
    flow.skp_submit(skp, actor=actor(org.pegawai))
    flow.skp_approve(skp, actor=actor(org.ppk))
    revision = flow.skp_revise(
        Skp.objects.get(pk=skp.pk), "Target disesuaikan", actor=actor(org.pegawai)
    )
    assert revision.adapted_from == example

    # A draft started from the example, emptied, then filled from last year's plan.
    last = open_cycle_for(cycle.year - 1, (dt.date(cycle.year - 1, 1, 1), timezone.localdate()))
    old = Plan(org, last).start(org.colleague)
    Plan(org, last).add_rhk(old, text="RHK tahun lalu", section="tambahan")
    draft = plan.start(org.colleague)
    from tests.appraisal.conftest import owner

    skp_edit.skp_copy_example(draft, example, actor=owner(org.colleague))
    draft.rhks.all().delete()
    skp_edit.skp_copy_previous(draft, actor=owner(org.colleague))
    draft.refresh_from_db()
    assert draft.adapted_from is None
