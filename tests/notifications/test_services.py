"""notify(), marking read and the text in the reader's language."""

import pytest
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_noop

from notifications import selectors, services
from notifications.models import Notification
from tests.actors import actor, system

# A msgid the Indonesian catalogue already holds, so the test does not depend on new strings.
SAVED = gettext_noop("Unit %(name)s saved.")


def test_notify_sends_once_to_each_recipient_and_never_to_the_actor(org):
    pegawai, ppk, atasan = org.pegawai.user, org.ppk.user, org.atasan_ppk.user

    created = services.notify(
        [pegawai, ppk.pk, None, pegawai, ppk, atasan],
        SAVED,
        {"name": "Surveilans"},
        url="/kelola/",
        actor=actor(org.atasan_ppk),
    )

    assert created == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "kasi",
        "pegawai",
    ]
    notification = Notification.objects.get(recipient=pegawai)
    assert notification.actor == atasan
    assert notification.params == {"name": "Surveilans"}
    assert notification.url == "/kelola/"
    assert notification.read_at is None


def test_a_rolled_back_change_leaves_no_notification_behind(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify([org.pegawai.user], SAVED, {"name": "A"}, actor=system())
        raise RuntimeError("the state change failed")

    assert not Notification.objects.exists()


def test_notify_with_nobody_left_creates_nothing(org, django_assert_num_queries):
    ppk = actor(org.ppk)
    with django_assert_num_queries(0):
        assert services.notify([None, org.ppk.user], SAVED, actor=ppk) == 0


def test_notify_stores_dates_and_numbers_as_plain_json(org):
    import datetime as dt
    from decimal import Decimal

    services.notify(
        [org.pegawai.user],
        SAVED,
        {"name": dt.date(2026, 1, 31), "score": Decimal("90.5")},
        actor=system(),
    )

    assert Notification.objects.get().params == {"name": "2026-01-31", "score": "90.5"}


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "kinerja/"])
def test_notify_refuses_a_link_that_is_not_a_local_path(org, url):
    with pytest.raises(ValueError):
        services.notify([org.pegawai.user], SAVED, url=url, actor=system())
    assert not Notification.objects.exists()


def test_text_is_translated_into_the_readers_language(org):
    services.notify([org.pegawai.user], SAVED, {"name": "Surveilans"}, actor=system())
    notification = Notification.objects.get()

    with translation.override("id"):
        assert notification.text == "Unit kerja Surveilans telah disimpan."
    with translation.override("en"):
        assert notification.text == "Unit Surveilans saved."


def test_text_with_a_missing_param_shows_the_message_instead_of_crashing(org, english):
    notification = Notification(recipient=org.pegawai.user, message=SAVED, params={})

    assert notification.text == SAVED


def test_mark_read_marks_the_recipients_own_notification_once(org):
    services.notify([org.pegawai.user], SAVED, {"name": "A"}, actor=system())
    notification = Notification.objects.get()

    first = services.mark_read(notification.public_id, actor=actor(org.pegawai))
    again = services.mark_read(notification.public_id, actor=actor(org.pegawai))

    assert first.read_at is not None
    assert again.read_at == first.read_at
    assert selectors.unread_count(org.pegawai.user) == 0


def test_mark_read_of_someone_elses_notification_is_not_found(org):
    services.notify([org.pegawai.user], SAVED, {"name": "A"}, actor=system())
    notification = Notification.objects.get()

    with pytest.raises(Http404):
        services.mark_read(notification.public_id, actor=actor(org.ppk))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_unread_notifications(org):
    services.notify([org.pegawai.user, org.ppk.user], SAVED, {"name": "A"}, actor=system())
    services.notify([org.pegawai.user], SAVED, {"name": "B"}, actor=system())

    assert services.mark_all_read(actor=actor(org.pegawai)) == 2
    assert services.mark_all_read(actor=actor(org.pegawai)) == 0
    assert selectors.unread_count(org.pegawai.user) == 0
    assert selectors.unread_count(org.ppk.user) == 1


def test_inbox_is_the_users_own_newest_first_and_can_show_only_unread(org):
    services.notify([org.pegawai.user], SAVED, {"name": "old"}, actor=system())
    services.notify([org.pegawai.user, org.ppk.user], SAVED, {"name": "new"}, actor=system())
    newest = Notification.objects.filter(recipient=org.pegawai.user).order_by("-pk").first()
    older = Notification.objects.filter(recipient=org.pegawai.user).order_by("pk").first()
    services.mark_read(older.public_id, actor=actor(org.pegawai))

    assert list(selectors.inbox(org.pegawai.user)) == [newest, older]
    assert list(selectors.inbox(org.pegawai.user, unread_only=True)) == [newest]
