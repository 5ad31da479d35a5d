"""Guessed ids, derived from the permission matrix (tests/test_permissions_matrix.py).

Two sentences, for every URL whose kind names an object:

* Someone with no part in another employee's object (the pegawai's colleague in the same seksi,
  the outsider in another OPD) finds nothing there: 404 on GET and on POST, and a POST changes
  nothing. The admin area is the one exception: a plain employee is refused it (403) before any
  lookup, the same answer as for an id that does not exist, so nothing leaks.
* A well-formed id that does not exist (a random UUID, an unused NIP of 18 digits, a large
  number, an unknown code) is 404 for every persona, never 500, and never a 403 that a persona
  would not also get for the real object (which would confirm that the real one exists).

A new object kind in the matrix fails test_every_kind_is_classified until it is placed below.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache

import pytest
from django.apps import apps
from django.db import connection

from tests import built_once
from tests.built_once import by_kind
from tests.conftest import PERSONAS
from tests.factories import UserFactory, make_nip
from tests.test_permissions_matrix import EXTRA_KINDS, MATRIX, POST_MATRIX, _kwargs, _url

# Kinds that build an object of one person (kind → whose). Their URLs are tried by people who
# have no part in it.
OWNED_KINDS = {
    "employee": "pegawai",
    "assignment": "pegawai",
    "override": "pegawai",
    "skp": "pegawai",
    "rhk": "pegawai",
    "skp_period": "pegawai",
    "realisation": "pegawai",
    "evidence": "pegawai",
    "evidence_link": "pegawai",
    "daily_log_entry": "pegawai",
    "evaluation": "pegawai",
    "evaluation_for_objection": "pegawai",
    "objection": "pegawai",
    "feedback_thread": "pegawai",
    "feedback_thread_skp": "pegawai",
    "coaching_session": "pegawai",
    "coaching_follow_up": "pegawai",
    "coaching_employee": "pegawai",
    "survey_round": "pegawai",
    "survey_request": "pegawai",
    "survey_new_round": "pegawai",
    "notification": "pegawai",
    "report_job": "admin_opd",
    # An employee's TPP months and one month's line.
    "tpp_nip": "pegawai",
    "tpp_line": "pegawai",
    "tpp_penalty": "pegawai",
    "tpp_exemption": "pegawai",
}
# Kinds that name an object of the agency (a unit, a cycle, a channel…): only made-up ids apply.
AGENCY_KINDS = {
    "unit",
    "position",
    "role",
    "import",
    "cycle",
    "window",
    "opd",
    "calibration",
    "calibration_cycle",
    "closing_period",
    "window_of_cycle",
    "library_entry",
    "example_plan",
    "public_code",
    "public_channel",
    "public_feedback",
    "public_unit",
    "report_export",
    # A document's public code (accounts.verification): the same 404 page for any unknown one.
    "document_code",
    # The admin BKD's signing certificates and API keys.
    "signing_credential",
    "api_key",
    # A result whose push to SIASN failed (the admin BKD sends it again); a reading of SIASN.
    "siasn_result",
    "siasn_pull",
    # TPP: a cycle's scheme, a month (of the agency, of an OPD, of one's own), a run.
    "tpp_scheme",
    "tpp_year_month",
    "tpp_opd_month",
    "tpp_own_month",
    "tpp_month",
    "tpp_run",
    # A WhatsApp/Telegram message that failed (the admin BKD sends it again).
    "channel_delivery",
    # A help-centre page: public, the same 404 for a slug that names none.
    "guide_page",
}
# No object in the URL (the persona's own page), or a one-time secret that is a 400 by design
# whatever its value (tests/accounts cover those).
# "own_data_format" is the format of one's own data download (xlsx, pdf, json): it names no one.
# "unknown_session" is a made-up session id: one's own sessions only are ever found (404).
NO_ID_KINDS = {None, "with_approved_skp", "reset", "secret", "own_data_format", "unknown_session"}
# The API's NIP: a signed-in person is no API client (401 whatever the NIP); keys of another OPD
# are tried against real and made-up NIPs in tests/interchange/test_api.py.
NO_ID_KINDS |= {"api_nip"}
# A channel's name (whatsapp, telegram): one's own address there, never anyone else's.
NO_ID_KINDS |= {"channel"}
# A tour's key (pegawai, ppk…): one's own record of having seen it, never anyone else's.
NO_ID_KINDS |= {"guide_tour"}
# The practice cycle: its URLs name no object (there is at most one practice cycle).
NO_ID_KINDS |= {"practice"}
BUILT_IN_KINDS = {"unit", "position", "employee", "assignment", "override", "role", "import"}

# People with no part in the pegawai's objects; the colleague gets a login here.
STRANGERS = ("colleague", "outsider")
LOGGED_IN = PERSONAS[1:]
# A payload that would do something if the refusal were missing.
PLAUSIBLE_POST = {
    "end_date": "2026-06-30",
    "reason": "Tebakan",
    "text": "Tebakan",
    "notes": "Tebakan",
    "comment": "Tebakan",
    "direction": "up",
    "decision": "accepted",
}
# Apps whose tables are compared before and after a refused POST.
COMPARED_APPS = {"accounts", "notifications", "indicators", "appraisal", "feedback", "reports"}


def _kinds_in_matrix() -> set:
    return {kind for _, kind, _ in MATRIX.values()} | {kind for kind, _ in POST_MATRIX.values()}


def test_every_kind_is_classified():
    known = set(OWNED_KINDS) | AGENCY_KINDS | NO_ID_KINDS
    kinds = _kinds_in_matrix() | set(EXTRA_KINDS) | BUILT_IN_KINDS
    missing = sorted(str(k) for k in kinds - known)
    assert not missing, f"Object kinds without a guessed-id case in test_guessed_ids.py: {missing}"
    stale = sorted(str(k) for k in known - kinds)
    assert not stale, f"Kinds classified in test_guessed_ids.py but not in the matrix: {stale}"


@cache
def _compared_models() -> tuple:
    models = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in COMPARED_APPS or meta.proxy or not meta.managed:
            continue
        if meta.label == "accounts.PersonalDataAccess":
            # Reading someone's personal data is recorded by design (UU 27/2022); a refused
            # request records nothing (tests/test_security_privacy.py).
            continue
        models.append(model)
    return tuple(models)


def database_fingerprint() -> dict[str, str]:
    """A digest of every row of the project's tables: equal digests, nothing written.

    Every column of every row, as stored: on PostgreSQL in one statement, elsewhere one plain
    query a table hashed here. Both see what the ORM's values show
    (test_the_fast_fingerprints_see_what_the_orm_sees), at a fraction of the cost of ninety ORM
    queries: the fuzzing modules take a fingerprint around every request."""
    if connection.vendor == "postgresql":
        return _fingerprint_in_postgresql()
    return _fingerprint_of_rows()


def _fingerprint_of_rows() -> dict[str, str]:
    """Each table read whole in primary-key order, hashed here (any database)."""
    quote = connection.ops.quote_name
    digests = {}
    with connection.cursor() as cursor:
        for model in _compared_models():
            meta = model._meta
            cursor.execute(f"SELECT * FROM {quote(meta.db_table)} ORDER BY {quote(meta.pk.column)}")
            digests[meta.label] = hashlib.sha1(repr(cursor.fetchall()).encode()).hexdigest()
    return digests


@cache
def _postgresql_fingerprint_sql() -> str:
    """One SELECT a table, UNION ALL: each row as text (ROW(t.*) holds every column, a NULL apart
    from an empty string), joined in primary-key order and hashed; no row hashes ''."""
    quote = connection.ops.quote_name
    return "\nUNION ALL ".join(
        "SELECT %s, encode(sha256(convert_to(coalesce(string_agg(ROW(t.*)::text, E'\\n' "
        f"ORDER BY t.{quote(model._meta.pk.column)}), ''), 'UTF8')), 'hex') "
        f"FROM {quote(model._meta.db_table)} AS t"
        for model in _compared_models()
    )


def _fingerprint_in_postgresql() -> dict[str, str]:
    labels = [model._meta.label for model in _compared_models()]
    with connection.cursor() as cursor:
        cursor.execute(_postgresql_fingerprint_sql(), labels)
        return dict(cursor.fetchall())


def _fingerprint_by_the_orm() -> dict[str, str]:
    """The reference for the fast fingerprints: each model's values through the ORM."""
    digests = {}
    for model in _compared_models():
        rows = model._base_manager.order_by("pk").values_list()
        digests[model._meta.label] = hashlib.sha1(repr(list(rows)).encode()).hexdigest()
    return digests


