"""Account status overview: counts per OPD, filters, scope, bulk invitations, slips and export."""

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import EmployeeStatus, PositionKind
from accounts.logins import bulk as account_bulk
from accounts.logins import services as account_services
from accounts.logins.models import AccountToken, TokenChannel, TokenPurpose
from accounts.logins.selectors import AccountState, account_state_condition, with_account_state
from accounts.org.models import Employee
from tests.actors import system
from tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    UserFactory,
    place,
)

OVERVIEW = reverse("account_admin:overview")
EXPORT = reverse("account_admin:export")
SEND = reverse("account_admin:send_links")
PRINT = reverse("account_admin:print_slips")


def _person(position, name, *, account=None, email="", status=EmployeeStatus.ACTIVE):
    """An employee of `position` whose account is in a given condition:
    None (no account), "usable", "unusable", "invited", "expired", "deactivated"."""
    employee = place(EmployeeFactory(name=name, email=email, status=status), position)
    if account is None:
        return employee
    user = UserFactory(username=employee.nip, email=email)
    if account != "usable":
        user.set_unusable_password()
        user.save()
    if account == "deactivated":
        user.is_active = False
        user.save()
    if account in ("invited", "expired"):
        token, _secret = account_services.token_issue_link(
            user, TokenPurpose.ACTIVATION, actor=system()
        )
        token.sent_at = timezone.now()
        if account == "expired":
            token.expires_at = timezone.now() - dt.timedelta(hours=1)
        token.save()
    employee.user = user
    employee.save(update_fields=["user"])
    return employee


@pytest.fixture
def dishub(org):
    """A third OPD with one employee in every account state (only admin BKD manages it)."""
    opd = OrgUnitFactory(code="DISHUB", name="Dinas Perhubungan")
    head = PositionFactory(name="Kepala Dinas Perhubungan", kind=PositionKind.JPT_PRATAMA, unit=opd)
    staff = PositionFactory(name="Pengatur Lalu Lintas", unit=opd, parent=head)
    ns = SimpleNamespace(opd=opd, staff=staff)
    ns.active = _person(staff, "Aktif Satu", account="usable", email="aktif@dishub.go.id")
    ns.active.user.last_login = timezone.now()
    ns.active.user.save(update_fields=["last_login"])
    ns.active_idle = _person(staff, "Aktif Belum Login", account="usable")
    ns.invited = _person(staff, "Diundang", account="invited", email="undang@dishub.go.id")
    ns.expired = _person(staff, "Undangan Kedaluwarsa", account="expired", email="exp@dishub.go.id")
    ns.unusable = _person(staff, "Tanpa Sandi", account="unusable")
    ns.no_account = _person(staff, "Tanpa Akun", email="baru@dishub.go.id")
    ns.deactivated = _person(staff, "Diblokir", account="deactivated", email="blok@dishub.go.id")
    ns.retired = _person(
        staff, "Pensiunan", account="deactivated", status=EmployeeStatus.RETIRED, email="p@x.id"
    )
    ns.retired_no_account = _person(staff, "Pensiunan Lama", status=EmployeeStatus.RETIRED)
    return ns


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _levels(response) -> list[str]:
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def _row(response, code):
    return next(row for row in response.context["counts"] if row["opd_code"] == code)


def _nips(response) -> set[str]:
    return {employee.nip for employee in response.context["page"]}


# ----- counts ---------------------------------------------------------------------------------
def test_counts_per_opd_put_each_employee_in_their_state(dishub, login):
    response = login("admin_bkd").get(OVERVIEW)
    assert response.status_code == 200
    row = _row(response, "DISHUB")
    assert {k: v for k, v in row.items() if not k.startswith("opd")} == {
        "employees": 7,  # the two who retired are not counted as employees
        "active": 2,
        "invited": 1,
        "not_activated": 3,  # expired invitation, no password, no account
        "never_logged_in": 6,  # every active employee but the one who logged in
        "deactivated": 2,  # the retired one's account too
        "new_with_email": 2,
        "new_without_email": 1,
        "confirm_email": "Kirim tautan aktivasi lewat e-mail ke 2 pegawai Dinas Perhubungan yang "
        "belum diaktifkan?",
        "email_label": "Kirim e-mail ke 2",
        "print_label": "Cetak 1 slip",
    }
    assert response.context["totals"]["deactivated"] == 2


