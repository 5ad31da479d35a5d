"""The read-only API (/api/v1/): keys issued by the admin BKD, each reading only its OPDs (another
OPD's data is 404 or absent), expired and revoked keys refused, every call logged, a rate per
key, cursor pages, the filters a syncing system uses, and the OpenAPI page for admins."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interchange.api.keys import api_key_issue, api_key_revoke
from interchange.api.models import ApiCall, ApiKey
from tests.actors import actor

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + dt.timedelta(days=365)


@pytest.fixture
def keys(org):
    """Keys for the whole agency, for Dinas Kesehatan and for Dinas Pendidikan: their texts."""
    by = actor(org.admin_bkd)
    agency = api_key_issue("SIMPEG", whole_agency=True, opds=[], expires_on=NEXT_YEAR, actor=by)
    dinkes = api_key_issue(
        "TPP Dinkes",
        whole_agency=False,
        opds=[org.dinkes],
        expires_on=NEXT_YEAR,
        actor=by,
        reads_tpp=True,
    )
    disdik = api_key_issue(
        "TPP Disdik", whole_agency=False, opds=[org.disdik], expires_on=NEXT_YEAR, actor=by
    )
    return {"agency": agency[1], "dinkes": dinkes[1], "disdik": disdik[1]}


def get(text, name, *args, **params):
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {text}" if text else "")
    return client.get(reverse(f"api:{name}", args=args), params)


def nips(response):
    return {row["nip"] for row in response.json()["results"]}


# ----- who may read what -------------------------------------------------------------------------


def test_a_key_reads_only_its_opds(keys, org):
    assert org.pegawai.nip in nips(get(keys["dinkes"], "employees"))
    assert org.outsider.nip not in nips(get(keys["dinkes"], "employees"))
    assert org.outsider.nip in nips(get(keys["disdik"], "employees"))
    assert {org.pegawai.nip, org.outsider.nip} <= nips(get(keys["agency"], "employees"))


@pytest.mark.parametrize(
    "key, status", [("agency", 200), ("dinkes", 200), ("disdik", 404), (None, 401)]
)
def test_an_employee_of_another_opd_does_not_exist_for_a_key(keys, org, key, status):
    response = get(keys.get(key), "employee", org.pegawai.nip)
    assert response.status_code == status


API_URLS = [
    ("units", ()),
    ("employees", ()),
    ("skp", ()),
    ("evaluations", ()),
    ("unit_predicates", ()),
    ("tpp", ()),
]


@pytest.mark.parametrize("name, args", API_URLS)
def test_without_a_usable_key_nothing_is_read(keys, org, name, args):
    assert get(None, name, *args).status_code == 401
    assert get("bukan.kunci", name, *args).status_code == 401
    key = ApiKey.objects.get(name="SIMPEG")
    api_key_revoke(key, actor=actor(org.admin_bkd))
    assert get(keys["agency"], name, *args).status_code == 401
    ApiKey.objects.filter(name="TPP Dinkes").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert get(keys["dinkes"], name, *args).status_code == 401
    # A usable key; the TPP is read only by a key issued for it.
    assert get(keys["disdik"], name, *args).status_code == (403 if name == "tpp" else 200)


def test_a_signed_in_person_is_not_an_api_client(org, login):
    assert login("admin_bkd").get(reverse("api:employees")).status_code == 401


# ----- what it says ---------------------------------------------------------------------------------


def test_units_and_employees_say_codes_and_nips(keys, org):
    units = get(keys["dinkes"], "units").json()["results"]
    surv = next(unit for unit in units if unit["code"] == "DINKES.SURV")
    assert surv == {
        "code": "DINKES.SURV",
        "name": "Seksi Surveilans",
        "kind": surv["kind"],
        "parent": "DINKES.P2P",
        "opd": "DINKES",
        "is_active": True,
    }
    [pegawai] = [
        row
        for row in get(keys["dinkes"], "employees").json()["results"]
        if row["nip"] == org.pegawai.nip
    ]
    assert (pegawai["post"], pegawai["unit"], pegawai["opd"]) == (
        "Pengelola Data",
        "DINKES.SURV",
        "DINKES",
    )


def test_only_final_evaluations_are_read(keys, org, approved):
    from appraisal.evaluation import services as ev
    from tests.appraisal.test_evaluation_pdf import scored

    draft = scored(approved)
    assert get(keys["dinkes"], "evaluations").json()["results"] == []
    ev.evaluation_finalise(draft, actor=actor(org.ppk))
    [row] = get(keys["dinkes"], "evaluations", cycle=approved.cycle.year).json()["results"]
    assert (row["nip"], row["period"], row["predicate"]) == (org.pegawai.nip, 1, "BAIK")
    assert get(keys["disdik"], "evaluations").json()["results"] == []


def test_skp_status_per_employee_and_cycle(keys, org, approved):
    rows = get(keys["dinkes"], "skp", cycle=approved.cycle.year, nip=org.pegawai.nip).json()[
        "results"
    ]
    assert [(row["nip"], row["status"]) for row in rows] == [(org.pegawai.nip, "approved")]
    assert get(keys["dinkes"], "skp", cycle=1999).json()["results"] == []


def test_updated_since_gives_what_changed(keys, org):
    later = timezone.now() + dt.timedelta(seconds=1)
    assert get(keys["agency"], "employees", updated_since=later.isoformat()).json()["results"] == []
    from accounts.org.services import employee_update

    org.pegawai.phone = "0812000111"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later + dt.timedelta(seconds=1))
        employee_update(org.pegawai, actor=actor(org.admin_bkd))
    changed = get(keys["agency"], "employees", updated_since=later.isoformat())
    assert nips(changed) == {org.pegawai.nip}


def test_a_bad_filter_is_a_clear_400(keys):
    response = get(keys["agency"], "employees", updated_since="kemarin")
    assert response.status_code == 400 and "updated_since" in response.json()


def test_pages_follow_a_cursor(keys, org):
    first = get(keys["agency"], "employees", page_size=3).json()
    assert len(first["results"]) == 3 and first["next"]
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {keys['agency']}")
    second = client.get(first["next"]).json()
    assert not {r["nip"] for r in first["results"]} & {r["nip"] for r in second["results"]}


# ----- logging and rate ----------------------------------------------------------------------------


def test_every_call_is_logged_and_the_key_marked_used(keys, org):
    get(keys["dinkes"], "employees")
    get(keys["dinkes"], "employee", org.outsider.nip)
    calls = list(ApiCall.objects.order_by("pk").values_list("key__name", "endpoint", "status"))
    assert calls == [("TPP Dinkes", "employees", 200), ("TPP Dinkes", "employee", 404)]
    assert ApiKey.objects.get(name="TPP Dinkes").last_used_at is not None


def test_a_key_is_limited_to_its_rate(keys, settings):
    settings.API_RATE = "2/m"
    assert [get(keys["dinkes"], "units").status_code for _ in range(3)] == [200, 200, 429]
    assert get(keys["disdik"], "units").status_code == 200  # another key, its own budget


def test_the_secret_is_stored_only_as_a_fingerprint(keys):
    prefix, secret = keys["agency"].split(".", 1)
    key = ApiKey.objects.get(prefix=prefix)
    assert secret not in key.secret_hash and len(key.secret_hash) == 64


# ----- the admin BKD's page and the documentation -----------------------------------------------------


def test_the_admin_bkd_issues_a_key_shown_once(org, login):
    admin = login("admin_bkd")
    url = reverse("interchange:api_keys")
    response = admin.post(
        url, {"name": "Aplikasi TPP", "opds": [org.dinkes.pk], "expires_on": NEXT_YEAR.isoformat()}
    )
    text = response.content.decode()
    assert 'data-testid="api-key-issued"' in text
    key = ApiKey.objects.get(name="Aplikasi TPP")
    issued = text.split('data-testid="api-key-text">', 1)[1].split("<", 1)[0]
    assert issued.startswith(key.prefix + ".")
    assert get(issued, "units").status_code == 200
    assert issued not in admin.get(url).content.decode()  # never again


def test_a_key_without_scope_or_in_the_past_is_refused_with_what_was_typed(org, login):
    response = login("admin_bkd").post(
        reverse("interchange:api_keys"), {"name": "Dasbor", "expires_on": NEXT_YEAR.isoformat()}
    )
    text = response.content.decode()
    assert 'data-testid="api-key-error"' in text and 'value="Dasbor"' in text
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("persona, status", [("admin_bkd", 200), ("admin_opd", 200), ("ppk", 403)])
def test_the_openapi_page_lists_every_endpoint_for_admins(org, login, persona, status):
    client = login(persona)
    assert client.get(reverse("api:docs")).status_code == status
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == status
    if status == 200:
        paths = schema.json()["paths"]
        for name, args in [*API_URLS, ("employee", ("123",))]:
            path = reverse(f"api:{name}", args=args).replace("123", "{nip}")
            assert path in paths, path


def test_the_call_log_is_kept_for_its_retention_only(keys, settings):
    from interchange.api.tasks import purge_api_calls

    get(keys["agency"], "units")
    ApiCall.objects.create(
        key=ApiKey.objects.get(name="SIMPEG"),
        endpoint="units",
        status=200,
        at=timezone.now() - dt.timedelta(days=settings.API_CALL_RETENTION_DAYS + 1),
    )
    assert purge_api_calls() == 1
    assert purge_api_calls() == 0 and ApiCall.objects.count() == 1


def test_a_payroll_system_reads_locked_tpp_months_of_its_opds_only(keys, org):
    from appraisal.choices import CycleStatus
    from appraisal.cycles.models import Cycle
    from tpp.months.services import month_compute, month_lock
    from tpp.schemes.services import scheme_start

    by = actor(org.admin_bkd)
    scheme_start(Cycle.objects.create(year=2026, status=CycleStatus.OPEN), actor=by)
    january = month_compute(2026, 1, org.dinkes, actor=by)
    month_compute(2026, 2, org.dinkes, actor=by)  # computed, not locked: not final
    assert nips(get(keys["dinkes"], "tpp")) == set()
    month_lock(january, actor=by)
    rows = get(keys["dinkes"], "tpp", year=2026).json()["results"]
    assert {(row["month"], row["opd"]) for row in rows} == {(1, "DINKES")}
    pegawai = next(row for row in rows if row["nip"] == org.pegawai.nip)
    assert pegawai["received"] == january.lines.get(employee=org.pegawai).received
    assert get(keys["disdik"], "tpp").status_code == 403  # not issued for TPP
    payroll_disdik = api_key_issue(
        "Gaji Disdik",
        whole_agency=False,
        opds=[org.disdik],
        expires_on=NEXT_YEAR,
        actor=by,
        reads_tpp=True,
    )[1]
    assert nips(get(payroll_disdik, "tpp")) == set()  # DINKES's month is not theirs