def assert_nothing_changed(before: dict, what: str) -> dict:
    """Compared with a fingerprint taken before; returns the one taken now."""
    after = database_fingerprint()
    changed = sorted(label for label in before if before[label] != after.get(label))
    assert not changed, f"{what} changed {changed}"
    return after


def _give_the_colleague_a_login(org) -> None:
    if org.colleague.user_id is None:
        org.colleague.user = UserFactory(username="rekan")
        org.colleague.save(update_fields=["user"])


# The organisation once for the module (the colleague has a login: a stranger here).
globals().update(built_once.fixtures(prepare=_give_the_colleague_a_login, also_logged_in=STRANGERS))


@pytest.fixture
def client_for(login):
    """client_for("colleague") → a logged-in client for a persona or one of the STRANGERS (the
    colleague's login is made with the organisation)."""
    return login


def _methods(name: str) -> list[str]:
    method = MATRIX[name][0]
    return sorted({method, "post"} if name in POST_MATRIX else {method, "get"})


def _request(client, method: str, url: str):
    if method == "post":
        return client.post(url, PLAUSIBLE_POST)
    return client.get(url)


def _refused_by_role(name: str) -> bool:
    """Pages a plain employee with no part in the object is refused by role (403), before any
    lookup: the admin area (every non-admin is refused), or another person's object of a kind a
    plain employee never has (an export job)."""
    method, kind, expected = MATRIX[name]
    if all(expected[p] == 403 for p in ("pegawai", "ppk", "atasan_ppk", "kepala_unit")):
        return True
    return OWNED_KINDS[kind] != "pegawai" and expected["pegawai"] == 403


