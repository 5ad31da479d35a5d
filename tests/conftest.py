"""Personas used across tests: one small Pemda with two OPD.

Dinas Kesehatan (DINKES): kepala dinas → kepala bidang P2P → kepala seksi surveilans → staff.
The kepala seksi is the staff's PPK, the kepala bidang their Atasan PPK, the kepala dinas the
kepala unit. Dinas Pendidikan (DISDIK) holds an outsider and its own admin OPD.
"""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client

from accounts.choices import AdminRoleKind, PositionKind, UnitKind
from accounts.org.models import AdminRole, AgencyProfile
from tests import demo_snapshot, fast_flush
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory, place

PASSWORD = "rahasia-uji-123"
fast_flush.install()
BACKEND = "accounts.backends.NipOrUsernameBackend"


def _employee_with_user(username, position, **kwargs):
    user = UserFactory(username=username)
    return place(EmployeeFactory(user=user, **kwargs), position)


# xdist hands out whole files (--dist loadfile) in collection order (the Makefile turns off its
# own reordering, by number of tests, which drew the browser journeys, few tests each but 10-30 s
# apiece, last: minutes of one worker alone after the others had finished). So the files are
# collected longest first: the longest measured ones (test time summed per file, 2026-12-08),
# then the others by an estimate of their time, a browser journey counting as many fast tests.
LONGEST_FIRST = (
    "tests/test_malformed_input.py",
    "tests/test_permissions_matrix.py",
    "tests/test_guessed_ids.py",
    "tests/appraisal/test_closing.py",
    "tests/browser/test_siasn_journey.py",
    "tests/test_scale_queries.py",
    "tests/accounts/test_import_fuzz.py",
    "tests/test_security_documents.py",
    "tests/appraisal/test_objections.py",
    "tests/appraisal/test_signing.py",
)
BROWSER_TEST_SECONDS, OTHER_TEST_SECONDS = 13.0, 0.4


def _estimated_seconds(items) -> float:
    return sum(
        BROWSER_TEST_SECONDS if item.get_closest_marker("browser") else OTHER_TEST_SECONDS
        for item in items
    )


def pytest_collection_modifyitems(items):
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}
    order = sorted(
        by_file,
        key=lambda path: (rank.get(path, len(rank)), -_estimated_seconds(by_file[path]), path),
    )
    items[:] = [item for path in order for item in _by_url_kind(by_file[path])]


def _by_url_kind(items) -> list:
    """A file's cases of a URL kind (tests/built_once.py's indirect `real` parameter) follow each
    other whichever test function they belong to: each kind's objects are then built once for
    the file instead of once per test function (the permission matrix, guessed ids and malformed
    input sweep the same kinds in two or three functions). The sort is stable (within a kind the
    functions and their cases keep their order) and the file's other tests keep their places."""

    def url_kind(item) -> str | None:
        callspec = getattr(item, "callspec", None)
        if callspec is None or "real" not in callspec.params:
            return None
        return str(callspec.params["real"])

    places = [index for index, item in enumerate(items) if url_kind(item) is not None]
    by_kind = sorted((items[index] for index in places), key=url_kind)
    ordered = list(items)
    for index, item in zip(places, by_kind, strict=True):
        ordered[index] = item
    return ordered


@pytest.fixture(autouse=True, scope="session")
def demo_shared_between_workers(tmp_path_factory, worker_id):
    """Under xdist the seeded demo is made once for the run (tests/demo_snapshot.py): the run's
    processes share the parent of their temporary folders."""
    if worker_id != "master":
        demo_snapshot.SHARED_DIR = tmp_path_factory.getbasetemp().parent / "demo-snapshot"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached lookups start empty in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Uploads written by a test go to a throwaway folder, never the developer's media/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def no_required_second_factor(settings):
    """Personas sign in without an authenticator (force_login or the login form); the tests of
    MFA_REQUIRED_ROLES (tests/accounts/test_twofactor*.py) set the roles they exercise."""
    settings.MFA_REQUIRED_ROLES = []


