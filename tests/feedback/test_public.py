"""Public feedback: the form and its abuse protections, moderation, aggregates and scopes."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse

from feedback.choices import DropReason
from feedback.public import services
from feedback.public.models import PublicChannel, PublicDrop, PublicFeedback
from feedback.public.selectors import summary
from tests.actors import actor, system
from tests.factories import EmployeeFactory, place
from tests.feedback import fixtures_public
from tests.feedback.fixtures_public import add_feedback, form_data

pytestmark = pytest.mark.django_db
# The shared fixtures, made visible to pytest in this module.
no_wait = fixtures_public.no_wait
surv_channel = fixtures_public.surv_channel


def _url(channel):
    return reverse("public:form", args=[channel.code])


def _drops(channel, reason) -> int:
    row = PublicDrop.objects.filter(channel=channel, reason=reason).first()
    return row.count if row else 0


# ----- the form ---------------------------------------------------------------------------------
def test_a_visitor_sees_the_form_without_logging_in_and_no_navigation(client, surv_channel):
    response = client.get(_url(surv_channel))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Seksi Surveilans" in html and "Keramahan" in html
    assert 'name="website"' in html and 'name="stamp"' in html
    assert "navbar" not in html and "/accounts/logout/" not in html


def test_a_submission_is_saved_and_thanked(client, surv_channel, no_wait):
    response = client.post(_url(surv_channel), form_data(surv_channel), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    assert response.url == reverse("public:thanks", args=[surv_channel.code])
    saved = PublicFeedback.objects.get()
    assert (saved.keramahan, saved.kecepatan, saved.kejelasan) == (5, 4, 3)
    assert "10.0.0.7" not in saved.client_hash and len(saved.client_hash) == 64
    assert saved.client_hash == services.client_hash("10.0.0.7")
    assert client.get(response.url).status_code == 200


def test_a_missing_rating_shows_the_form_again_with_what_was_typed(client, surv_channel, no_wait):
    data = form_data(surv_channel, comment="Tolong perbaiki papan informasi")
    del data["kejelasan"]
    response = client.post(_url(surv_channel), data)
    assert response.status_code == 200
    assert "Tolong perbaiki papan informasi" in response.content.decode()
    assert not PublicFeedback.objects.exists()


def test_a_short_code_is_typed_in_any_case(client, surv_channel):
    assert client.get(_url(surv_channel).upper().replace("/U/", "/u/")).status_code == 200


def test_an_inactive_link_takes_nothing(client, surv_channel, no_wait):
    services.channel_set_active(surv_channel, False, actor=system())
    assert client.get(_url(surv_channel)).status_code == 410
    client.post(_url(surv_channel), form_data(surv_channel))
    assert not PublicFeedback.objects.exists()


def test_an_unknown_code_is_not_found(client, db):
    assert client.get(reverse("public:form", args=["tidakada"])).status_code == 404


# ----- abuse protections ------------------------------------------------------------------------
def test_a_burst_from_one_client_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
    client, surv_channel, no_wait, settings
):
    settings.PUBLIC_FEEDBACK_RATE = "3/10m"
    for n in range(3):
        response = client.post(
            _url(surv_channel),
            form_data(surv_channel, comment=f"Masukan {n}"),
            REMOTE_ADDR="1.2.3.4",
        )
        assert response.status_code == 302
    response = client.post(
        _url(surv_channel),
        form_data(surv_channel, comment="Komentar yang panjang sekali"),
        REMOTE_ADDR="1.2.3.4",
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Komentar yang panjang sekali" in html
    assert 'value="5" autocomplete="off" checked' in html
    assert 'data-testid="form-error"' in html
    assert PublicFeedback.objects.count() == 3
    assert _drops(surv_channel, DropReason.RATE_LIMIT) == 1
    # Another client is not affected.
    other = client.post(_url(surv_channel), form_data(surv_channel), REMOTE_ADDR="5.6.7.8")
    assert other.status_code == 302


def test_a_filled_honeypot_is_thanked_but_dropped_and_counted(client, surv_channel, no_wait):
    response = client.post(_url(surv_channel), form_data(surv_channel, website="http://spam"))
    assert response.status_code == 302
    assert response.url == reverse("public:thanks", args=[surv_channel.code])
    assert not PublicFeedback.objects.exists()
    assert _drops(surv_channel, DropReason.HONEYPOT) == 1


def test_a_too_fast_submission_is_dropped_and_counted(client, surv_channel, settings):
    settings.PUBLIC_FEEDBACK_MIN_SECONDS = 3
    response = client.post(_url(surv_channel), form_data(surv_channel))
    assert response.status_code == 302
    assert not PublicFeedback.objects.exists()
    assert _drops(surv_channel, DropReason.TOO_FAST) == 1


def test_a_forged_or_missing_stamp_counts_as_too_fast(client, surv_channel, no_wait):
    client.post(_url(surv_channel), form_data(surv_channel, stamp="1700000000"))
    client.post(_url(surv_channel), form_data(surv_channel, stamp=""))
    assert not PublicFeedback.objects.exists()
    assert _drops(surv_channel, DropReason.TOO_FAST) == 2


def test_a_stamp_from_another_channel_does_not_count(client, surv_channel, org, no_wait):
    other = services.channel_for_unit(org.p2p, actor=actor(org.admin_bkd))
    client.post(_url(surv_channel), form_data(surv_channel, stamp=form_data(other)["stamp"]))
    assert _drops(surv_channel, DropReason.TOO_FAST) == 1


def test_the_same_feedback_twice_from_one_client_is_dropped_and_counted(
    client, surv_channel, no_wait
):
    client.post(_url(surv_channel), form_data(surv_channel), REMOTE_ADDR="1.1.1.1")
    again = client.post(
        _url(surv_channel),
        form_data(surv_channel, comment="  petugas RAMAH, antrean agak lama. "),
        REMOTE_ADDR="1.1.1.1",
    )
    assert again.status_code == 302
    assert PublicFeedback.objects.count() == 1
    assert _drops(surv_channel, DropReason.DUPLICATE) == 1
    # Another client saying the same thing is not a duplicate.
    client.post(_url(surv_channel), form_data(surv_channel), REMOTE_ADDR="2.2.2.2")
    assert PublicFeedback.objects.count() == 2


def test_drop_counts_add_up_per_day_and_reason(surv_channel):
    day = dt.date(2026, 3, 2)
    for _n in range(3):
        services.drop_count(surv_channel, DropReason.HONEYPOT, day, actor=system())
    services.drop_count(surv_channel, DropReason.TOO_FAST, day, actor=system())
    assert PublicDrop.objects.get(reason=DropReason.HONEYPOT).count == 3
    assert PublicDrop.objects.count() == 2


# ----- channels ---------------------------------------------------------------------------------
def test_codes_are_short_and_use_an_unambiguous_alphabet(surv_channel):
    assert len(surv_channel.code) == services.CODE_LENGTH
    assert not set(surv_channel.code) & set("01ilo")


def test_admin_creates_links_for_all_units_of_their_opd_once(org, login):
    client = login("admin_opd")
    client.post(reverse("feedback:public_channels_create"))
    units = set(PublicChannel.objects.values_list("unit__code", flat=True))
    assert units == {"DINKES", "DINKES.P2P", "DINKES.SURV"}
    client.post(reverse("feedback:public_channels_create"))
    assert PublicChannel.objects.count() == 3


def test_admin_gives_a_front_line_employee_a_link_and_deactivates_it(org, login):
    client = login("admin_opd")
    client.post(reverse("feedback:public_channel_employee"), {"nip": org.colleague.nip})
    channel = PublicChannel.objects.get(employee=org.colleague)
    assert channel.unit == org.surv
    client.post(reverse("feedback:public_channel_deactivate", args=[channel.public_id]))
    channel.refresh_from_db()
    assert channel.active is False


def test_admin_of_another_opd_cannot_give_a_link_to_our_employee(org, login):
    login("admin_opd_other").post(
        reverse("feedback:public_channel_employee"), {"nip": org.colleague.nip}
    )
    assert not PublicChannel.objects.exists()


# ----- moderation -------------------------------------------------------------------------------
def test_admin_hides_an_abusive_comment_with_a_reason_and_never_edits_it(org, login, surv_channel):
    text = "Petugasnya b*d*h semua!"
    item = add_feedback(surv_channel, dt.date(2026, 2, 3), comment=text)
    client = login("admin_opd")
    refused = client.post(reverse("feedback:public_hide", args=[item.public_id]), {"reason": ""})
    assert refused.status_code == 302
    item.refresh_from_db()
    assert item.hidden_at is None
    client.post(reverse("feedback:public_hide", args=[item.public_id]), {"reason": "Kata kasar"})
    item.refresh_from_db()
    assert item.hidden_at is not None
    assert item.hidden_reason == "Kata kasar" and item.hidden_by == org.admin_opd.user
    assert item.comment == text
    client.post(reverse("feedback:public_unhide", args=[item.public_id]), {"reason": "Salah klik"})
    item.refresh_from_db()
    assert item.hidden_at is None and item.hidden_reason == "Salah klik"
    assert item.comment == text


def test_admin_of_another_opd_gets_404_when_hiding(org, login, surv_channel):
    item = add_feedback(surv_channel, dt.date(2026, 2, 3), comment="kasar")
    response = login("admin_opd_other").post(
        reverse("feedback:public_hide", args=[item.public_id]), {"reason": "x"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.hidden_at is None


def test_the_hiding_service_asks_the_same_scope_as_the_page(org, surv_channel):
    item = add_feedback(surv_channel, dt.date(2026, 2, 3), comment="kasar")
    with pytest.raises(PermissionDenied):
        services.feedback_hide(item, "x", actor=actor(org.admin_opd_other))
    with pytest.raises(PermissionDenied):
        services.feedback_hide(item, "x", actor=system())
    services.feedback_hide(item, "x", actor=actor(org.admin_opd))
    with pytest.raises(PermissionDenied):
        services.feedback_unhide(item, "y", actor=actor(org.admin_opd_other))
    item.refresh_from_db()
    assert item.hidden_by == org.admin_opd.user


def test_moderation_lists_only_the_admins_opd_and_filters(org, login, surv_channel):
    add_feedback(surv_channel, dt.date(2026, 2, 3), scores=(1, 2, 2), comment="Lambat sekali")
    add_feedback(surv_channel, dt.date(2026, 2, 4), scores=(5, 5, 5), comment="Mantap", hidden=True)
    outside = services.channel_for_unit(org.disdik, actor=actor(org.admin_bkd))
    add_feedback(outside, dt.date(2026, 2, 4), comment="Sekolah lain")
    html = login("admin_opd").get(reverse("feedback:public_moderation")).content.decode()
    assert "Lambat sekali" in html and "Mantap" in html and "Sekolah lain" not in html
    low = login("admin_opd").get(reverse("feedback:public_moderation"), {"lowest": "2"})
    assert "Lambat sekali" in low.content.decode() and "Mantap" not in low.content.decode()
    hidden = login("admin_opd").get(reverse("feedback:public_moderation"), {"hidden": "hidden"})
    assert "Mantap" in hidden.content.decode() and "Lambat sekali" not in hidden.content.decode()


def test_the_moderation_page_shows_the_drop_counters(org, login, surv_channel, english):
    services.drop_count(surv_channel, DropReason.HONEYPOT, actor=system())
    services.drop_count(surv_channel, DropReason.HONEYPOT, actor=system())
    response = login("admin_opd").get(reverse("feedback:public_moderation"))
    assert ("Hidden field filled (a robot)", 2) in response.context["drops"]


@pytest.mark.parametrize("rows", [3, 30])
def test_moderation_list_query_count_does_not_grow_with_rows(
    org, login, surv_channel, django_assert_num_queries, rows
):
    asn = services.channel_for_employee(org.colleague, actor=actor(org.admin_bkd))
    for n in range(rows):
        add_feedback(asn if n % 2 else surv_channel, dt.date(2026, 1, 1 + n % 28), comment=f"k{n}",
                     client=str(n), hidden=n % 3 == 0)  # fmt: skip
    client = login("admin_opd")
    # session, user, roles (employee, grants), units for the filter, count, page, drops, the
    # context processors (roles' assignments, unread count)
    with django_assert_num_queries(11):
        assert client.get(reverse("feedback:public_moderation")).status_code == 200


@pytest.mark.parametrize("extra", [0, 3])
def test_unit_page_query_count_is_pinned(
    org, login, surv_channel, django_assert_num_queries, extra
):
    for n in range(extra):
        employee = place(EmployeeFactory(name=f"Petugas {n}"), org.staff_pos)
        services.channel_for_employee(employee, actor=actor(org.admin_bkd))
    add_feedback(surv_channel, dt.date.today(), comment="Baik")
    client = login("admin_opd")
    with django_assert_num_queries(13 + (1 if extra else 0)):
        assert client.get(reverse("feedback:public_unit", args=["DINKES.SURV"])).status_code == 200


# ----- aggregates -------------------------------------------------------------------------------
def test_aggregates_equal_a_hand_count(org, surv_channel):
    asn = services.channel_for_employee(org.colleague, actor=actor(org.admin_bkd))
    add_feedback(surv_channel, dt.date(2026, 1, 10), scores=(5, 4, 3))
    add_feedback(surv_channel, dt.date(2026, 1, 20), scores=(4, 4, 4), hidden=True)
    add_feedback(asn, dt.date(2026, 3, 5), scores=(2, 3, 5), client="other")
    add_feedback(surv_channel, dt.date(2025, 12, 31), scores=(1, 1, 1))  # outside the range
    result = summary(Q(channel__unit=org.surv), dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    # By hand: keramahan (5+4+2)/3 = 3.67, kecepatan (4+4+3)/3 = 3.67, kejelasan (3+4+5)/3 = 4
    assert result.count == 3
    assert result.averages == {
        "keramahan": Decimal("3.67"),
        "kecepatan": Decimal("3.67"),
        "kejelasan": Decimal("4.00"),
    }
    assert result.overall == Decimal("3.78")  # 34 / 9
    assert [(m.month.month, m.count) for m in result.months] == [(1, 2), (2, 0), (3, 1)]
    assert result.months[0].averages["keramahan"] == Decimal("4.50")
    assert result.chart()["aspects"][0]["data"] == [4.5, None, 2.0]
    own = summary(Q(channel=asn), dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert own.count == 1 and own.averages["kejelasan"] == Decimal("5.00")


def test_unit_page_leaves_hidden_comments_out_but_counts_their_ratings(org, login, surv_channel):
    today = dt.date.today()
    add_feedback(surv_channel, today, comment="Komentar terlihat")
    add_feedback(surv_channel, today, comment="Komentar kasar", hidden=True, client="z")
    response = login("ppk").get(reverse("feedback:public_unit", args=["DINKES.SURV"]))
    html = response.content.decode()
    assert "Komentar terlihat" in html and "Komentar kasar" not in html
    assert response.context["summary"].count == 2


# ----- scopes -----------------------------------------------------------------------------------
def test_anonymous_reaches_only_the_public_pages(client, surv_channel):
    item = add_feedback(surv_channel, dt.date(2026, 1, 1))
    assert client.get(_url(surv_channel)).status_code == 200
    for url in (
        reverse("feedback:public_moderation"),
        reverse("feedback:public_unit", args=["DINKES.SURV"]),
        reverse("feedback:public_poster", args=[surv_channel.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("feedback:public_hide", args=[item.public_id]), {"reason": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# ----- the poster -------------------------------------------------------------------------------
def test_poster_is_a_pdf_with_the_short_url(org, login, surv_channel, settings):
    settings.SITE_URL = "https://kinerja.contoh.go.id"
    response = login("kepala_unit").get(
        reverse("feedback:public_poster", args=[surv_channel.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from feedback.public.views import poster_html

    html = poster_html(surv_channel)
    assert f"kinerja.contoh.go.id/u/{surv_channel.code}/" in html
    assert "Seksi Surveilans" in html and "Pemerintah Kota Uji" in html
    # The printed address is also a link in the PDF (an URI annotation WeasyPrint writes).
    assert f"https://kinerja.contoh.go.id/u/{surv_channel.code}/".encode() in _inflated(
        response.content
    )


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its Flate streams unpacked (WeasyPrint compresses objects and text)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)
