"""Two-factor login (issue 22, item 5): enrolment, the code after the password, recovery codes,
clock skew and replays, the lockout and rate limit, enrolment required by role."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.org.roles import actor_of_user
from accounts.twofactor import services
from accounts.twofactor.flow import PENDING, SESSION_STATE
from core.errors import DomainError
from tests.accounts.twofactor_helpers import (
    PASSWORD,
    Phone,
    code_step,
    enrol,
    full_login,
    password_step,
    signed_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings):
    # django-otp's own back-off would refuse a right code right after a wrong one; the lockout
    # and the rate limit tested here are ours.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_enrolment_shows_the_qr_and_key_until_a_code_confirms_it(org, login):
    client = login("pegawai")
    page = client.get(reverse("twofactor:enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'data-testid="enrol-key"' in html
    device = TOTPDevice.objects.get(user=org.pegawai.user, confirmed=False)
    assert device.tolerance == 1
    # Reloading shows the same secret.
    assert (
        client.get(reverse("twofactor:enrol")).context["manual_key"] == page.context["manual_key"]
    )
    phone = Phone(page.context["manual_key"].replace(" ", ""))
    wrong = client.post(reverse("twofactor:enrol"), {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    done = client.post(reverse("twofactor:enrol"), {"code": phone.code()})
    assert done.url == reverse("twofactor:codes")
    codes = client.get(reverse("twofactor:codes"))
    assert len(codes.context["codes"]) == 10
    # Shown once: the page and the enrolment page show neither codes nor the secret again.
    assert client.get(reverse("twofactor:codes")).url == reverse("twofactor:manage")
    again = client.get(reverse("twofactor:enrol"))
    assert again.status_code == 302 and again.url == reverse("twofactor:manage")
    assert TOTPDevice.objects.get(user=org.pegawai.user).confirmed
    reason = org.pegawai.user.history.latest().history_change_reason
    assert reason == "Two-factor login set up" or "dua langkah" in reason.lower()


def test_password_then_code_logs_in_and_goes_where_asked(org):
    phone, _codes = enrol(org.pegawai.user)
    client = Client()
    held = password_step(client, "pegawai", next_url=reverse("privacy:my_data"))
    assert held.status_code == 302 and held.url == reverse("twofactor:verify")
    assert not signed_in(client) and client.session[PENDING]["user"] == org.pegawai.user.pk
    # Held, not signed in: other pages send to the login page.
    assert client.get(reverse("home")).url.startswith(reverse("login"))
    done = code_step(client, phone.code())
    assert done.status_code == 302 and done.url == reverse("privacy:my_data")
    assert signed_in(client) and client.session["otp_device_id"]
    assert PENDING not in client.session
    assert client.get(reverse("home")).status_code == 200


def test_clock_skew_of_one_step_is_accepted_two_are_not_and_no_code_is_replayed(org):
    phone, _codes = enrol(org.pegawai.user)
    totp, now = phone.totp, time.time()
    device = TOTPDevice.objects.get(user=org.pegawai.user)
    # The set-up used the previous step, so django-otp learnt a drift of -1: start afresh.
    device.last_t, device.drift = -1, 0
    device.save()

    def accepted(moment) -> bool:
        client = Client()
        password_step(client, "pegawai")
        code_step(client, totp.at(moment))
        return signed_in(client)

    assert not accepted(now - 60)
    assert not accepted(now + 60)
    assert accepted(now - 30)
    assert accepted(now)
    assert not accepted(now)  # the same code again: replayed
    assert accepted(now + 30)


def test_a_recovery_code_works_once(org):
    _phone, codes = enrol(org.pegawai.user)
    first = Client()
    password_step(first, "pegawai")
    assert code_step(first, codes[0].upper()).status_code == 302 and signed_in(first)
    assert StaticToken.objects.filter(device__user=org.pegawai.user).count() == 9
    second = Client()
    password_step(second, "pegawai")
    refused = code_step(second, codes[0])
    assert refused.status_code == 200 and not signed_in(second)


def test_new_recovery_codes_need_a_proof_and_replace_the_old(org):
    phone, old = enrol(org.pegawai.user)
    client = full_login("pegawai", phone)
    refused = client.post(reverse("twofactor:regenerate"), {"proof": "salah"})
    assert refused.url == reverse("twofactor:manage")
    assert StaticToken.objects.filter(device__user=org.pegawai.user).count() == 10
    made = client.post(reverse("twofactor:regenerate"), {"proof": PASSWORD})
    assert made.url == reverse("twofactor:codes")
    new = client.get(reverse("twofactor:codes")).context["codes"]
    assert set(new).isdisjoint(old)
    stale = Client()
    password_step(stale, "pegawai")
    assert code_step(stale, old[1]).status_code == 200 and not signed_in(stale)
    fresh = Client()
    password_step(fresh, "pegawai")
    code_step(fresh, new[1])
    assert signed_in(fresh)


def test_wrong_codes_count_toward_the_account_lockout(org, settings):
    enrol(org.pegawai.user)
    client = Client()
    password_step(client, "pegawai")
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert code_step(client, "000000").status_code == 200
    locked = code_step(client, "000000")
    assert locked.status_code == 429 and 'data-testid="locked-out"' in locked.content.decode()
    assert not signed_in(client)
    # The account is held whatever comes next, the right password included.
    assert password_step(Client(), "pegawai").status_code == 429


def test_codes_are_rate_limited_per_client(org, settings):
    settings.OTP_RATE = "2/m"
    settings.AXES_FAILURE_LIMIT = 50
    phone, _codes = enrol(org.pegawai.user)
    client = Client()
    password_step(client, "pegawai")
    code_step(client, "000000")
    code_step(client, "000000")
    limited = code_step(client, phone.code())
    assert limited.status_code == 200 and not signed_in(client)
    assert limited.context["form"].non_field_errors()


def test_an_expired_held_login_starts_again(org):
    phone, _codes = enrol(org.pegawai.user)
    client = Client()
    password_step(client, "pegawai")
    session = client.session
    session[PENDING] = {**session[PENDING], "until": int(time.time()) - 1}
    session.save()
    assert code_step(client, phone.code()).url == reverse("login")
    assert not signed_in(client)


def test_required_roles_must_enrol_before_anything_else(org, settings):
    settings.MFA_REQUIRED_ROLES = ["admin_bkd", "admin_opd"]
    client = Client()
    response = password_step(client, "adminopd")
    assert response.url == reverse("twofactor:enrol") and signed_in(client)
    assert client.session[SESSION_STATE] == "enrol"
    home = client.get(reverse("org:employee_list"))
    assert home.status_code == 302 and home.url.startswith(reverse("twofactor:enrol"))
    assert client.get(reverse("home"), HTTP_HX_REQUEST="true").status_code == 403
    page = client.get(reverse("twofactor:enrol"))
    assert page.context["required"]
    phone = Phone(page.context["manual_key"].replace(" ", ""))
    client.post(reverse("twofactor:enrol"), {"code": phone.code()})
    assert client.get(reverse("org:employee_list")).status_code == 200
    # A pegawai is not asked.
    other = Client()
    assert password_step(other, "pegawai").url == reverse("home")


def test_a_required_second_factor_cannot_be_turned_off(org, settings):
    settings.MFA_REQUIRED_ROLES = ["admin_opd"]
    enrol(org.admin_opd.user)
    with pytest.raises(DomainError):
        services.second_factor_remove(org.admin_opd.user, actor=actor_of_user(org.admin_opd.user))
    phone, _codes = enrol(org.pegawai.user)
    client = full_login("pegawai", phone)
    client.post(reverse("twofactor:remove"), {"proof": PASSWORD})
    assert not TOTPDevice.objects.filter(user=org.pegawai.user).exists()


def test_the_provider_s_own_mfa_counts_and_no_local_code_is_asked(org, rf, settings):
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.twofactor.flow import finish_login

    settings.MFA_REQUIRED_ROLES = ["admin_opd"]
    enrol(org.pegawai.user)
    for user in (org.pegawai.user, org.admin_opd.user):
        request = rf.get("/accounts/sso/callback/")
        request.session = SessionStore()
        response = finish_login(
            request,
            user,
            backend="accounts.backends.NipOrUsernameBackend",
            method="sso",
            next_url="/",
            second_factor_done=True,
        )
        assert response.url == "/" and request.session[SESSION_STATE] == "done"
        assert request.session["_auth_user_id"] == str(user.pk)
    request = rf.get("/accounts/sso/callback/")
    request.session = SessionStore()
    held = finish_login(
        request,
        org.pegawai.user,
        backend="accounts.backends.NipOrUsernameBackend",
        method="sso",
        next_url="/",
    )
    assert held.url == reverse("twofactor:verify") and "_auth_user_id" not in request.session


def test_a_session_that_gave_a_code_costs_no_more_queries_per_page(org, login):
    """The gate reads the session; nothing loads the device again on every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(client) -> list[str]:
        client.get(reverse("privacy:notice"))  # settles the once-per-session writes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("privacy:notice")).status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    before = page_queries(login("pegawai"))
    phone, _codes = enrol(org.pegawai.user)
    after = page_queries(full_login("pegawai", phone))
    assert len(after) == len(before)
    assert not any("otp_" in sql for sql in after)
