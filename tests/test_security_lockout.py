"""Issue 19, point 1: the login lockout holds an account, not the string typed for it.

Failures count against the account the identifier resolves to (the username in any case, or the
NIP), so a lockout holds whichever identifier comes next; unknown identifiers are counted too, and
one client is limited across all accounts (password spraying)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.logins import lockout

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"  # tests/factories.py


def _attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _fail(client, identifiers):
    for identifier in identifiers:
        assert _attempt(client, identifier, "salah").status_code == 200  # the form, with an error


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_typed_in_other_cases_count_against_one_account(org, settings):
    client = Client()
    _fail(client, ["pegawai", "Pegawai", "PEGAWAI", "pEgawai"][: settings.AXES_FAILURE_LIMIT - 1])
    locked = _attempt(client, "PeGaWaI", "salah")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.content.decode()
    for identifier in ("pegawai", "PEGAWAI", org.pegawai.nip):
        assert _attempt(client, identifier, PASSWORD).status_code == 429, identifier
        assert not _signed_in(client)


def test_failures_with_the_nip_lock_the_username_and_the_other_way_round(org, settings):
    client = Client()
    _fail(client, [org.pegawai.nip] * (settings.AXES_FAILURE_LIMIT - 1))
    assert _attempt(client, "pegawai", "salah").status_code == 429
    assert _attempt(client, "pegawai", PASSWORD).status_code == 429
    assert _attempt(client, f" {org.pegawai.nip} ", PASSWORD).status_code == 429
    assert not _signed_in(client)
    # Another account from the same client still logs in.
    assert _attempt(Client(), org.ppk.user.username, PASSWORD).status_code == 302


def test_a_success_clears_the_account_whatever_was_typed_before(org, settings):
    client = Client()
    _fail(client, ["PEGAWAI", org.pegawai.nip][: settings.AXES_FAILURE_LIMIT - 1])
    assert _attempt(client, "Pegawai", PASSWORD).status_code == 302
    # The count starts again: four more failures do not lock.
    _fail(Client(), ["pegawai"] * (settings.AXES_FAILURE_LIMIT - 1))


def test_unknown_identifiers_are_counted_in_any_case(org, settings):
    client = Client()
    spellings = ["Tidak.Ada", "TIDAK.ADA", "tidak.ada", "tidak.Ada"]
    _fail(client, spellings[: settings.AXES_FAILURE_LIMIT - 1])
    assert _attempt(client, " tidak.ada", "salah").status_code == 429
    # The real account keeps working from here: an unknown name locks nobody else.
    assert _attempt(client, "pegawai", PASSWORD).status_code == 302


def test_guessing_nips_from_one_client_is_throttled(org, settings):
    settings.AXES_CLIENT_FAILURE_LIMIT = 8
    client = Client()
    _fail(client, [f"19900101201903{n:04d}" for n in range(7)])
    response = _attempt(client, "199001012019031234", "salah")
    assert response.status_code == 429
    assert "dari perangkat atau jaringan ini" in response.content.decode()


def test_password_spraying_from_one_client_is_refused_in_indonesian(org, settings):
    settings.AXES_CLIENT_FAILURE_LIMIT = 6
    sprayer = Client(REMOTE_ADDR="10.1.1.1")
    # One wrong password for each of six accounts: far below any account's own limit.
    names = [org.pegawai, org.ppk, org.atasan_ppk, org.kepala_unit, org.admin_opd, org.outsider]
    _fail(sprayer, [e.user.username for e in names[:5]])
    locked = _attempt(sprayer, names[5].user.username, "salah")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal dari perangkat atau jaringan ini" in html
    # Held for every account from that client, even with the right password…
    assert _attempt(sprayer, org.admin_bkd.user.username, PASSWORD).status_code == 429
    assert not _signed_in(sprayer)
    # …and for nobody else.
    assert _attempt(Client(REMOTE_ADDR="10.2.2.2"), "pegawai", PASSWORD).status_code == 302


def test_the_lockout_key_is_the_account_for_every_spelling(org):
    assert {
        lockout.account_key(None, {"username": typed})
        for typed in ("pegawai", "PEGAWAI", " Pegawai ", org.pegawai.nip)
    } == {org.pegawai.user.get_username()}
    # An unknown identifier cannot be mistaken for an account's username.
    assert lockout.account_key(None, {"username": "Tidak.Ada"}) == "?tidak.ada"
