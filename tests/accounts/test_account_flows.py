"""Account lifecycle: provisioning, one-time links and codes, resets, deactivation, rate limits."""

import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.logins import services as account_services
from accounts.logins.models import AccountToken, TokenPurpose
from accounts.logins.services import AccountStatus, account_status
from accounts.org.models import Employee
from tests.actors import actor, system
from tests.conftest import PASSWORD

NEW_PASSWORD = "Kinerja-Baru-2026!"


@pytest.fixture
def newcomer(org, login):
    """An employee registered by the admin OPD through the form: their account is unusable."""
    login("admin_opd").post(
        reverse("org:employee_create"),
        {
            "nip": "199512312020121001",
            "name": "Calon Aktif",
            "employment_type": "PNS",
            "golongan": "III/a",
            "status": "active",
            "email": "calon@example.go.id",
            "position": org.staff_pos.pk,
            "start_date": "2026-01-02",
        },
    )
    return Employee.objects.select_related("user").get(nip="199512312020121001")


def _link_from(message) -> str:
    return re.search(r"https?://\S+/akun/tautan/\S+/", message.body).group(0)


def test_a_new_employee_gets_an_unusable_account_named_by_nip(newcomer):
    user = newcomer.user
    assert user.username == newcomer.nip and user.email == "calon@example.go.id"
    assert not user.has_usable_password() and user.is_active
    assert account_status(user) == AccountStatus.NEW
    request = RequestFactory().post(reverse("login"))
    assert authenticate(request, username=newcomer.nip, password="") is None


