""" "Sesi aktif" (issue 22, item 6): each person's signed-in sessions, ending one or all the
others; a password change ends the others; ending sessions finds them through LoginSession."""

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.logins.models import LoginMethod, LoginSession
from accounts.logins.services import end_sessions
from tests.accounts.twofactor_helpers import PASSWORD, password_step, signed_in

pytestmark = pytest.mark.django_db
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.210 Mobile Safari/537.36"
)
DESK_UA = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0"


def _signed_in_client(username, agent, address="10.0.0.7"):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    assert password_step(client, username).status_code == 302
    return client


def test_a_login_records_the_session_and_a_logout_forgets_it(org):
    client = _signed_in_client("pegawai", PHONE_UA)
    row = LoginSession.objects.get(user=org.pegawai.user)
    assert row.session_key == client.session.session_key
    assert row.user_agent == PHONE_UA and row.ip_address == "10.0.0.7"
    assert row.method == LoginMethod.PASSWORD
    client.post(reverse("logout"))
    assert not LoginSession.objects.exists()


def test_the_page_lists_one_s_own_sessions_and_marks_this_one(org, django_assert_num_queries):
    phone = _signed_in_client("pegawai", PHONE_UA)
    desk = _signed_in_client("pegawai", DESK_UA, "10.0.0.9")
    _signed_in_client("kasi", DESK_UA)  # someone else's: never listed
    desk.get(reverse("account:sessions"))
    # Session, user, the sessions; the navbar's roles (4) and bell (1): the same for any number.
    with django_assert_num_queries(8):
        page = desk.get(reverse("account:sessions"))
    rows = page.context["rows"]
    assert len(rows) == 2 and page.context["others"] == 1
    current = next(r for r in rows if r.current)
    assert current.session_key == desk.session.session_key
    assert current.agent.browser == "Firefox 122"
    other = next(r for r in rows if not r.current)
    assert (other.agent.browser, other.agent.system) == ("Chrome 120", "Android")
    html = page.content.decode()
    assert 'data-testid="this-device"' in html and "10.0.0.9" in html
    # The session key is a secret: the page names sessions by their public id alone.
    assert phone.session.session_key not in html


def test_ending_one_session_signs_that_device_out(org):
    phone = _signed_in_client("pegawai", PHONE_UA)
    desk = _signed_in_client("pegawai", DESK_UA)
    row = LoginSession.objects.get(session_key=phone.session.session_key)
    response = desk.post(reverse("account:session_end", args=[row.public_id]))
    assert response.url == reverse("account:sessions")
    assert phone.get(reverse("home")).url.startswith(reverse("login"))
    assert desk.get(reverse("home")).status_code == 200
    # Not this one (log out instead), and nobody else's.
    mine = LoginSession.objects.get(session_key=desk.session.session_key)
    assert desk.post(reverse("account:session_end", args=[mine.public_id])).status_code == 404
    theirs = LoginSession.objects.get(
        session_key=_signed_in_client("kasi", DESK_UA).session.session_key
    )
    assert desk.post(reverse("account:session_end", args=[theirs.public_id])).status_code == 404
    assert Session.objects.filter(session_key=theirs.session_key).exists()


def test_ending_all_others_keeps_this_one(org):
    others = [_signed_in_client("pegawai", PHONE_UA) for _n in range(2)]
    desk = _signed_in_client("pegawai", DESK_UA)
    kasi = _signed_in_client("kasi", DESK_UA)
    desk.post(reverse("account:sessions_end_others"))
    assert all(c.get(reverse("home")).status_code == 302 for c in others)
    assert desk.get(reverse("home")).status_code == 200
    assert kasi.get(reverse("home")).status_code == 200
    assert LoginSession.objects.filter(user=org.pegawai.user).count() == 1


def test_a_password_change_ends_the_other_sessions(org):
    phone = _signed_in_client("pegawai", PHONE_UA)
    desk = _signed_in_client("pegawai", DESK_UA)
    new = "kata-sandi-baru-yang-panjang-7"
    response = desk.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert desk.get(reverse("home")).status_code == 200  # this one stays, under its new key
    assert phone.get(reverse("home")).status_code == 302
    row = LoginSession.objects.get(user=org.pegawai.user)
    assert row.session_key == desk.session.session_key


def test_last_seen_is_written_at_most_every_five_minutes(org, django_assert_num_queries):
    client = _signed_in_client("pegawai", PHONE_UA)
    row = LoginSession.objects.get(user=org.pegawai.user)
    client.get(reverse("privacy:notice"))
    session = client.session
    session["_login_session_seen"] -= 6 * 60
    session.save()
    client.get(reverse("privacy:notice"))
    row.refresh_from_db()
    assert row.last_seen_at > row.created_at
    seen = row.last_seen_at
    client.get(reverse("privacy:notice"))
    row.refresh_from_db()
    assert row.last_seen_at == seen


def test_end_sessions_uses_the_table_and_still_finds_older_sessions(org):
    tracked = _signed_in_client("pegawai", PHONE_UA)
    # A session signed in before the table existed: no LoginSession row.
    old = SessionStore()
    old[SESSION_KEY] = str(org.pegawai.user.pk)
    old.set_expiry(dt.timedelta(hours=1))
    old.save()
    kasi = _signed_in_client("kasi", DESK_UA)
    assert end_sessions([org.pegawai.user.pk]) == 2
    assert not Session.objects.filter(session_key=old.session_key).exists()
    assert not signed_in(tracked) or tracked.get(reverse("home")).status_code == 302
    assert kasi.get(reverse("home")).status_code == 200


def test_setting_up_two_factor_login_ends_the_other_sessions(org):
    from tests.accounts.twofactor_helpers import Phone

    phone = _signed_in_client("pegawai", PHONE_UA)
    desk = _signed_in_client("pegawai", DESK_UA)
    page = desk.get(reverse("twofactor:enrol"))
    app = Phone(page.context["manual_key"].replace(" ", ""))
    desk.post(reverse("twofactor:enrol"), {"code": app.code()})
    assert phone.get(reverse("home")).status_code == 302
    assert desk.get(reverse("home")).status_code == 200
