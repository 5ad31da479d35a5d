"""Every URL pattern × every persona → expected status. A new URL without a row fails the suite.

Statuses: 302 for an anonymous visitor means "sent to the login page"; 404 means the object is
outside the persona's scope; 403 means visible (or a page of the admin area) but not allowed.
Django's own admin site counts as one row: it is for superusers only, and every persona here is
sent to its login page.
"""

import datetime as dt
import importlib
import shutil
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import AssignmentKind
from accounts.org import services
from tests import built_once
from tests.actors import actor
from tests.built_once import by_kind
from tests.conftest import PERSONAS
from tests.factories import place
from tests.matrix import (
    ADMINS_IN_SCOPE,
    ADMINS_ONLY,
    BKD_ONLY,
    EVERYONE_LOGGED_IN,
    MANAGE_EMPLOYEE,
    MANAGE_EMPLOYEE_POST,
    row,
)

# The organisation is built once for the module's thousands of cases, and each URL kind's objects
# (an approved SKP chain, an evaluation...) once for the cases of that kind, which follow each
# other (by_kind); each case runs in its own transaction, rolled back (tests/built_once.py).
globals().update(built_once.fixtures())


# name → (method, how to build the URL kwargs from the fixtures, expected statuses)
MATRIX = {
    "home": ("get", None, EVERYONE_LOGGED_IN),
    # The liveness probe: no login, no database.
    "healthz": ("get", None, row(*[200] * 8)),
    "login": ("get", None, row(200, 302, 302, 302, 302, 302, 302, 302)),
    "logout": ("get", None, row(*[405] * 8)),
    "password_change": ("get", None, EVERYONE_LOGGED_IN),
    "password_change_done": ("get", None, EVERYONE_LOGGED_IN),
    # GET on the language switch changes nothing and sends everyone back (the form POSTs).
    "set_language": ("get", None, row(*[302] * 8)),
    "admin:*": ("get", None, row(*[302] * 8)),
    # Public account pages: the same answer for everyone (no probing of who exists).
    "password_reset": ("get", None, row(*[200] * 8)),
    "password_reset_done": ("get", None, row(*[200] * 8)),
    "password_reset_confirm": ("get", "reset", row(*[200] * 8)),
    "password_reset_complete": ("get", None, row(*[200] * 8)),
    "account:redeem_code": ("get", None, row(*[200] * 8)),
    "account:redeem_link": ("get", "secret", row(*[400] * 8)),
    "account:set_password": ("get", None, row(*[400] * 8)),
    "org:account_send_link": ("post", "employee", MANAGE_EMPLOYEE_POST),
    "org:account_print_code": ("post", "employee", MANAGE_EMPLOYEE),
    "org:account_deactivate": ("post", "employee", MANAGE_EMPLOYEE_POST),
    "org:account_reactivate": ("post", "employee", MANAGE_EMPLOYEE_POST),
    "account_admin:overview": ("get", None, ADMINS_ONLY),
    "account_admin:export": ("get", None, ADMINS_ONLY),
    # Bulk actions with nobody ticked: admins are sent back with a message, others refused.
    "account_admin:send_links": ("post", None, row(302, 403, 403, 403, 403, 302, 302, 302)),
    "account_admin:print_slips": ("post", None, row(302, 403, 403, 403, 403, 302, 302, 302)),
    "org:unit_list": ("get", None, ADMINS_ONLY),
    "org:unit_create": ("get", None, ADMINS_ONLY),
    "org:unit_options": ("get", None, ADMINS_ONLY),
    "org:unit_detail": ("get", "unit", ADMINS_IN_SCOPE),
    "org:unit_edit": ("get", "unit", ADMINS_IN_SCOPE),
    "org:position_list": ("get", None, ADMINS_ONLY),
    "org:position_create": ("get", None, ADMINS_ONLY),
    "org:position_options": ("get", None, ADMINS_ONLY),
    "org:position_edit": ("get", "position", ADMINS_IN_SCOPE),
    "org:employee_list": ("get", None, ADMINS_ONLY),
    "org:employee_create": ("get", None, ADMINS_ONLY),
    # The staff member's own page: themself, their PPK, the heads above, their OPD's admin, BKD.
    "org:employee_detail": ("get", "employee", row(302, 200, 200, 200, 200, 200, 404, 200)),
    "org:employee_edit": ("get", "employee", MANAGE_EMPLOYEE),
    "org:employee_transfer": ("get", "employee", MANAGE_EMPLOYEE),
    "org:employee_acting": ("get", "employee", MANAGE_EMPLOYEE),
    "org:assignment_end": ("post", "assignment", MANAGE_EMPLOYEE_POST),
    "org:employee_override": ("get", "employee", row(302, 403, 403, 403, 403, 403, 404, 200)),
    "org:override_end": ("post", "override", row(302, 403, 403, 403, 403, 403, 404, 302)),
    "org:agency_edit": ("get", None, BKD_ONLY),
    "org:role_list": ("get", None, BKD_ONLY),
    "org:role_revoke": ("post", "role", row(302, 403, 403, 403, 403, 403, 403, 302)),
    "imports:upload": ("get", None, ADMINS_ONLY),
    "imports:template": ("get", None, ADMINS_ONLY),
    "imports:history": ("get", None, ADMINS_ONLY),
    # An import uploaded by the BKD admin: only they (or another BKD admin) may see it.
    "imports:preview": ("get", "import", row(302, 403, 403, 403, 403, 404, 404, 200)),
}


