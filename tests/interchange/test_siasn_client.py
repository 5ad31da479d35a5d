"""SiasnClient against our own SIASN (tests/interchange/siasn_server.py): a real server in its own
process that checks both bearer headers, expires tokens, validates every save against the schema
and can be told to fail. The waits between tries are recorded, not slept."""

import dataclasses
import logging
import time

import httpx
import pytest
from django.core.cache import cache

from interchange.siasn.client import (
    GATEWAY,
    RETRY_AFTER_CAP,
    SSO,
    SiasnClient,
    SiasnNotConfigured,
    SiasnOutcomeUnknown,
    SiasnRefused,
    SiasnUnavailable,
    _retry_after,
    configured,
    token_cache_key,
)
from interchange.siasn.payloads import (
    DOCUMENT_ANNUAL,
    PATH_KEYS,
    ResultFacts,
    annual_payload,
    compare_reference,
    periodic_payload,
)
from tests.interchange.siasn_server import (
    CONSUMER_KEY,
    CONSUMER_SECRET,
    DATASET,
    GATEWAY_PATH,
    NIP_KABID,
    NIP_STAFF,
    SSO_PASSWORD,
    SSO_PATH,
    SSO_USERNAME,
    siasn_fixture,  # noqa: F401 (the fixture `siasn`)
    siasn_server_fixture,  # noqa: F401 (the fixture `siasn_server`)
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FACTS = ResultFacts(
    siasn_employee_id="S-STAFF",
    year=2025,
    rating_hasil="SESUAI_EKSPEKTASI",
    rating_perilaku="SESUAI_EKSPEKTASI",
    appraiser_name="Budi Santoso, S.K.M.",
    appraiser_nip=NIP_KABID,
    appraiser_post="Kepala Bidang P2P",
    appraiser_golongan="III/d",
    appraiser_unit="Bidang Pencegahan dan Pengendalian Penyakit",
)


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(siasn, sleeps):
    with SiasnClient(sleep=sleeps.append) as siasn_client:
        yield siasn_client


def statuses(siasn, path):
    return [call["status"] for call in siasn.calls(path)]


def token_calls(siasn):
    return len(siasn.calls(GATEWAY_PATH)), len(siasn.calls(SSO_PATH))


# ----- reading ------------------------------------------------------------------------------------


def test_reads_carry_both_tokens_fetched_once(client, siasn):
    assert client.data_utama(NIP_STAFF)["id"] == "S-STAFF"
    assert client.rw_jabatan(NIP_STAFF)[0]["unorId"] == "U-P2P"
    assert [unit["Id"] for unit in client.ref_unor()][:2] == ["U-PEMKAB", "U-DINKES"]
    assert token_calls(siasn) == (1, 1)
    assert statuses(siasn, "/apisiasn/") == [200, 200, 200]
    with SiasnClient() as another:  # another worker: the tokens come from the shared cache
        another.data_utama(NIP_KABID)
    assert token_calls(siasn) == (1, 1)


def test_the_token_cache_keys_hold_no_secret(client):
    client.ref_unor()
    for kind in (GATEWAY, SSO):
        key = token_cache_key(kind)
        assert cache.get(key)
        for secret in (CONSUMER_KEY, CONSUMER_SECRET, SSO_USERNAME, SSO_PASSWORD):
            assert secret not in key


def test_an_unknown_nip_is_refused_with_siasns_words(client):
    with pytest.raises(SiasnRefused) as refused:
        client.data_utama("199912312020121999")
    assert refused.value.message == "Data tidak ditemukan"
    with pytest.raises(ValueError):
        client.data_utama("1999/../ref-unor")


def test_a_data_set_of_the_tests_own(client, siasn):
    dataset = {**DATASET, "employees": {NIP_STAFF: DATASET["employees"][NIP_STAFF]}}
    dataset = {**dataset, "units": DATASET["units"][:1]}
    siasn.load(dataset)
    assert len(client.ref_unor()) == 1
    with pytest.raises(SiasnRefused):
        client.data_utama(NIP_KABID)


def test_the_reference_lists_mean_our_codes(client, siasn):
    for name in ("kuadranNilai", "perilakuDanKinerja"):
        assert compare_reference(name, client.reference(name)) == []
    renamed = [dict(item) for item in DATASET["references"]["kuadranNilai"]]
    renamed[2]["nama"] = "Cukup"
    siasn.load({**DATASET, "references": {**DATASET["references"], "kuadranNilai": renamed}})
    assert compare_reference("kuadranNilai", client.reference("kuadranNilai")) == [
        "kuadranNilai 3: SIASN menyebut 'Cukup', kita kirim untuk 'Butuh Perbaikan'"
    ]


# ----- tokens ------------------------------------------------------------------------------------


def test_tokens_are_fetched_again_before_they_expire(client, siasn):
    siasn.control(token_lifetime=2)
    client.ref_unor()
    time.sleep(2.05)
    client.ref_unor()
    assert token_calls(siasn) == (2, 2)
    assert statuses(siasn, "ref-unor") == [200, 200]  # never sent with an expired token


def test_a_token_that_expired_early_is_refreshed_once_on_401(client, siasn):
    client.ref_unor()
    siasn.control(expire_tokens=True)  # SIASN restarted, or the token was revoked
    client.ref_unor()
    assert statuses(siasn, "ref-unor") == [200, 401, 200]
    assert token_calls(siasn) == (2, 2)


def test_tokens_refused_again_after_a_refresh_are_for_the_administrator(client, siasn, english):
    siasn.fail("401", times=5, path="ref-unor")
    with pytest.raises(SiasnRefused, match="SIASN_CONSUMER_KEY") as refused:
        client.ref_unor()
    assert refused.value.status == 401
    assert statuses(siasn, "ref-unor") == [401, 401]


def test_wrong_sso_credentials_name_the_settings(client, siasn, settings, english):
    settings.SIASN_SSO_PASSWORD = "tebakan-yang-salah-55"
    with pytest.raises(SiasnRefused, match="SIASN_SSO_PASSWORD") as refused:
        client.ref_unor()
    assert "Invalid user credentials" in str(refused.value)
    assert "tebakan-yang-salah-55" not in str(refused.value)
    assert statuses(siasn, "ref-unor") == []


def test_nothing_is_sent_until_every_setting_is_filled_in(client, siasn, settings):
    assert configured()
    settings.SIASN_INSTANSI_ID = ""
    assert not configured()
    with pytest.raises(SiasnNotConfigured):
        client.ref_unor()
    assert siasn.calls() == []


# ----- transient failures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "waits"),
    [
        ("500", {}, [1.0, 2.0]),
        ("503", {}, [1.0, 2.0]),
        ("429", {"retry_after": 7}, [7.0, 7.0]),
        ("timeout", {"seconds": 1.0}, [1.0, 2.0]),
    ],
)
def test_transient_failures_are_tried_again_with_backoff(
    siasn, settings, sleeps, kind, options, waits
):
    settings.SIASN_TIMEOUT = 0.3
    siasn.fail(kind, times=2, path="data-utama", **options)
    with SiasnClient(sleep=sleeps.append) as client:
        assert client.data_utama(NIP_STAFF)["nipBaru"] == NIP_STAFF
    assert sleeps == waits


