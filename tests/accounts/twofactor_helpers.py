"""Shared steps of the two-factor tests: an authenticator set up through the services, codes made
with pyotp as a phone would."""

from __future__ import annotations

import base64
import time

import pyotp
from django.test import Client
from django.urls import reverse

from accounts.org.roles import actor_of_user
from accounts.twofactor import services

PASSWORD = "rahasia-uji-123"  # tests/factories.py


STEP_MARGIN_SECONDS = 6


class Phone:
    """An authenticator app holding the account's secret; each code is of a later step, as a
    real phone's would be across logins (django-otp refuses a step already used)."""

    def __init__(self, key_b32: str):
        self.totp = pyotp.TOTP(key_b32)
        self.step = -1  # the confirmation uses the previous step, within the tolerance

    def code(self) -> str:
        # A code typed in the last seconds of a step reaches a busy server in the next one, where
        # the step before the previous is out of tolerance: a phone user would wait too.
        left = 30 - time.time() % 30
        if left < STEP_MARGIN_SECONDS:
            time.sleep(left)
        code = self.totp.at(time.time() + 30 * self.step)
        self.step += 1
        return code


def enrol(user) -> tuple[Phone, list[str]]:
    """Set up `user`'s authenticator: returns their phone and recovery codes."""
    actor = actor_of_user(user)
    device = services.enrolment_start(user, actor=actor)
    phone = Phone(base64.b32encode(device.bin_key).decode())
    codes = services.enrolment_confirm(user, phone.code(), None, actor=actor)
    return phone, codes


def password_step(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def code_step(client: Client, code: str):
    return client.post(reverse("twofactor:verify"), {"code": code})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def full_login(username: str, phone: Phone) -> Client:
    """A client signed in with the password and the phone's code."""
    client = Client()
    password_step(client, username)
    code_step(client, phone.code())
    assert signed_in(client)
    return client