EXTRA_KINDS: dict = {}
EXTRA_POST_ROWS: dict = {}
# Each area's rows: tests/<area>/matrix_rows.py and tests/<area>/matrix_rows_<part>.py.
for _path in sorted(Path(__file__).parent.glob("*/matrix_rows*.py")):
    _rows = importlib.import_module(f"tests.{_path.parent.name}.{_path.stem}")
    MATRIX.update(_rows.ROWS)
    EXTRA_POST_ROWS.update(getattr(_rows, "POST_ROWS", {}))
    EXTRA_KINDS.update(getattr(_rows, "KINDS", {}))

NOT_LOGIN_REDIRECTS = {"admin:*", "set_language"}


def _pattern_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner == "admin:":
                yield "admin:*"
                continue
            yield from _pattern_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_has_a_row():
    names = set(_pattern_names())
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


def _kwargs(kind, org):
    if kind is None:
        return {}
    if kind == "reset":
        return {"uidb64": "MQ", "token": "tidak-valid"}
    if kind == "secret":
        return {"secret": "tidak-valid"}
    if kind == "unit":
        return {"code": org.surv.code}
    if kind == "position":
        return {"public_id": org.staff_pos.public_id}
    if kind == "employee":
        return {"nip": org.pegawai.nip}
    if kind == "assignment":
        acting = place(
            org.pegawai, org.kasi_pos, start=dt.date(2026, 1, 1), kind=AssignmentKind.PLH
        )
        assignment = acting.assignments.get(kind=AssignmentKind.PLH)
        return {"nip": org.pegawai.nip, "assignment_id": assignment.pk}
    if kind == "override":
        override = services.override_set(
            org.pegawai,
            org.kepala_unit,
            None,
            dt.date(2026, 1, 1),
            None,
            "Delegasi uji",
            actor=actor(org.admin_bkd),
        )
        return {"nip": org.pegawai.nip, "override_id": override.pk}
    if kind == "role":
        return {"role_id": org.admin_opd.user.admin_roles.get().pk}
    if kind == "import":
        from accounts.importing.models import EmployeeImport

        upload = EmployeeImport.objects.create(
            uploaded_by=org.admin_bkd.user, original_name="pegawai.xlsx", summary={}, errors=[]
        )
        return {"public_id": upload.public_id}
    if kind in EXTRA_KINDS:
        return EXTRA_KINDS[kind](org)
    raise AssertionError(kind)


def _url(name, kwargs):
    if name == "admin:*":
        return reverse("admin:index")
    return reverse(name, kwargs=kwargs)


def _kind(name: str):
    return MATRIX[name][1]