def _owned_rows() -> list[str]:
    return sorted(name for name, (_, kind, _) in MATRIX.items() if kind in OWNED_KINDS)


def _id_rows() -> list[str]:
    return sorted(name for name, (_, kind, _) in MATRIX.items() if kind not in NO_ID_KINDS)


def _kind(name: str):
    return MATRIX[name][1]


@pytest.mark.parametrize(("name", "real"), by_kind(_owned_rows(), _kind), indirect=["real"])
def test_strangers_find_nothing_of_another_employee(name, real, org, client_for):
    url = _url(name, real)
    made_up = _url(name, {key: _made_up(key, value)[0] for key, value in real.items()})
    # 405: the method is refused before any lookup; 403 only where it is a refusal by role.
    allowed = {404, 405, 403} if _refused_by_role(name) else {404, 405}
    for who in STRANGERS:
        client = client_for(who)
        for method in _methods(name):
            # Only a POST is compared (taken once the GET before it has been answered).
            before = database_fingerprint() if method == "post" else None
            status = _request(client, method, url).status_code
            assert status in allowed, f"{who} {method.upper()} {url}: {status}, expected 404"
            if status == 403:
                # The same refusal for an id that exists nowhere: nothing confirms this one.
                assert _request(client, method, made_up).status_code == 403, made_up
            if method == "post":
                assert_nothing_changed(before, f"{who} POST {url}")


# Well-formed ids that belong to nothing, by URL keyword.
def _made_up(key: str, real) -> list:
    uuid_like = {"public_id"}
    large_ints = [2_147_483_647, 10**20]
    if key in uuid_like:
        return [uuid.uuid4()]
    if key == "nip":
        from accounts.org.models import Employee

        nip = next(make_nip(n) for n in range(9000, 9999) if not _nip_taken(Employee, make_nip(n)))
        return [nip]
    if key == "year":
        return [2099, *large_ints]
    if key == "period":
        return [9, *large_ints]
    if key == "month":
        return [13, *large_ints]
    if key.endswith("_id"):
        return large_ints
    if key == "code":
        # A unit code may hold dots; a public short code is a slug.
        return ["TIDAK.ADA"] if "." in str(real) or str(real).isupper() else ["tidakada0"]
    if key in ("identifier", "slug"):
        return ["tidak-ada"]
    raise AssertionError(f"No made-up value for URL keyword {key!r}: add one to _made_up")


def _nip_taken(model, nip) -> bool:
    return model.objects.filter(nip=nip).exists()


def _acceptable_for_made_up(name: str, persona: str) -> set[int]:
    """404, or what the persona gets for the real object when that is a refusal by role."""
    expected = MATRIX[name][2]
    if persona == "anonymous":
        return {expected["anonymous"]} if expected["anonymous"] == 302 else {404}
    return {404, 403} if expected[persona] == 403 else {404}


