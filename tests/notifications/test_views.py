"""The inbox page, opening a notification, marking all read, and the bell in the navbar."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from notifications import services
from notifications.context_processors import unread_count
from notifications.models import Notification
from tests.actors import system

SAVED = gettext_noop("Unit %(name)s saved.")
INBOX = reverse("notifications:inbox")


def _notify(user, name="Surveilans", url="/kelola/", **fields):
    services.notify([user], SAVED, {"name": name}, url=url, actor=system())
    notification = Notification.objects.filter(recipient=user).order_by("-pk").first()
    if fields:
        Notification.objects.filter(pk=notification.pk).update(**fields)
        notification.refresh_from_db()
    return notification


def _open(notification):
    return reverse("notifications:open", kwargs={"public_id": notification.public_id})


@pytest.fixture
def client_en(login):
    """A logged-in pegawai whose browser asks for English (pages read the source strings)."""
    client = login("pegawai")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen with the switcher
    return client


def test_inbox_shows_the_users_notifications_translated_with_a_relative_time(org, login):
    _notify(org.pegawai.user, created_at=timezone.now() - dt.timedelta(hours=3))
    _notify(org.ppk.user, name="Milik PPK")

    page = login("pegawai").get(INBOX).content.decode()

    assert "Unit kerja Surveilans telah disimpan." in page
    assert "3\xa0jam yang lalu" in page or "3 jam yang lalu" in page
    assert "Milik PPK" not in page


def test_unread_notifications_are_marked_new_and_the_read_ones_are_not(org, client_en):
    _notify(org.pegawai.user, name="Belum dibaca")
    _notify(org.pegawai.user, name="Sudah dibaca", read_at=timezone.now())

    page = client_en.get(INBOX).content.decode()

    assert page.count(">New</span>") == 1
    assert "Unit Belum dibaca saved." in page and "Unit Sudah dibaca saved." in page


def test_unread_tab_hides_the_read_ones(org, client_en):
    _notify(org.pegawai.user, name="Belum dibaca")
    _notify(org.pegawai.user, name="Sudah dibaca", read_at=timezone.now())

    page = client_en.get(INBOX, {"filter": "unread"}).content.decode()

    assert "Unit Belum dibaca saved." in page
    assert "Unit Sudah dibaca saved." not in page


def test_empty_inbox_says_so(org, client_en):
    page = client_en.get(INBOX).content.decode()

    assert "No notifications yet." in page
    assert "Mark all as read" not in page


def test_inbox_query_count_does_not_grow_with_the_number_of_notifications(org, login):
    client = login("pegawai")

    def queries_for(count):
        Notification.objects.all().delete()
        for i in range(count):
            _notify(org.pegawai.user, name=f"N{i}")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INBOX).status_code == 200
        return len(captured)

    assert queries_for(3) == queries_for(30)


def test_inbox_pages_through_many_notifications(org, client_en):
    for i in range(25):
        _notify(org.pegawai.user, name=f"N{i}")

    first = client_en.get(INBOX).content.decode()
    second = client_en.get(INBOX, {"page": 2}).content.decode()

    assert first.count(">Open</button>") == 20
    assert second.count(">Open</button>") == 5


def test_opening_marks_read_and_goes_to_the_page(org, login):
    notification = _notify(org.pegawai.user, url="/kelola/unit/DINKES/")

    response = login("pegawai").post(_open(notification))

    assert response.status_code == 302
    assert response.url == "/kelola/unit/DINKES/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_not_found(org, login):
    notification = _notify(org.pegawai.user)

    assert login("ppk").post(_open(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_needs_a_post(org, login):
    notification = _notify(org.pegawai.user)

    assert login("pegawai").get(_open(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("url", ["https://evil.example/phish", "//evil.example/", ""])
def test_opening_never_follows_a_link_off_site(org, login, url):
    # notify() refuses such links; a row written another way must still not redirect off-site.
    notification = Notification.objects.create(
        recipient=org.pegawai.user, message=SAVED, params={"name": "X"}, url=url
    )

    response = login("pegawai").post(_open(notification))

    assert response.status_code == 302
    assert response.url == INBOX
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_reads_everything_and_says_how_many(org, client_en):
    _notify(org.pegawai.user, name="A")
    _notify(org.pegawai.user, name="B")
    other = _notify(org.ppk.user, name="C")

    response = client_en.post(reverse("notifications:mark_all_read"), follow=True)

    assert response.redirect_chain == [(INBOX, 302)]
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=org.pegawai.user, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_needs_a_post(org, login):
    _notify(org.pegawai.user)

    assert login("pegawai").get(reverse("notifications:mark_all_read")).status_code == 405
    assert Notification.objects.filter(read_at=None).count() == 1


def test_bell_shows_the_unread_count_with_an_accessible_label(org, client_en):
    _notify(org.pegawai.user, name="A")
    _notify(org.pegawai.user, name="B")
    _notify(org.pegawai.user, name="C", read_at=timezone.now())

    page = client_en.get(reverse("home")).content.decode()

    assert 'aria-label="Notifications, 2 unread"' in page
    assert 'data-testid="notification-count">2</span>' in page


def test_bell_has_no_badge_when_everything_is_read(org, client_en):
    page = client_en.get(reverse("home")).content.decode()

    assert 'aria-label="Notifications, 0 unread"' in page
    assert 'data-testid="notification-count"' not in page


def test_bell_caps_the_badge_at_99(org, client_en):
    Notification.objects.bulk_create(
        Notification(recipient=org.pegawai.user, message=SAVED, params={"name": i})
        for i in range(100)
    )

    page = client_en.get(reverse("home")).content.decode()

    assert 'data-testid="notification-count">99+</span>' in page
    assert 'aria-label="Notifications, 100 unread"' in page


def test_context_processor_counts_in_one_query_and_only_when_read(org, django_assert_num_queries):
    _notify(org.pegawai.user, name="A")
    _notify(org.pegawai.user, name="B")
    request = RequestFactory().get("/")
    request.user = org.pegawai.user

    with django_assert_num_queries(0):
        context = unread_count(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 2
        assert str(context["unread_notifications"]) == "2"
        assert context["unread_notifications"] > 1


def test_context_processor_gives_nothing_to_an_anonymous_visitor(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    assert unread_count(request) == {}


def test_anonymous_visitor_is_sent_to_log_in(db, client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