@pytest.fixture
def alone(ready, settings, tmp_path):
    """`with alone(what, failures):` runs one persona's requests as a test of their own would:
    from the rows, the files (the URL kind's, `ready` put them in MEDIA_ROOT) and the empty cache
    the test started with, whatever the persona before did: a savepoint rolled back, the cache
    cleared, MEDIA_ROOT put back. An exception goes into `failures` with its traceback, and the
    next persona is still tried.

    One test per URL tries every persona in turn: a test per URL and persona paid pytest's
    setup, a copy of the organisation and a transaction for each of some 2,300 requests."""
    media = Path(settings.MEDIA_ROOT)
    media_as_built = tmp_path / "media-as-built"
    if media.exists():
        shutil.copytree(media, media_as_built)

    @contextmanager
    def _alone(what: str, failures: list[str]):
        cache.clear()
        try:
            with transaction.atomic():
                yield
                transaction.set_rollback(True)
        except Exception:
            failures.append(f"{what}: raised\n{traceback.format_exc()}")
        finally:
            cache.clear()
            shutil.rmtree(media, ignore_errors=True)
            if media_as_built.exists():
                shutil.copytree(media_as_built, media)

    return _alone


def _failed(failures: list[str]) -> str:
    return f"{len(failures)} of {len(PERSONAS)} personas answered wrongly:\n" + "\n".join(failures)


@pytest.mark.parametrize(("name", "real"), by_kind(sorted(MATRIX), _kind), indirect=["real"])
def test_permission_matrix(name, real, login, alone):
    method, _, expected = MATRIX[name]
    url = _url(name, real)
    data = {"end_date": "2026-06-30", "reason": "uji"} if method == "post" else None
    if name == "org:account_print_code":
        data = {"_": "1"}
    failures = []
    for persona in PERSONAS:
        what = f"{persona} {method.upper()} {url}"
        with alone(what, failures):
            client = login(persona)
            response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
            if response.status_code != expected[persona]:
                failures.append(f"{what}: {response.status_code}, expected {expected[persona]}")
            elif (
                persona == "anonymous"
                and expected[persona] == 302
                and name not in NOT_LOGIN_REDIRECTS
                and not response.url.startswith(reverse("login"))
            ):
                failures.append(f"{what}: sent to {response.url}, not to the login page")
    assert not failures, _failed(failures)


def test_guessed_nip_of_another_opd_is_not_found(org, login):
    client = login("admin_opd")
    response = client.get(reverse("org:employee_detail", kwargs={"nip": org.outsider.nip}))
    assert response.status_code == 404


def test_pegawai_cannot_see_a_colleague(org, login):
    response = login("pegawai").get(
        reverse("org:employee_detail", kwargs={"nip": org.colleague.nip})
    )
    assert response.status_code == 404


# Change views answer POSTs with the same policy as GETs: an empty POST re-shows the form (200) for
# those allowed, and is refused before any validation for everyone else.
POST_MATRIX = {
    "org:unit_create": (None, row(302, 403, 403, 403, 403, 200, 200, 200)),
    "org:unit_edit": ("unit", ADMINS_IN_SCOPE),
    "org:position_create": (None, row(302, 403, 403, 403, 403, 200, 200, 200)),
    "org:position_edit": ("position", ADMINS_IN_SCOPE),
    "org:employee_create": (None, row(302, 403, 403, 403, 403, 200, 200, 200)),
    "org:employee_edit": ("employee", MANAGE_EMPLOYEE),
    "org:employee_transfer": ("employee", MANAGE_EMPLOYEE),
    "org:employee_acting": ("employee", MANAGE_EMPLOYEE),
    "org:employee_override": ("employee", row(302, 403, 403, 403, 403, 403, 404, 200)),
    "org:agency_edit": (None, BKD_ONLY),
    "org:role_list": (None, BKD_ONLY),
    "imports:upload": (None, ADMINS_ONLY),
}


POST_MATRIX.update(EXTRA_POST_ROWS)


@pytest.mark.parametrize(
    ("name", "real"),
    by_kind(sorted(POST_MATRIX), lambda name: POST_MATRIX[name][0]),
    indirect=["real"],
)
def test_change_views_refuse_posts_from_the_wrong_persona(name, real, login, alone):
    _, expected = POST_MATRIX[name]
    url = _url(name, real)
    failures = []
    for persona in PERSONAS:
        what = f"{persona} POST {name}"
        with alone(what, failures):
            response = login(persona).post(url, {})
            if response.status_code != expected[persona]:
                failures.append(f"{what}: {response.status_code}, expected {expected[persona]}")
    assert not failures, _failed(failures)