@pytest.mark.parametrize("state", [choice for choice, _label in AccountState.choices])
def test_the_state_filter_picks_exactly_the_rows_of_that_state(dishub, state):
    # The CASE's order matters: a disabled account with an open invitation is deactivated.
    blocked = _person(dishub.staff, "Diblokir Berundangan", account="invited")
    blocked.user.is_active = False
    blocked.user.save(update_fields=["is_active"])
    every = with_account_state(Employee.objects.all())
    assert every.get(pk=blocked.pk).account_state == AccountState.DEACTIVATED
    by_case = set(every.filter(account_state=state).values_list("pk", flat=True))
    by_condition = set(every.filter(account_state_condition(state)).values_list("pk", flat=True))
    assert by_case == by_condition and by_case  # the fixture has someone in every state


def test_admin_opd_sees_only_their_own_opd(dishub, org, login):
    response = login("admin_opd").get(OVERVIEW)
    assert [row["opd_code"] for row in response.context["counts"]] == ["DINKES"]
    nips = _nips(response)
    assert org.pegawai.nip in nips
    assert org.outsider.nip not in nips and dishub.invited.nip not in nips
    # Asking for another OPD by id is not a way in: the choice is refused and ignored.
    response = login("admin_opd").get(OVERVIEW, {"opd": dishub.opd.pk})
    assert dishub.invited.nip not in _nips(response)


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "kepala_unit"])
def test_non_admins_are_refused(org, login, persona):
    client = login(persona)
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.post(SEND, {"nip": org.colleague.nip}).status_code == 403
    assert client.post(PRINT, {"nip": org.colleague.nip}).status_code == 403
    assert not AccountToken.objects.exists()


# ----- filters --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "names"),
    [
        (AccountState.ACTIVE, {"active", "active_idle"}),
        (AccountState.INVITED, {"invited"}),
        (AccountState.NEW, {"expired", "unusable", "no_account", "retired_no_account"}),
        (AccountState.DEACTIVATED, {"deactivated", "retired"}),
    ],
)
def test_state_filter_lists_exactly_that_state(dishub, login, state, names):
    response = login("admin_bkd").get(OVERVIEW, {"opd": dishub.opd.pk, "state": state})
    assert _nips(response) == {getattr(dishub, name).nip for name in names}
    assert all(e.state_label == state.label for e in response.context["page"])


def test_email_never_logged_in_and_search_filters(dishub, login):
    client = login("admin_bkd")
    base = {"opd": dishub.opd.pk}
    without_email = _nips(client.get(OVERVIEW, {**base, "has_email": "no"}))
    assert without_email == {
        dishub.active_idle.nip,
        dishub.unusable.nip,
        dishub.retired_no_account.nip,
    }
    logged_in = _nips(client.get(OVERVIEW, {**base, "never_logged_in": "no"}))
    assert logged_in == {dishub.active.nip}
    never = _nips(client.get(OVERVIEW, {**base, "never_logged_in": "yes"}))
    assert dishub.no_account.nip in never and dishub.active.nip not in never
    assert _nips(client.get(OVERVIEW, {"q": "kedaluwarsa"})) == {dishub.expired.nip}
    nip = dishub.expired.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert _nips(client.get(OVERVIEW, {"q": spaced})) == {nip}


def test_list_shows_email_state_and_invitation_and_explains_an_empty_result(dishub, login):
    client = login("admin_bkd")
    response = client.get(OVERVIEW, {"opd": dishub.opd.pk})
    html = response.content.decode()
    assert "undang@dishub.go.id" in html and 'data-state="invited"' in html
    assert f"?opd={dishub.opd.pk}&amp;state=invited" in html  # counts link to their list
    invited = next(e for e in response.context["page"] if e.nip == dishub.invited.nip)
    assert invited.invited_at is not None
    response = client.get(OVERVIEW, {"q": "tidak ada orang ini"})
    assert 'data-testid="list-empty"' in response.content.decode()


