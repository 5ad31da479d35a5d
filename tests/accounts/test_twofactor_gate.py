"""No path into a session skips the second factor: the activation and reset pages log people in
directly, and the gate then asks for the code (or the enrolment) before anything else."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.choices import AdminRoleKind
from accounts.logins.models import TokenPurpose
from accounts.logins.services import account_provision, token_issue_code
from accounts.org.models import AdminRole
from core.actor import Actor
from tests.accounts.twofactor_helpers import code_step, enrol, signed_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "kata-sandi-baru-yang-panjang-7"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _redeem(client, user, purpose):
    _token, code = token_issue_code(user, purpose, actor=Actor.system("test"))
    client.post(reverse("account:redeem_code"), {"nip": user.username, "code": code})
    return client.post(
        reverse("account:set_password"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_a_printed_reset_code_signs_in_but_the_code_is_still_asked(org):
    phone, _codes = enrol(org.pegawai.user)
    client = Client()
    response = _redeem(client, org.pegawai.user, TokenPurpose.RESET)
    assert response.status_code == 302 and signed_in(client)
    gated = client.get(reverse("privacy:my_data"))
    assert gated.status_code == 302 and gated.url.startswith(reverse("twofactor:verify"))
    assert client.get(reverse("home"), HTTP_HX_REQUEST="true").status_code == 403
    # Logging out stays possible; the code settles it and the page asked for opens.
    verify = client.get(gated.url)
    assert verify.status_code == 200
    done = client.post(gated.url, {"code": phone.code(), "next": reverse("privacy:my_data")})
    assert done.url == reverse("privacy:my_data")
    assert client.get(reverse("privacy:my_data")).status_code == 200


def test_activation_of_an_admin_leads_to_enrolment_first(org, settings):
    settings.MFA_REQUIRED_ROLES = ["admin_opd"]
    # The colleague has no account yet: theirs is created unusable, as for every new employee.
    user = account_provision(org.colleague, actor=Actor.system("test"))
    AdminRole.objects.create(user=user, kind=AdminRoleKind.ADMIN_OPD, opd=org.dinkes)
    client = Client()
    _redeem(client, user, TokenPurpose.ACTIVATION)
    assert signed_in(client)
    gated = client.get(reverse("org:employee_list"))
    assert gated.status_code == 302 and gated.url.startswith(reverse("twofactor:enrol"))


def test_django_s_reset_link_signs_in_but_the_code_is_still_asked(org):
    phone, _codes = enrol(org.pegawai.user)
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(org.pegawai.user.pk))
    token = default_token_generator.make_token(org.pegawai.user)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert form.status_code == 302  # to the same page with the token out of the URL
    done = client.post(form.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and signed_in(client)
    gated = client.get(reverse("home"))
    assert gated.url.startswith(reverse("twofactor:verify"))
    assert code_step(client, "000000").status_code == 200
    code_step(client, phone.code())
    assert client.get(reverse("home")).status_code == 200


def test_the_gate_lets_logout_and_the_language_switch_through(org):
    enrol(org.pegawai.user)
    client = Client()
    client.force_login(org.pegawai.user, backend="accounts.backends.NipOrUsernameBackend")
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert not signed_in(client)
