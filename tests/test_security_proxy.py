"""Issue 19, point 3: the client's address behind the reverse proxy.

Behind a TLS proxy every request comes from the proxy's address. With TRUSTED_PROXY_COUNT hops,
the address is read from X-Forwarded-For through those hops only; a header a client forged is
never believed beyond them (and not at all without a trusted proxy). The login lockout, the rate
limits and the public-feedback counters all use that one address (core.clients.client_ip)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from core.clients import client_ip
from feedback.public import services as public_services
from feedback.public.models import PublicFeedback
from tests.feedback import fixtures_public
from tests.feedback.fixtures_public import form_data

PASSWORD = "rahasia-uji-123"  # tests/factories.py
PROXY = "172.18.0.5"  # the reverse proxy's address, as the app server sees it
no_wait = fixtures_public.no_wait
surv_channel = fixtures_public.surv_channel


def _via_proxy(forwarded: str) -> dict:
    """What the app receives for a request the proxy passed on: the proxy appended the address
    it saw to whatever X-Forwarded-For the client sent."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def _address(settings, hops, **meta):
    settings.TRUSTED_PROXY_COUNT = hops
    return client_ip(RequestFactory().get("/", **meta))


# ----- the address itself ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hops", "meta", "expected"),
    [
        # No trusted proxy: the header is anyone's to write and changes nothing.
        (0, {"REMOTE_ADDR": "203.0.113.9"}, "203.0.113.9"),
        (0, {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.9"),
        # One proxy: the address it appended, never the client's leftmost forgery.
        (1, _via_proxy("198.51.100.7"), "198.51.100.7"),
        (1, _via_proxy("1.2.3.4, 198.51.100.7"), "198.51.100.7"),
        (1, _via_proxy("1.2.3.4,5.6.7.8 ,198.51.100.7"), "198.51.100.7"),
        # Two proxies (a load balancer, then nginx): the second entry from the right.
        (2, _via_proxy("1.2.3.4, 198.51.100.7, 10.0.0.2"), "198.51.100.7"),
        # A trusted proxy that added nothing, or added garbage: the connection's address.
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
        (1, _via_proxy("1.2.3.4, not-an-address"), PROXY),
        (1, _via_proxy(""), PROXY),
        # IPv6 as proxies write it.
        (1, _via_proxy("2001:db8::1"), "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_trusted_hops_only(settings, hops, meta, expected):
    assert _address(settings, hops, **meta) == expected


def test_fewer_entries_than_trusted_hops_use_the_leftmost_one_a_proxy_wrote(settings):
    # Two hops configured, but the outer one was skipped: the entry the inner proxy appended.
    assert _address(settings, 2, **_via_proxy("198.51.100.7")) == "198.51.100.7"


# ----- the login lockout -------------------------------------------------------------------------
def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


@pytest.mark.django_db
def test_behind_the_proxy_one_client_cannot_lock_out_another(org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "pegawai", "salah", **_via_proxy("198.51.100.66"))
    assert _login(attacker, "pegawai", PASSWORD, **_via_proxy("198.51.100.66")).status_code == 429
    # The real pegawai, through the same proxy from another address, gets in.
    assert _login(Client(), "pegawai", PASSWORD, **_via_proxy("198.51.100.7")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("hops", [0, 1])
def test_a_forged_forwarded_header_does_not_escape_the_lockout(org, settings, hops):
    settings.TRUSTED_PROXY_COUNT = hops
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "pegawai", "salah", **_via_proxy(f"10.66.0.{n}, 198.51.100.66"))
    again = _login(attacker, "pegawai", PASSWORD, **_via_proxy("10.66.1.1, 198.51.100.66"))
    assert again.status_code == 429


# ----- the rate limits ---------------------------------------------------------------------------
def _redeem(client, nip, **meta):
    return client.post(reverse("account:redeem_code"), {"nip": nip, "code": "AAAAA-AAAAA"}, **meta)


def _limited(response) -> bool:
    """The rate-limit message ("wait 15 minutes"), not the one for a wrong code."""
    return any("15" in error for error in response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_behind_the_proxy_the_account_limit_is_per_client_not_for_the_whole_city(org, settings):
    settings.ACCOUNT_RATE = "3/m"
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        assert not _limited(_redeem(Client(), org.pegawai.nip, **_via_proxy("198.51.100.66")))
    assert _limited(_redeem(Client(), org.pegawai.nip, **_via_proxy("198.51.100.66")))
    # Another citizen through the same proxy is not held by it.
    assert not _limited(_redeem(Client(), org.pegawai.nip, **_via_proxy("198.51.100.7")))


@pytest.mark.django_db
@pytest.mark.parametrize("hops", [0, 1])
def test_a_forged_forwarded_header_does_not_escape_the_account_limit(org, settings, hops):
    settings.ACCOUNT_RATE = "3/m"
    settings.TRUSTED_PROXY_COUNT = hops
    for n in range(3):
        _redeem(Client(), org.pegawai.nip, **_via_proxy(f"10.66.0.{n}, 198.51.100.66"))
    assert _limited(_redeem(Client(), org.pegawai.nip, **_via_proxy("10.66.9.9, 198.51.100.66")))


@pytest.mark.django_db
def test_behind_the_proxy_the_public_form_limits_and_counts_each_citizen(
    surv_channel, no_wait, settings
):
    settings.PUBLIC_FEEDBACK_RATE = "2/10m"
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("public:form", args=[surv_channel.code])
    for n in range(2):
        data = form_data(surv_channel, comment=f"Masukan {n}")
        assert Client().post(url, data, **_via_proxy("198.51.100.66")).status_code == 302
    forged = _via_proxy("10.66.0.1, 198.51.100.66")
    assert Client().post(url, form_data(surv_channel, comment="lagi"), **forged).status_code == 429
    citizen = Client().post(url, form_data(surv_channel), **_via_proxy("198.51.100.7"))
    assert citizen.status_code == 302
    hashes = set(PublicFeedback.objects.values_list("client_hash", flat=True))
    assert hashes == {
        public_services.client_hash("198.51.100.66"),
        public_services.client_hash("198.51.100.7"),
    }


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_header_changes_no_public_counter(
    surv_channel, no_wait, settings
):
    settings.PUBLIC_FEEDBACK_RATE = "2/10m"
    settings.TRUSTED_PROXY_COUNT = 0
    url = reverse("public:form", args=[surv_channel.code])
    for n in range(2):
        forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": f"10.66.0.{n}"}
        data = form_data(surv_channel, comment=f"Masukan {n}")
        assert Client().post(url, data, **forged).status_code == 302
    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "10.66.9.9"}
    assert Client().post(url, form_data(surv_channel, comment="x"), **forged).status_code == 429
    assert set(PublicFeedback.objects.values_list("client_hash", flat=True)) == {
        public_services.client_hash("203.0.113.9")
    }