# ----- bulk e-mail ----------------------------------------------------------------------------
def test_bulk_email_reaches_only_the_eligible_each_with_a_working_link(
    dishub, org, login, django_capture_on_commit_callbacks
):
    everyone = [
        getattr(dishub, name).nip
        for name in (
            "active",
            "invited",
            "expired",
            "unusable",
            "no_account",
            "deactivated",
            "retired",
        )
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = login("admin_bkd").post(SEND, {"nip": everyone, "back": "state=new"})
    assert response.status_code == 302 and response.url == f"{OVERVIEW}?state=new"
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["baru@dishub.go.id", "exp@dishub.go.id", "undang@dishub.go.id"]
    (message,) = _messages(response)
    assert "3" in message and "4" in message  # three links, four skipped
    for sent in mail.outbox:
        link = re.search(r"https?://\S+/akun/tautan/\S+/", sent.body).group(0)
        client = Client()
        assert client.get(link).url == reverse("account:set_password")
    dishub.no_account.refresh_from_db()
    assert dishub.no_account.user.username == dishub.no_account.nip  # provisioned on the way
    # The re-invited person's first link died with the new one.
    assert (
        AccountToken.objects.filter(
            user=dishub.invited.user, used_at__isnull=True, revoked_at__isnull=True
        ).count()
        == 1
    )


def test_admin_opd_cannot_reach_another_opd_by_nip(
    dishub, org, login, django_capture_on_commit_callbacks
):
    org.colleague.email = "rekan@dinkes.go.id"
    org.colleague.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login("admin_opd").post(
            SEND, {"nip": [org.colleague.nip, org.outsider.nip, dishub.no_account.nip]}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rekan@dinkes.go.id"]]
    assert "2" in _messages(response)[0]  # two not found, reported as skipped
    dishub.no_account.refresh_from_db()
    assert dishub.no_account.user is None


def test_bulk_email_goes_to_the_employees_current_address(
    dishub, login, django_capture_on_commit_callbacks
):
    # An import changed the employee's address but not the account's.
    dishub.unusable.email = "baru.alamat@dishub.go.id"
    dishub.unusable.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        login("admin_bkd").post(SEND, {"nip": dishub.unusable.nip})
    assert [m.to for m in mail.outbox] == [["baru.alamat@dishub.go.id"]]
    dishub.unusable.user.refresh_from_db()
    assert dishub.unusable.user.email == "baru.alamat@dishub.go.id"


def test_email_all_not_activated_of_an_opd_spares_the_invited(
    dishub, login, django_capture_on_commit_callbacks
):
    first = AccountToken.objects.get(user=dishub.invited.user, revoked_at__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = login("admin_bkd").post(SEND, {"scope": "all", "opd": dishub.opd.pk})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["baru@dishub.go.id", "exp@dishub.go.id"]
    first.refresh_from_db()
    assert first.revoked_at is None  # the invited person's link still works


def test_bulk_action_without_a_selection_says_so(org, login):
    response = login("admin_bkd").post(SEND)
    assert response.status_code == 302 and response.url == OVERVIEW
    assert _levels(response) == ["error"]
    assert not mail.outbox


# ----- printed slips --------------------------------------------------------------------------
def test_bulk_slips_are_a_pdf_with_one_open_code_per_person(dishub, login):
    nips = [dishub.expired.nip, dishub.unusable.nip, dishub.no_account.nip, dishub.active.nip]
    response = login("admin_bkd").post(PRINT, {"nip": nips})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    open_codes = AccountToken.objects.filter(
        channel=TokenChannel.SHEET, used_at__isnull=True, revoked_at__isnull=True
    )
    dishub.no_account.refresh_from_db()
    for employee in (dishub.expired, dishub.unusable, dishub.no_account):
        assert open_codes.filter(user__employee=employee).count() == 1
    assert open_codes.count() == 3  # the active account got none


def test_print_all_without_email_and_the_slip_limit(dishub, login, monkeypatch):
    client = login("admin_bkd")
    monkeypatch.setattr(account_bulk, "SLIP_LIMIT", 0)
    response = client.post(PRINT, {"scope": "all", "opd": dishub.opd.pk})
    assert response.status_code == 302 and _levels(response) == ["error"]
    assert not AccountToken.objects.filter(channel=TokenChannel.SHEET).exists()
    monkeypatch.setattr(account_bulk, "SLIP_LIMIT", 500)
    response = client.post(PRINT, {"scope": "all", "opd": dishub.opd.pk})
    assert response.status_code == 200
    # Only the one not-yet-activated person without an address gets a slip.
    assert list(
        AccountToken.objects.filter(channel=TokenChannel.SHEET).values_list(
            "user__username", flat=True
        )
    ) == [dishub.unusable.nip]


# ----- export ---------------------------------------------------------------------------------
def test_export_is_a_workbook_of_the_filter_result(dishub, login):
    response = login("admin_bkd").get(EXPORT, {"opd": dishub.opd.pk, "state": "active"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    cover, data = workbook.worksheets
    assert cover["A1"].value == "Status akun pegawai"
    cover_values = dict(row[:2] for row in cover.iter_rows(values_only=True) if len(row) > 1)
    assert cover_values["Dibuat oleh"] == "Admin BKD (adminbkd)"
    assert isinstance(cover_values["Dibuat pada"], dt.datetime)
    assert cover_values["Status Akun"] == "Aktif"  # the filters in use
    rows = list(data.iter_rows(values_only=True))
    assert rows[0] == (
        "NIP",
        "Nama",
        "Jabatan",
        "Unit Kerja",
        "OPD",
        "E-mail",
        "Status Akun",
        "Login Terakhir",
        "Undangan Terakhir",
    )
    assert data.freeze_panes == "A2" and data.auto_filter.ref == "A1:I3"
    by_nip = {row[0]: row for row in rows[1:]}
    assert set(by_nip) == {dishub.active.nip, dishub.active_idle.nip}
    active = by_nip[dishub.active.nip]
    # The OPD with its code beside the name (two OPDs may share a name, issue 20.5).
    assert active[1] == "Aktif Satu" and active[4] == "Dinas Perhubungan (DISHUB)"
    assert active[6] == "Aktif"
    assert isinstance(active[7], dt.datetime) and by_nip[dishub.active_idle.nip][7] is None


def test_export_of_admin_opd_holds_only_their_opd(dishub, org, login):
    response = login("admin_opd").get(EXPORT)
    workbook = load_workbook(io.BytesIO(response.content))
    nips = {row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert org.pegawai.nip in nips and org.outsider.nip not in nips
    assert dishub.active.nip not in nips


# ----- query counts ---------------------------------------------------------------------------
def _more_people(org, n):
    for i in range(n):
        _person(
            org.staff_pos,
            f"Tambahan {i}",
            account=("usable", "invited", "unusable", None)[i % 4],
            email=f"t{i}@dinkes.go.id" if i % 2 else "",
        )


@pytest.mark.parametrize("extra", [3, 40])
def test_overview_query_count_is_pinned(org, login, django_assert_num_queries, extra):
    _more_people(org, extra)
    client = login("admin_bkd")
    client.get(OVERVIEW)  # warm the session and the agency profile
    with django_assert_num_queries(12):
        assert client.get(OVERVIEW, {"opd": org.dinkes.pk}).status_code == 200


@pytest.mark.parametrize("extra", [3, 40])
def test_export_query_count_is_pinned(org, login, django_assert_num_queries, extra):
    _more_people(org, extra)
    client = login("admin_bkd")
    client.get(OVERVIEW)
    # 5 + the one INSERT recording the export of people's data (UU 27/2022).
    with django_assert_num_queries(6):
        assert client.get(EXPORT).status_code == 200