def test_retry_after_is_honoured_up_to_a_cap(client, siasn, sleeps):
    siasn.fail("429", path="ref-unor", retry_after=3600)
    client.ref_unor()
    assert sleeps == [RETRY_AFTER_CAP]


def test_retry_after_as_an_http_date():
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 20))
    response = httpx.Response(429, headers={"Retry-After": later})
    assert 15 <= _retry_after(response) <= 20
    assert _retry_after(httpx.Response(429)) == 1.0


def test_persistent_failures_give_up_after_the_retries(client, siasn, sleeps, english):
    siasn.fail("500", times=10, path="data-utama")
    with pytest.raises(SiasnUnavailable, match="after 4 tries"):
        client.data_utama(NIP_STAFF)
    assert sleeps == [1.0, 2.0, 4.0]
    assert statuses(siasn, "data-utama") == [500, 500, 500, 500]


def test_an_unreachable_siasn_gives_up_too(client, settings, sleeps):
    settings.SIASN_TOKEN_URL = "http://127.0.0.1:9/oauth2/token"  # discard port: nobody listens
    with pytest.raises(SiasnUnavailable):
        client.ref_unor()
    assert len(sleeps) == 3


# ----- refusals ----------------------------------------------------------------------------------


def test_a_wrong_body_is_refused_with_bkns_lines_and_not_sent_again(client, siasn, sleeps):
    body = annual_payload(FACTS)
    del body["pnsDinilaiOrang"]
    with pytest.raises(SiasnRefused) as refused:
        client.save_skp22(body)
    assert refused.value.lines == ["* pnsDinilaiOrang is required"]
    assert refused.value.status == 400 and refused.value.endpoint == "skp22/save"
    assert "* pnsDinilaiOrang is required" in str(refused.value)
    assert statuses(siasn, "skp22/save") == [400] and sleeps == []