def test_invitation_link_sets_the_password_once_then_expires(
    newcomer, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = login("admin_opd").post(
            reverse("org:account_send_link", kwargs={"nip": newcomer.nip}), follow=True
        )
    assert "calon@example.go.id" in sent.content.decode()  # the message names the address
    assert "%(email)s" not in sent.content.decode()
    assert account_status(newcomer.user) == AccountStatus.INVITED
    link = _link_from(mail.outbox[-1])
    assert "Calon Aktif" in mail.outbox[-1].body and mail.outbox[-1].alternatives
    client = Client()
    response = client.get(link)
    assert response.status_code == 302 and response.url == reverse("account:set_password")
    response = client.post(
        response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == newcomer.user
    newcomer.user.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)
    assert account_status(newcomer.user) == AccountStatus.ACTIVE
    assert Client().get(link).status_code == 400  # spent


def test_weak_password_is_refused_and_the_link_stays_usable(newcomer):
    token, secret = account_services.token_issue_link(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    client = Client()
    client.get(reverse("account:redeem_link", args=[secret]))
    response = client.post(
        reverse("account:set_password"), {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    token.refresh_from_db()
    assert token.used_at is None


def test_expired_and_superseded_links_are_refused(newcomer):
    first, first_secret = account_services.token_issue_link(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    second, second_secret = account_services.token_issue_link(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    assert Client().get(reverse("account:redeem_link", args=[first_secret])).status_code == 400
    AccountToken.objects.filter(pk=second.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert Client().get(reverse("account:redeem_link", args=[second_secret])).status_code == 400


def test_the_secret_is_stored_only_as_a_keyed_hash(newcomer):
    token, secret = account_services.token_issue_link(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    assert secret not in token.secret_hash and len(token.secret_hash) == 64


def test_printed_code_activates_once(newcomer):
    token, code = account_services.token_issue_code(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    client = Client()
    response = client.post(
        reverse("account:redeem_code"), {"nip": newcomer.nip, "code": code.lower()}
    )
    assert response.status_code == 302
    client.post(
        reverse("account:set_password"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    response = Client().post(reverse("account:redeem_code"), {"nip": newcomer.nip, "code": code})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_wrong_code_and_unknown_nip_get_the_same_answer(newcomer):
    account_services.token_issue_code(newcomer.user, TokenPurpose.ACTIVATION, actor=system())
    wrong_code = Client().post(
        reverse("account:redeem_code"), {"nip": newcomer.nip, "code": "AAAAA-AAAAA"}
    )
    unknown = Client().post(
        reverse("account:redeem_code"), {"nip": "199001012019031999", "code": "AAAAA-AAAAA"}
    )
    assert (
        wrong_code.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    )


def test_two_tabs_racing_with_one_token_get_one_success(newcomer):
    token, _secret = account_services.token_issue_link(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    account_services.token_redeem(token.pk, NEW_PASSWORD, actor=system())
    with pytest.raises(account_services.DomainError):
        account_services.token_redeem(token.pk, "Lain-Lagi-2026!", actor=system())
    newcomer.user.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)


def test_codes_are_rate_limited_per_device(newcomer, settings):
    settings.ACCOUNT_RATE = "3/m"
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _attempt in range(3):
        client.post(reverse("account:redeem_code"), {"nip": newcomer.nip, "code": "AAAAA-AAAAA"})
    token, code = account_services.token_issue_code(
        newcomer.user, TokenPurpose.ACTIVATION, actor=system()
    )
    response = client.post(reverse("account:redeem_code"), {"nip": newcomer.nip, "code": code})
    assert response.status_code == 200
    assert any("15" in e for e in response.context["form"].non_field_errors())
    assert (
        Client(REMOTE_ADDR="10.8.8.8")
        .post(reverse("account:redeem_code"), {"nip": newcomer.nip, "code": code})
        .status_code
        == 302
    )


def test_forgot_password_by_email_without_revealing_addresses(
    org, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE = "100/m"
    org.pegawai.user.email = "pegawai@example.go.id"
    org.pegawai.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(reverse("password_reset"), {"email": "pegawai@example.go.id"})
        unknown = Client().post(reverse("password_reset"), {"email": "tidak.ada@example.go.id"})
    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    org.pegawai.user.refresh_from_db()
    assert org.pegawai.user.check_password(NEW_PASSWORD)


def test_forgot_password_is_rate_limited(org, settings):
    settings.ACCOUNT_RATE = "2/m"
    client = Client(REMOTE_ADDR="10.7.7.7")
    for _attempt in range(2):
        client.post(reverse("password_reset"), {"email": "x@example.go.id"})
    response = client.post(reverse("password_reset"), {"email": "x@example.go.id"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_admin_initiated_reset_sends_a_link_and_never_shows_a_password(
    org, login, django_capture_on_commit_callbacks
):
    org.pegawai.email = org.pegawai.user.email = "pegawai@example.go.id"
    org.pegawai.save()
    org.pegawai.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login("admin_opd").post(
            reverse("org:account_send_link", kwargs={"nip": org.pegawai.nip}), follow=True
        )
    assert PASSWORD not in response.content.decode()
    token = AccountToken.objects.get(user=org.pegawai.user)
    assert token.purpose == TokenPurpose.RESET and token.created_by == org.admin_opd.user
    assert org.pegawai.user.check_password(
        PASSWORD
    )  # the old password works until the link is used


def test_admin_initiated_reset_code_is_a_pdf(org, login):
    response = login("admin_opd").post(
        reverse("org:account_print_code", kwargs={"nip": org.pegawai.nip})
    )
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert (
        AccountToken.objects.filter(user=org.pegawai.user, purpose=TokenPurpose.RESET).count() == 1
    )


def test_admin_of_another_opd_cannot_reset(org, login):
    response = login("admin_opd_other").post(
        reverse("org:account_send_link", kwargs={"nip": org.pegawai.nip})
    )
    assert response.status_code == 404
    assert not AccountToken.objects.exists()


def test_leaving_ends_the_open_session_at_once(org, login, django_capture_on_commit_callbacks):
    session_client = Client()
    session_client.force_login(
        org.colleague_user if hasattr(org, "colleague_user") else org.pegawai.user,
        backend="accounts.backends.NipOrUsernameBackend",
    )
    assert session_client.get(reverse("home")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        login("admin_opd").post(
            reverse("org:employee_edit", kwargs={"nip": org.pegawai.nip}),
            {
                "name": org.pegawai.name,
                "employment_type": "PNS",
                "golongan": "III/a",
                "status": "retired",
                "reason": "Pensiun",
            },
        )
    assert not Session.objects.exists() or all(
        s.get_decoded().get("_auth_user_id") != str(org.pegawai.user.pk)
        for s in Session.objects.all()
    )
    response = session_client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    org.pegawai.user.refresh_from_db()
    assert account_status(org.pegawai.user) == AccountStatus.DEACTIVATED
    assert org.pegawai.user.history.latest().history_change_reason == "Pensiun"


def test_reactivation_needs_an_active_employee_and_a_reason(org, login):
    account_services.account_deactivate(
        org.pegawai.user, "Cuti di luar tanggungan negara", actor=actor(org.admin_opd)
    )
    client = login("admin_opd")
    url = reverse("org:account_reactivate", kwargs={"nip": org.pegawai.nip})
    client.post(url, {"reason": ""})
    org.pegawai.user.refresh_from_db()
    assert not org.pegawai.user.is_active
    client.post(url, {"reason": "Kembali bertugas"})
    org.pegawai.user.refresh_from_db()
    assert org.pegawai.user.is_active
    assert org.pegawai.user.history.latest().history_change_reason == "Kembali bertugas"


def test_no_reactivation_while_the_employee_has_left(org, login):
    org.pegawai.status = "retired"
    org.pegawai.save()
    account_services.account_deactivate(org.pegawai.user, "Pensiun", actor=actor(org.admin_opd))
    login("admin_opd").post(
        reverse("org:account_reactivate", kwargs={"nip": org.pegawai.nip}), {"reason": "Salah"}
    )
    org.pegawai.user.refresh_from_db()
    assert not org.pegawai.user.is_active


def test_deactivated_account_cannot_be_invited(org):
    account_services.account_deactivate(
        org.pegawai.user, "Diberhentikan", actor=actor(org.admin_opd)
    )
    with pytest.raises(account_services.DomainError):
        account_services.token_issue_link(org.pegawai.user, TokenPurpose.RESET, actor=system())


def test_logging_in_records_the_time_without_a_history_row(org):
    before = org.pegawai.user.history.count()
    assert (
        Client().post(reverse("login"), {"username": "pegawai", "password": PASSWORD}).status_code
        == 302
    )
    org.pegawai.user.refresh_from_db()
    assert org.pegawai.user.last_login is not None
    assert org.pegawai.user.history.count() == before