@pytest.fixture
def english():
    """Messages in English, for tests that read the source strings."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def org(db):
    return build_org()


def build_org() -> SimpleNamespace:
    """Two OPDs with a reporting chain, their admins and an admin BKD (the `org` fixture; the
    permission matrix builds it once per module)."""
    AgencyProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Pemerintah Kota Uji",
            "head_name": "Wali Kota Uji",
            "head_title": "Wali Kota",
        },
    )
    dinkes = OrgUnitFactory(code="DINKES", name="Dinas Kesehatan")
    p2p = OrgUnitFactory(code="DINKES.P2P", name="Bidang P2P", kind=UnitKind.BIDANG, parent=dinkes)
    surv = OrgUnitFactory(
        code="DINKES.SURV", name="Seksi Surveilans", kind=UnitKind.SEKSI, parent=p2p
    )
    disdik = OrgUnitFactory(code="DISDIK", name="Dinas Pendidikan")
    bkpsdm = OrgUnitFactory(code="BKPSDM", name="BKPSDM")

    kadis_pos = PositionFactory(
        name="Kepala Dinas Kesehatan", kind=PositionKind.JPT_PRATAMA, unit=dinkes
    )
    kabid_pos = PositionFactory(
        name="Kepala Bidang P2P", kind=PositionKind.ADMINISTRATOR, unit=p2p, parent=kadis_pos
    )
    kasi_pos = PositionFactory(
        name="Kepala Seksi Surveilans", kind=PositionKind.PENGAWAS, unit=surv, parent=kabid_pos
    )
    staff_pos = PositionFactory(
        name="Pengelola Data", kind=PositionKind.PELAKSANA, unit=surv, parent=kasi_pos
    )
    hr_pos = PositionFactory(
        name="Analis SDM", kind=PositionKind.PELAKSANA, unit=dinkes, parent=kadis_pos
    )
    disdik_head = PositionFactory(
        name="Kepala Dinas Pendidikan", kind=PositionKind.JPT_PRATAMA, unit=disdik
    )
    disdik_staff = PositionFactory(name="Pengadministrasi", unit=disdik, parent=disdik_head)
    bkd_pos = PositionFactory(name="Analis Kepegawaian", unit=bkpsdm)

    ns = SimpleNamespace(
        dinkes=dinkes,
        p2p=p2p,
        surv=surv,
        disdik=disdik,
        bkpsdm=bkpsdm,
        kadis_pos=kadis_pos,
        kabid_pos=kabid_pos,
        kasi_pos=kasi_pos,
        staff_pos=staff_pos,
        disdik_head=disdik_head,
        disdik_staff=disdik_staff,
    )
    ns.kepala_unit = _employee_with_user("kadis", kadis_pos, name="Kadis Kesehatan")
    ns.atasan_ppk = _employee_with_user("kabid", kabid_pos, name="Kabid P2P")
    ns.ppk = _employee_with_user("kasi", kasi_pos, name="Kasi Surveilans")
    ns.pegawai = _employee_with_user("pegawai", staff_pos, name="Pegawai Surveilans")
    ns.colleague = place(EmployeeFactory(name="Rekan Surveilans"), staff_pos)
    ns.admin_opd = _employee_with_user("adminopd", hr_pos, name="Admin Dinkes")
    AdminRole.objects.create(user=ns.admin_opd.user, kind=AdminRoleKind.ADMIN_OPD, opd=dinkes)
    ns.disdik_head_emp = place(EmployeeFactory(name="Kadis Pendidikan"), disdik_head)
    ns.outsider = _employee_with_user("outsider", disdik_staff, name="Guru Luar")
    ns.admin_opd_other = _employee_with_user("adminlain", disdik_staff, name="Admin Disdik")
    AdminRole.objects.create(user=ns.admin_opd_other.user, kind=AdminRoleKind.ADMIN_OPD, opd=disdik)
    ns.admin_bkd = _employee_with_user("adminbkd", bkd_pos, name="Admin BKD")
    AdminRole.objects.create(user=ns.admin_bkd.user, kind=AdminRoleKind.ADMIN_BKD)
    return ns


PERSONAS = (
    "anonymous",
    "pegawai",
    "ppk",
    "atasan_ppk",
    "kepala_unit",
    "admin_opd",
    "admin_opd_other",
    "admin_bkd",
)


@pytest.fixture
def login(org, request):
    """login("ppk") → a test Client logged in as that persona (anonymous → a plain Client).

    A test that also uses the `english` fixture gets clients that chose English (the language
    switcher's cookie: a browser's Accept-Language alone never switches, core/languages.py).
    """
    english = "english" in request.fixturenames

    def _login(persona: str) -> Client:
        client = Client()
        if english:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if persona != "anonymous":
            client.force_login(getattr(org, persona).user, backend=BACKEND)
        return client

    return _login
