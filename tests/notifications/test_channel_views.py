"""Preferensi notifikasi with the channels configured: adding and confirming a WhatsApp number,
linking Telegram through the bot's webhook, e-mail switched off only while another channel
carries the reminders; and the admins' page of who reminders reach. Who may not, too."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.channels import addresses
from notifications.choices import ChannelMode, EmailMode
from notifications.models import ChannelAddress, DeliveryPreference
from tests.notifications.telegram_server import (  # noqa: F401 (fixtures)
    SECRET_HEADER,
    WEBHOOK_SECRET,
    telegram_fixture,
    telegram_server_fixture,
)
from tests.notifications.whatsapp_server import (  # noqa: F401 (fixtures)
    whatsapp_fixture,
    whatsapp_server_fixture,
)

PREFERENCES = "/kotak-masuk/pengaturan/"


def _url(name, **kwargs):
    return reverse(f"notifications:{name}", kwargs=kwargs)


def _code(whatsapp) -> str:
    message = whatsapp.messages()[-1]
    assert message["template"] == "kode_verifikasi" and message["button"] == message["parameters"]
    return message["parameters"][0]


def test_without_settings_no_channel_is_shown(login):
    page = login("pegawai").get(_url("preferences")).content.decode()
    assert "WhatsApp" not in page and "Telegram" not in page
    assert login("pegawai").post(_url("channel_phone", channel="whatsapp")).status_code == 404


def test_a_number_is_confirmed_with_the_code_sent_to_it(org, login, whatsapp):
    client = login("pegawai")
    sent = client.post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "0812-3456-7890"}
    )
    assert sent.status_code == 302
    assert whatsapp.messages()[-1]["to"] == "6281234567890"
    page = client.get(_url("preferences")).content.decode()
    assert "+62 812 •••• 7890" in page
    wrong = client.post(_url("channel_code", channel="whatsapp"), {"whatsapp-code": "000000"})
    assert "Kode tidak benar" in wrong.content.decode() or "tidak" in wrong.content.decode()
    assert wrong.status_code == 200 and 'value="000000"' in wrong.content.decode()
    right = client.post(
        _url("channel_code", channel="whatsapp"), {"whatsapp-code": _code(whatsapp)}
    )
    assert right.status_code == 302
    address = ChannelAddress.objects.get(user=org.pegawai.user)
    assert address.is_verified and address.secret_hash == ""
    assert address.mode == ChannelMode.DEADLINES


def test_a_number_that_is_not_one_is_refused_with_what_was_typed(login, whatsapp):
    answer = login("pegawai").post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "021 555 12"}
    )
    content = answer.content.decode()
    assert answer.status_code == 200 and 'value="021 555 12"' in content
    assert "Tulis nomor ponsel" in content
    assert whatsapp.messages() == []


def test_a_code_is_not_sent_twice_within_a_minute_and_expires(org, login, whatsapp):
    client = login("pegawai")
    client.post(_url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"})
    again = client.post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"}
    )
    assert again.status_code == 200 and len(whatsapp.messages()) == 1
    code = _code(whatsapp)
    ChannelAddress.objects.update(secret_sent_at=timezone.now() - dt.timedelta(minutes=11))
    late = client.post(_url("channel_code", channel="whatsapp"), {"whatsapp-code": code})
    assert late.status_code == 200
    assert not ChannelAddress.objects.get().is_verified


def test_five_wrong_codes_end_the_code(org, login, whatsapp):
    client = login("pegawai")
    client.post(_url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"})
    for _ in range(addresses.CODE_ATTEMPTS):
        client.post(_url("channel_code", channel="whatsapp"), {"whatsapp-code": "999999"})
    client.post(_url("channel_code", channel="whatsapp"), {"whatsapp-code": _code(whatsapp)})
    assert not ChannelAddress.objects.get().is_verified


def test_a_refused_number_says_why(login, whatsapp):
    from tests.notifications.whatsapp_server import INVALID_NUMBER

    answer = login("pegawai").post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "+" + INVALID_NUMBER}
    )
    assert answer.status_code == 200 and "131026" in answer.content.decode()


def test_nobody_touches_an_address_they_do_not_have(org, login, whatsapp):
    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        verified_at=timezone.now(),
    )  # fmt: skip
    ppk = login("ppk")
    assert ppk.post(_url("channel_remove", channel="whatsapp")).status_code == 404
    assert (
        ppk.post(_url("channel_mode", channel="whatsapp"), {"whatsapp-mode": "off"}).status_code
        == 404
    )
    assert ChannelAddress.objects.filter(user=org.pegawai.user).exists()
    anonymous = login("anonymous").post(_url("channel_remove", channel="whatsapp"))
    assert anonymous.status_code == 302


def test_email_is_switched_off_only_while_a_channel_carries_the_reminders(org, login, whatsapp):
    client = login("pegawai")
    refused = client.post(_url("preferences"), {"email_mode": EmailMode.OFF})
    assert refused.status_code == 200 and "harus sampai" in refused.content.decode()
    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        verified_at=timezone.now(),
    )  # fmt: skip
    assert client.post(_url("preferences"), {"email_mode": EmailMode.OFF}).status_code == 302
    assert DeliveryPreference.objects.get(user=org.pegawai.user).email_mode == EmailMode.OFF


def _update(text: str, chat_id: int = 555) -> str:
    message = {"message_id": 1, "date": 0, "text": text, "chat": {"id": chat_id, "type": "private"}}
    return json.dumps({"update_id": 1, "message": message})


def test_telegram_is_linked_once_by_the_token_the_bot_receives(org, login, telegram, client):
    page = login("pegawai").post(_url("telegram_start")).content.decode()
    token = re.search(r"https://t\.me/kinerja_uji_bot\?start=([\w-]+)", page).group(1)
    webhook = _url("telegram_webhook")
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    answer = client.post(webhook, _update(f"/start {token}"), "application/json", headers=headers)
    assert answer.status_code == 200 and answer.json()["method"] == "sendMessage"
    address = ChannelAddress.objects.get(user=org.pegawai.user, channel="telegram")
    assert address.is_verified and address.address == "555"
    again = client.post(
        webhook, _update(f"/start {token}", 777), "application/json", headers=headers
    )
    assert again.status_code == 200 and "tidak berlaku" in again.json()["text"]
    assert ChannelAddress.objects.get(pk=address.pk).address == "555"


def test_the_webhook_wants_the_secret(telegram, client):
    webhook = _url("telegram_webhook")
    assert client.post(webhook, _update("/start x"), "application/json").status_code == 403
    wrong = {SECRET_HEADER: "salah"}
    assert (
        client.post(webhook, _update("/start x"), "application/json", headers=wrong).status_code
        == 403
    )
    right = {SECRET_HEADER: WEBHOOK_SECRET}
    assert client.post(webhook, "{not json", "application/json", headers=right).status_code == 400


def test_a_stale_link_token_links_nothing(org, login, telegram, client):
    page = login("pegawai").post(_url("telegram_start")).content.decode()
    token = re.search(r"start=([\w-]+)", page).group(1)
    ChannelAddress.objects.update(secret_sent_at=timezone.now() - dt.timedelta(hours=1))
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    client.post(
        _url("telegram_webhook"), _update(f"/start {token}"), "application/json", headers=headers
    )
    assert not ChannelAddress.objects.get().is_verified


@pytest.mark.django_db(transaction=True)
def test_the_bot_registers_its_webhook_and_the_person_presses_start(
    live_server, telegram, settings, org, login
):
    from django.core.management import call_command

    settings.SITE_URL = live_server.url
    call_command("telegram_webhook")
    assert telegram.webhook()["url"] == live_server.url + _url("telegram_webhook")
    page = login("pegawai").post(_url("telegram_start")).content.decode()
    token = re.search(r"start=([\w-]+)", page).group(1)
    assert telegram.press_start(chat_id=4242, text=f"/start {token}") == 200
    assert ChannelAddress.objects.get(user=org.pegawai.user).address == "4242"


def test_the_reach_page_counts_each_channel_per_opd(
    org, login, whatsapp, telegram, django_assert_num_queries
):
    org.pegawai.user.email = ""
    org.pegawai.user.save()
    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        verified_at=timezone.now(),
    )  # fmt: skip
    client = login("admin_bkd")
    client.get(_url("reach"))
    with django_assert_num_queries(8):
        page = client.get(_url("reach"))
    table = page.content.decode()
    assert "Dinas Kesehatan" in table and "Dinas Pendidikan" in table
    rows, totals = page.context["rows"], page.context["totals"]
    dinkes = next(row for row in rows if row["opd_code"] == "DINKES")
    assert dinkes["channels"] == [1, 0]  # WhatsApp, Telegram
    ChannelAddress.objects.update(mode=ChannelMode.OFF)  # switched off: reaches nobody
    rows = login("admin_bkd").get(_url("reach")).context["rows"]
    assert next(row for row in rows if row["opd_code"] == "DINKES")["channels"] == [0, 0]
    assert totals["employees"] == sum(row["employees"] for row in rows)
    own = login("admin_opd").get(_url("reach")).context["rows"]
    assert [row["opd_code"] for row in own] == ["DINKES"]
    assert login("pegawai").get(_url("reach")).status_code == 403


def test_a_code_that_could_not_be_sent_is_not_waited_for(org, login, whatsapp):
    client = login("pegawai")
    whatsapp.fail(503, times=1)
    failed = client.post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"}
    )
    assert failed.status_code == 200 and "tidak dapat mengirim kode" in failed.content.decode()
    assert not ChannelAddress.objects.exists()
    again = client.post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"}
    )
    assert again.status_code == 302 and len(whatsapp.messages()) == 1


def test_a_refused_new_number_keeps_the_confirmed_one(org, login, whatsapp):
    from tests.notifications.whatsapp_server import INVALID_NUMBER

    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        verified_at=timezone.now(),
    )  # fmt: skip
    login("pegawai").post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "+" + INVALID_NUMBER}
    )
    address = ChannelAddress.objects.get()
    assert address.is_verified and address.address == "6281234567890"


def test_codes_are_limited_per_hour_whatever_is_removed_meanwhile(org, login, whatsapp):
    client = login("pegawai")
    for _ in range(addresses.CODES_PER_HOUR):
        client.post(_url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"})
        client.post(_url("channel_remove", channel="whatsapp"))
    refused = client.post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"}
    )
    assert refused.status_code == 200 and "Tunggu" in refused.content.decode()
    assert len(whatsapp.messages()) == addresses.CODES_PER_HOUR


def test_a_server_side_refusal_does_not_blame_the_number(login, whatsapp):
    whatsapp.fail(400, code=132001, message="Template name does not exist")
    answer = login("pegawai").post(
        _url("channel_phone", channel="whatsapp"), {"whatsapp-number": "081234567890"}
    )
    content = answer.content.decode()
    assert "tidak dapat mengirim kode" in content and "132001" not in content