@pytest.mark.parametrize(("name", "real"), by_kind(_id_rows(), _kind), indirect=["real"])
def test_made_up_ids_are_not_found(name, real, org, client_for):
    clients = {who: client_for(who) for who in PERSONAS}
    before = database_fingerprint()
    for key, value in real.items():
        first, *others = _made_up(key, value)
        # Every persona tries the first made-up value; the out-of-range numbers, which only
        # matter to the database, are tried by one persona who sees everything and one who
        # sees little.
        tries = [(first, PERSONAS)] + [(fake, ("admin_bkd", "pegawai")) for fake in others]
        for fake, personas in tries:
            url = _url(name, {**real, key: fake})
            for who in personas:
                for method in _methods(name):
                    status = _request(clients[who], method, url).status_code
                    allowed = _acceptable_for_made_up(name, who) | {405}
                    assert status in allowed, (
                        f"{who} {method.upper()} {url} ({key} made up): {status}, "
                        f"expected one of {sorted(allowed)}"
                    )
    assert_nothing_changed(before, f"Requests to {name} with made-up ids")


def test_the_database_fingerprint_sees_a_change(org):
    before = database_fingerprint()
    org.pegawai.name = "Nama Lain"
    org.pegawai.save(update_fields=["name"])
    with pytest.raises(AssertionError, match="accounts.Employee"):
        assert_nothing_changed(before, "renaming")
    assert connection.vendor in {"sqlite", "postgresql"}


