"""A lost device: an admin BKD resets someone's second factor with a reason (issue 22, item 5).
Recorded in the user's history (the audit trail), every session of theirs ends, and they are told
in the inbox and by e-mail at once; nobody else may reset it."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.logins.models import LoginSession
from notifications.choices import EmailMode, EmailStatus
from notifications.models import DeliveryPreference, Notification
from tests.accounts.twofactor_helpers import enrol, full_login, password_step

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _reset_url(org):
    return reverse("org:twofactor_reset", kwargs={"nip": org.pegawai.nip})


def test_admin_bkd_resets_a_lost_device(org, login, django_capture_on_commit_callbacks):
    phone, _codes = enrol(org.pegawai.user)
    org.pegawai.user.email = "pegawai@example.go.id"
    org.pegawai.user.save()
    # A digest reader is still told at once: a security notice does not wait for tomorrow.
    DeliveryPreference.objects.create(user=org.pegawai.user, email_mode=EmailMode.DIGEST)
    victim = full_login("pegawai", phone)
    admin = login("admin_bkd")
    page = admin.get(reverse("org:employee_detail", kwargs={"nip": org.pegawai.nip}))
    assert 'data-testid="twofactor-reset"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(_reset_url(org), {"reason": "HP hilang, lapor 7 Des"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=org.pegawai.user).exists()
    assert not StaticDevice.objects.filter(user=org.pegawai.user).exists()
    # Every session of theirs ended.
    assert not LoginSession.objects.filter(user=org.pegawai.user).exists()
    assert victim.get(reverse("home")).url.startswith(reverse("login"))
    # In the history with the reason and who did it: the audit trail shows it.
    record = org.pegawai.user.history.latest()
    assert "HP hilang, lapor 7 Des" in record.history_change_reason
    assert record.history_user == org.admin_bkd.user
    audit = admin.get(reverse("reports:audit"), {"q": "HP hilang"})
    assert "HP hilang, lapor 7 Des" in audit.content.decode()
    # Told in the inbox and by e-mail, now.
    notice = Notification.objects.get(recipient=org.pegawai.user)
    assert notice.params == {"reason": "HP hilang, lapor 7 Des"}
    assert notice.url == reverse("twofactor:manage")
    assert notice.email_status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["pegawai@example.go.id"]]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_opd", 403), ("admin_opd_other", 404), ("pegawai", 403), ("ppk", 403)],
)
def test_only_the_admin_bkd_may_reset(org, login, persona, status):
    phone, _codes = enrol(org.pegawai.user)
    # The pegawai (whose device it is) signs in with it; the others have none.
    client = full_login("pegawai", phone) if persona == "pegawai" else login(persona)
    response = client.post(_reset_url(org), {"reason": "coba"})
    assert response.status_code == status
    assert TOTPDevice.objects.filter(user=org.pegawai.user, confirmed=True).exists()
    assert not Notification.objects.exists()


def test_a_reset_needs_a_reason(org, login):
    enrol(org.pegawai.user)
    login("admin_bkd").post(_reset_url(org), {"reason": "  "})
    assert TOTPDevice.objects.filter(user=org.pegawai.user).exists()


def test_the_reset_button_is_the_admin_bkd_s_alone(org, login):
    enrol(org.pegawai.user)
    url = reverse("org:employee_detail", kwargs={"nip": org.pegawai.nip})
    assert 'data-testid="twofactor-reset"' not in login("admin_opd").get(url).content.decode()


def test_after_a_reset_a_required_role_enrols_again(org, login, settings):
    settings.MFA_REQUIRED_ROLES = ["admin_opd"]
    enrol(org.admin_opd.user)
    login("admin_bkd").post(
        reverse("org:twofactor_reset", kwargs={"nip": org.admin_opd.nip}), {"reason": "HP rusak"}
    )
    assert not Session.objects.filter(
        session_key__in=LoginSession.objects.filter(user=org.admin_opd.user).values("session_key")
    ).exists()
    assert password_step(Client(), "adminopd").url == reverse("twofactor:enrol")


def test_nothing_to_reset_is_said_and_nobody_is_told(org, login):
    response = login("admin_bkd").post(_reset_url(org), {"reason": "HP hilang"}, follow=True)
    assert response.status_code == 200
    assert not Notification.objects.exists()
    assert "HP hilang" not in (org.pegawai.user.history.latest().history_change_reason or "")