def test_a_refusal_in_one_line(client, siasn):
    siasn.fail("400", path="skp22/save", message="Periode SKP tahun 2025 sudah dikunci")
    with pytest.raises(SiasnRefused) as refused:
        client.save_skp22(annual_payload(FACTS))
    assert refused.value.message == "Periode SKP tahun 2025 sudah dikunci"


def test_success_false_with_http_200_is_a_refusal(client, siasn):
    siasn.fail("refuse", path="kinerjaperiodik/save", message=["* PnsDinilaiId is required"])
    with pytest.raises(SiasnRefused) as refused:
        client.save_kinerja_periodik(periodic_payload(FACTS))
    assert refused.value.status == 200 and refused.value.lines == ["* PnsDinilaiId is required"]
    assert siasn.stored()["records"]["kinerjaperiodik/save"] == {}


# ----- saving ------------------------------------------------------------------------------------


def test_a_repush_with_siasns_id_updates_and_never_duplicates(client, siasn):
    siasn_id = client.save_skp22(annual_payload(FACTS))
    changed = dataclasses.replace(FACTS, rating_hasil="DI_ATAS_EKSPEKTASI", siasn_id=siasn_id)
    changed = dataclasses.replace(changed, rating_perilaku="DI_ATAS_EKSPEKTASI")
    assert client.save_skp22(annual_payload(changed)) == siasn_id
    [record] = siasn.stored()["records"]["skp22/save"].values()
    assert record["id"] == siasn_id and record["kuadranKinerjaNilai"] == 1
    assert client.rw_skp22(NIP_STAFF) == [record]


def test_periodic_results_are_saved_updated_and_deleted(client, siasn):
    quarter = dataclasses.replace(FACTS, start_month=1, end_month=3, periodik_id="2")
    siasn_id = client.save_kinerja_periodik(periodic_payload(quarter))
    again = dataclasses.replace(quarter, rating_perilaku="DI_BAWAH_EKSPEKTASI", siasn_id=siasn_id)
    assert client.save_kinerja_periodik(periodic_payload(again)) == siasn_id
    [record] = client.rw_kinerja_periodik(NIP_STAFF)
    assert record["kuadranKinerjaNilai"] == 4
    client.delete_kinerja_periodik(siasn_id)
    assert client.rw_kinerja_periodik(NIP_STAFF) == []


def test_the_id_is_read_whatever_mapdata_calls_it(client, siasn, caplog):
    caplog.set_level(logging.INFO, logger="interchange.siasn")
    siasn.control(id_key="skpId")
    siasn_id = client.save_skp22(annual_payload(FACTS))
    assert list(siasn.stored()["records"]["skp22/save"]) == [siasn_id]
    assert f'"skpId": "{siasn_id}"' in caplog.text  # the raw answer, for whoever confirms it


def test_an_updating_save_is_sent_again_after_a_timeout(siasn, settings, sleeps):
    settings.SIASN_TIMEOUT = 0.3
    with SiasnClient(sleep=sleeps.append) as client:
        siasn_id = client.save_skp22(annual_payload(FACTS))
        siasn.fail("timeout", path="skp22/save", seconds=1.0)
        update = annual_payload(dataclasses.replace(FACTS, siasn_id=siasn_id))
        assert client.save_skp22(update) == siasn_id
    assert sleeps == [1.0]
    assert list(siasn.stored()["records"]["skp22/save"]) == [siasn_id]