def test_the_fast_fingerprints_see_what_the_orm_sees(org):
    """Each kind of write changes the same tables' digests in every fingerprint: the one in use
    (one statement on PostgreSQL, plain queries elsewhere), the plain queries on any database,
    and the ORM's values they replace."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from accounts.choices import AdminRoleKind
    from accounts.org.models import AdminRole, Employee, OrgUnit

    User = get_user_model()
    history = Employee.history.model
    fingerprints = {"orm": _fingerprint_by_the_orm, "rows": _fingerprint_of_rows}
    if connection.vendor == "postgresql":
        fingerprints["postgresql"] = _fingerprint_in_postgresql
    pegawai = Employee.objects.filter(pk=org.pegawai.pk)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    role = {}
    changes = {
        "nothing": lambda: None,
        "a name": lambda: pegawai.update(name="Nama Lain"),
        "a comma, a quote and a new line": lambda: pegawai.update(name='Nama, "Lain"\n'),
        "a letter's case": lambda: pegawai.update(name='nama, "lain"\n'),
        "a title": lambda: pegawai.update(front_title="dr."),
        "an empty string for a title": lambda: pegawai.update(front_title=""),
        "a NULL for an empty string": lambda: history.objects.filter(
            pk=history.objects.latest("pk").pk
        ).update(history_change_reason=""),
        "an empty string for a NULL": lambda: history.objects.filter(
            pk=history.objects.latest("pk").pk
        ).update(history_change_reason=None),
        "a foreign key": lambda: pegawai.update(position=org.kasi_pos),
        "a foreign key emptied": lambda: pegawai.update(position=None),
        "a tick box": lambda: OrgUnit.objects.filter(pk=org.surv.pk).update(is_active=False),
        "a time": lambda: User.objects.filter(pk=org.pegawai.user_id).update(last_login=at),
        "a microsecond": lambda: User.objects.filter(pk=org.pegawai.user_id).update(
            last_login=at + dt.timedelta(microseconds=1)
        ),
        "a row added": lambda: role.update(
            row=AdminRole.objects.create(
                user=org.pegawai.user, kind=AdminRoleKind.ADMIN_OPD, opd=org.dinkes
            )
        ),
        "a row removed": lambda: role["row"].delete(),
    }
    before = {name: fingerprint() for name, fingerprint in fingerprints.items()}
    for what, change in changes.items():
        change()
        after = {name: fingerprint() for name, fingerprint in fingerprints.items()}
        seen = {}
        for name, digests in after.items():
            assert digests.keys() == before[name].keys() == set(before["orm"]), name
            seen[name] = sorted(label for label in digests if digests[label] != before[name][label])
        before = after
        assert bool(seen["orm"]) == (what != "nothing"), f"{what}: {seen}"
        assert all(labels == seen["orm"] for labels in seen.values()), f"{what}: {seen}"


# ---------------------------------------------------------------- ids inside a POST body
# Some forms carry an id in their body (a hidden RHK, a NIP, an OPD code). Naming another
# employee's object there must answer exactly as naming nothing: the same status, the same words
# (with the id itself taken out), and nothing saved.
def _kasi_rhk(org):
    from appraisal.plans.models import Skp
    from tests.appraisal.matrix_rows_realisation import _approved_skp

    _approved_skp(org)
    return Skp.objects.get(employee=org.ppk, status="approved").rhks.get()


def _kabid_rhk(org):
    from appraisal.plans.models import Skp

    _kasi_rhk(org)
    return str(Skp.objects.get(employee=org.atasan_ppk, status="approved").rhks.get().public_id)


def _pegawai_rhk(org):
    from tests.appraisal.matrix_rows_realisation import _approved_skp

    return str(_approved_skp(org).rhks.get().public_id)


def _today():
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _not_found_nip(org):
    return _made_up("nip", None)[0]


# name → (persona, URL kind, the body with {id} where the guessed id goes, another's id, a
# made-up id). The URL kind is the matrix row's.
BODY_GUESSES = {
    # The kasi hands down the kabid's RHK (their own PPK's, not theirs).
    "appraisal:hand_down": (
        "ppk",
        lambda org: {"rhk": "{id}", "employees": org.pegawai.nip},
        _kabid_rhk,
        lambda org: str(uuid.uuid4()),
    ),
    # The pegawai starts a thread about their PPK's RHK on their own SKP.
    "feedback:thread_start": (
        "pegawai",
        lambda org: {"text": "Tebakan", "subject": "rhk", "target": "{id}"},
        lambda org: str(_kasi_rhk(org).public_id),
        lambda org: str(uuid.uuid4()),
    ),
    # Evidence for their PPK's RHK, attached to the pegawai's realisation.
    "appraisal:evidence_add": (
        "pegawai",
        lambda org: {"rhk": "{id}", "link": "https://contoh.go.id/bukti"},
        lambda org: str(_kasi_rhk(org).public_id),
        lambda org: str(uuid.uuid4()),
    ),
    # A daily log entry against their PPK's RHK.
    "appraisal:daily_log": (
        "pegawai",
        lambda org: {"day": _today(), "target": "rhk:{id}", "activity": "Tebakan"},
        lambda org: str(_kasi_rhk(org).public_id),
        lambda org: str(uuid.uuid4()),
    ),
    # The DINKES admin exports another OPD.
    "reports:export": (
        "admin_opd",
        lambda org: {"opd": "{id}"},
        lambda org: org.disdik.code,
        lambda org: "TIDAK.ADA",
    ),
    # The DINKES admin sends a link to, or opens a public channel for, the DISDIK outsider.
    "account_admin:send_links": (
        "admin_opd",
        lambda org: {"nip": "{id}"},
        lambda org: org.outsider.nip,
        _not_found_nip,
    ),
    "feedback:public_channel_employee": (
        "admin_opd",
        lambda org: {"nip": "{id}"},
        lambda org: org.outsider.nip,
        _not_found_nip,
    ),
}


def _answer(response, guessed: str) -> tuple:
    """Status and the words the person is shown, with the guessed id taken out."""
    from django.contrib.messages import get_messages

    words = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code == 200 and response.context is not None:
        for context in response.context:
            for value in context.flatten().values():
                errors = getattr(value, "errors", None)
                if isinstance(errors, dict):
                    words += [str(e) for field in errors.values() for e in field]
    return response.status_code, sorted(w.replace(guessed, "{id}") for w in words)


@pytest.mark.parametrize("name", sorted(BODY_GUESSES))
def test_ids_in_a_body_name_nothing_of_another(name, org, client_for):
    persona, body, others, made_up = BODY_GUESSES[name]
    _, kind, _ = MATRIX[name]
    url = _url(name, _kwargs(kind, org))
    answers = []
    for guessed in (others(org), made_up(org)):
        client = client_for(persona)  # a fresh session: no message left from the other try
        data = {k: v.replace("{id}", guessed) for k, v in body(org).items()}
        before = database_fingerprint()
        response = client.post(url, data)
        assert_nothing_changed(before, f"{persona} POST {name} naming {guessed}")
        answers.append(_answer(response, guessed))
    assert answers[0] == answers[1], (
        f"{name}: another's id answers {answers[0]}, a made-up one {answers[1]}"
    )