@pytest.mark.parametrize(
    ("kind", "sent_again"), [("timeout", False), ("500", False), ("503", True)]
)
def test_an_adding_save_is_sent_again_only_when_siasn_surely_did_not_store_it(
    siasn, settings, sleeps, kind, sent_again
):
    settings.SIASN_TIMEOUT = 0.3
    siasn.fail(kind, path="skp22/save", seconds=0.6)
    with SiasnClient(sleep=sleeps.append) as client:
        if sent_again:
            assert client.save_skp22(annual_payload(FACTS))
        else:
            with pytest.raises(SiasnOutcomeUnknown):
                client.save_skp22(annual_payload(FACTS))
            assert sleeps == []
    if kind == "timeout":  # SIASN did store it, late: the caller finds it before sending again
        with SiasnClient() as client:
            deadline = time.monotonic() + 5
            while not client.rw_skp22(NIP_STAFF) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(client.rw_skp22(NIP_STAFF)) == 1


def test_a_document_is_uploaded_then_referenced_in_path(client, siasn):
    document = client.upload_dok(PDF, "skp-2025-199001012015031003.pdf", DOCUMENT_ANNUAL)
    assert sorted(document) == sorted(PATH_KEYS) and document["dok_id"] == "873"
    siasn_id = client.save_skp22(annual_payload(dataclasses.replace(FACTS, path=(document,))))
    stored = siasn.stored()
    assert stored["records"]["skp22/save"][siasn_id]["path"] == [document]
    assert stored["documents"][document["dok_uri"]]["bytes"] == len(PDF)


def test_an_upload_that_is_not_a_pdf_is_refused(client):
    with pytest.raises(SiasnRefused, match="id_ref_dokumen"):
        client.upload_dok(b"GIF89a", "foto.gif", DOCUMENT_ANNUAL)


# ----- secrets -----------------------------------------------------------------------------------


def test_secrets_and_tokens_never_reach_logs_errors_or_reprs(client, siasn, settings, caplog):
    caplog.set_level(logging.DEBUG)
    errors, tokens = [], set()
    client.ref_unor()
    tokens |= {cache.get(token_cache_key(kind)) for kind in (GATEWAY, SSO)}
    siasn.control(expire_tokens=True)
    client.save_skp22(annual_payload(FACTS))
    tokens |= {cache.get(token_cache_key(kind)) for kind in (GATEWAY, SSO)}
    echoed = cache.get(token_cache_key(GATEWAY))  # were BKN ever to repeat a token
    siasn.fail("400", path="skp22/save", message=f"token {echoed} ditolak")
    for call in (lambda: client.save_skp22(annual_payload(FACTS)), client.ref_unor):
        try:
            call()
        except SiasnRefused as error:
            errors.append(error)
        cache.clear()
        settings.SIASN_SSO_PASSWORD = "tebakan-yang-salah-55"
    assert len(errors) == 2 and len(tokens) == 4
    server_log = (siasn.state_dir / "calls.jsonl").read_text()
    for secret in (CONSUMER_SECRET, SSO_PASSWORD, "tebakan-yang-salah-55", *tokens):
        assert secret not in caplog.text
        assert secret not in server_log
        assert secret not in repr(client)
        for error in errors:
            assert secret not in str(error) and secret not in repr(error)
    assert "skp22/save" in caplog.text  # the calls were logged, without headers or bodies


@pytest.mark.parametrize("headers", ["none", "gateway", "sso"])
def test_the_test_server_wants_both_tokens(siasn, headers):
    gateway = httpx.post(
        siasn.url + GATEWAY_PATH,
        data={"grant_type": "client_credentials"},
        auth=(CONSUMER_KEY, CONSUMER_SECRET),
    ).json()["access_token"]
    sso_form = {"grant_type": "password", "client_id": siasn.settings()["SIASN_SSO_CLIENT_ID"]}
    sso_form |= {"username": SSO_USERNAME, "password": SSO_PASSWORD}
    sso = httpx.post(siasn.url + SSO_PATH, data=sso_form).json()["access_token"]
    sent = {"Authorization": f"Bearer {gateway}", "Auth": f"bearer {sso}"}
    sent = {"none": {}, "gateway": {"Authorization": sent["Authorization"]}}.get(
        headers, {"Auth": sent["Auth"]}
    )
    answer = httpx.get(f"{siasn.url}/apisiasn/1.0/referensi/ref-unor", headers=sent, timeout=5)
    assert answer.status_code == 401
