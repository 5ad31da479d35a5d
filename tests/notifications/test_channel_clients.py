"""The channel clients (notifications/channels) against our own WhatsApp Cloud API, Telegram Bot
API and HTTP gateway (tests/notifications/*_server.py: real servers in their own processes that
check each request as the provider does and can be told to fail or to be slow); and the pure
helpers: phone numbers, the gateway's body template. No database."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from notifications import channels
from notifications.channels.base import CODE, NOTICE, REMINDER, Outgoing, Refused, Transient
from notifications.channels.gateway import GatewayChannel, body_from_template
from notifications.channels.phone import masked, normalise
from notifications.channels.telegram import TelegramChannel
from notifications.channels.whatsapp import WhatsAppChannel
from tests.loopback import free_port
from tests.notifications import gateway_server, telegram_server, whatsapp_server
from tests.notifications.gateway_server import (
    gateway_fixture,  # noqa: F401 (the fixture `gateway`)
    gateway_server_fixture,  # noqa: F401 (the fixture `gateway_server`)
)
from tests.notifications.telegram_server import (
    BLOCKED_CHAT,
    SECRET_HEADER,
    WEBHOOK_SECRET,
    telegram_fixture,  # noqa: F401 (the fixture `telegram`)
    telegram_server_fixture,  # noqa: F401 (the fixture `telegram_server`)
)
from tests.notifications.whatsapp_server import (
    CODE_TEMPLATE,
    INVALID_NUMBER,
    NOTICE_TEMPLATE,
    PHONE_NUMBER_ID,
    REMINDER_TEMPLATE,
    whatsapp_fixture,  # noqa: F401 (the fixture `whatsapp`)
    whatsapp_server_fixture,  # noqa: F401 (the fixture `whatsapp_server`)
)

NUMBER = "6281234567890"
LINK = "https://kinerja.example.go.id/skp/7/"
REMINDER_PARAMETERS = ("Rina Wati", "SKP menunggu persetujuan", "31 Januari 2025", LINK)
TEMPLATE_CASES = {
    REMINDER: (REMINDER_TEMPLATE, REMINDER_PARAMETERS),
    NOTICE: (NOTICE_TEMPLATE, ("Rina Wati", LINK)),
    CODE: (CODE_TEMPLATE, ("482913",)),
}
TOKENS = (whatsapp_server.TOKEN, telegram_server.TOKEN, gateway_server.TOKEN)


def reminder(address: str = NUMBER, parameters: tuple = REMINDER_PARAMETERS) -> Outgoing:
    return Outgoing(address, "Rina Wati, pengingat: SKP. Buka: " + LINK, REMINDER, parameters)


def logged(server) -> str:
    return (server.state_dir / "calls.jsonl").read_text()


# ----- WhatsApp Cloud API ------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", [REMINDER, NOTICE, CODE])
def test_whatsapp_templates_are_accepted_and_stored_exactly(whatsapp, purpose):
    template, parameters = TEMPLATE_CASES[purpose]
    provider_id = WhatsAppChannel().send(Outgoing(NUMBER, "teks", purpose, parameters))
    texts = [{"type": "text", "text": value} for value in parameters]
    components = [{"type": "body", "parameters": texts}]
    if purpose == CODE:  # the authentication template's copy-code button carries the code too
        components.append({"type": "button", "sub_type": "url", "index": "0", "parameters": texts})
    [stored] = whatsapp.messages()
    assert stored["body"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": NUMBER,
        "type": "template",
        "template": {"name": template, "language": {"code": "id"}, "components": components},
    }
    assert (stored["template"], stored["language"]) == (template, "id")
    assert stored["parameters"] == list(parameters)
    assert stored["button"] == (list(parameters) if purpose == CODE else None)
    assert provider_id == stored["id"] and provider_id.startswith("wamid.")
    path = f"/v21.0/{PHONE_NUMBER_ID}/messages"
    assert whatsapp.calls() == [{"method": "POST", "path": path, "status": 200}]


@pytest.mark.parametrize(
    ("change", "message", "expected"),
    [
        ({"WHATSAPP_TOKEN": "token-kedaluwarsa"}, reminder(), "190: Invalid OAuth access token."),
        ({}, reminder(INVALID_NUMBER), "131026: Message undeliverable"),
        ({"WHATSAPP_TEMPLATE_REMINDER": "pengingat_lama"}, reminder(), "132001"),
        ({"WHATSAPP_TEMPLATE_LANGUAGE": "en"}, reminder(), "132001"),
        ({"WHATSAPP_PHONE_NUMBER_ID": "111"}, reminder(), "Object with ID '111' does not exist"),
        ({}, reminder(parameters=REMINDER_PARAMETERS[:3]), "132000"),
        ({}, reminder(parameters=("Rina\nWati", *REMINDER_PARAMETERS[1:])), "132018"),
        ({}, reminder(parameters=("", *REMINDER_PARAMETERS[1:])), "131008"),
        ({}, reminder("0812-3456-7890"), "100: (#100) Invalid parameter"),
    ],
)
def test_whatsapp_refusals_keep_the_providers_message(
    whatsapp, settings, change, message, expected
):
    for name, value in change.items():
        setattr(settings, name, value)
    with pytest.raises(Refused) as caught:
        WhatsAppChannel().send(message)
    assert expected in caught.value.message
    assert "token-kedaluwarsa" not in caught.value.message
    assert whatsapp.messages() == []
    assert whatsapp_server.TOKEN not in logged(whatsapp)


@pytest.mark.parametrize(
    ("status", "code", "error", "expected"),
    [
        (429, 130429, Transient, "WhatsApp 130429: (#130429) Rate limit hit"),
        (400, 131056, Transient, "WhatsApp 131056: (#131056)"),  # the per-recipient limit
        (500, None, Transient, "WhatsApp 131000: Something went wrong"),
        (503, None, Transient, "WhatsApp 131016"),
        (400, 100, Refused, "WhatsApp 100: (#100) Invalid parameter"),
    ],
)
def test_whatsapp_rate_limits_and_server_errors_are_transient(
    whatsapp, status, code, error, expected
):
    whatsapp.fail(status, times=2, **({"code": code} if code else {}))
    channel = WhatsAppChannel()
    for _ in range(2):
        with pytest.raises(error) as caught:
            channel.send(reminder())
        assert type(caught.value) is error and caught.value.message.startswith(expected)
    assert channel.send(reminder()).startswith("wamid.")  # the fault was for two sends only
    assert [call["status"] for call in whatsapp.calls()] == [status, status, 200]


# ----- Telegram Bot API --------------------------------------------------------------------------


def test_telegram_send_message_is_stored(telegram):
    provider_id = TelegramChannel().send(Outgoing("555", "Ada yang baru: " + LINK, NOTICE))
    [stored] = telegram.messages()
    assert (stored["chat_id"], stored["text"]) == (555, "Ada yang baru: " + LINK)
    assert stored["body"]["link_preview_options"] == {"is_disabled": True}
    assert provider_id == str(stored["message_id"])
    assert telegram.calls() == [
        {"method": "POST", "path": "/bot<token>/sendMessage", "status": 200}
    ]


@pytest.mark.parametrize(
    ("token", "address", "text", "expected"),
    [
        ("1:token-lama", "555", "Halo", "Telegram 401: Unauthorized"),
        (None, str(BLOCKED_CHAT), "Halo", "Telegram 403: Forbidden: bot was blocked by the user"),
        (None, "555", "x" * 4097, "Telegram 400: Bad Request: message is too long"),
        (None, "555", "", "Telegram 400: Bad Request: message text is empty"),
        (None, "", "Halo", "Telegram 400: Bad Request: chat_id is empty"),
    ],
)
def test_telegram_refusals(telegram, settings, token, address, text, expected):
    settings.TELEGRAM_BOT_TOKEN = token or settings.TELEGRAM_BOT_TOKEN
    with pytest.raises(Refused) as caught:
        TelegramChannel().send(Outgoing(address, text, NOTICE))
    assert caught.value.message == expected
    assert telegram.messages() == []
    assert "token-lama" not in logged(telegram) and telegram_server.TOKEN not in logged(telegram)


def test_telegram_too_many_requests_is_transient_with_its_wait(telegram):
    telegram.fail(429, retry_after=3)
    with pytest.raises(Transient) as caught:
        TelegramChannel().send(Outgoing("555", "Halo", NOTICE))
    assert caught.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in caught.value.message


class Webhook(BaseHTTPRequestHandler):
    """Our webhook's stand-in: keeps what Telegram posted, answers `server.status`."""

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append((self.path, self.headers.get(SECRET_HEADER), body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    server.seen, server.status = [], 200
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_set_webhook_then_a_start_reaches_it_with_the_secret(telegram, webhook):
    channel = TelegramChannel()
    url = f"http://127.0.0.1:{webhook.server_port}/notifikasi/telegram/webhook/"
    answer = httpx.post(channel.method_url("setWebhook"), json=channel.webhook_body(url)).json()
    assert answer == {"ok": True, "result": True, "description": "Webhook was set"}
    assert telegram.webhook() == {
        "url": url,
        "secret_token": WEBHOOK_SECRET,
        "allowed_updates": ["message"],
        "drop_pending_updates": True,
    }
    info = httpx.post(channel.method_url("getWebhookInfo"), json={}).json()["result"]
    assert (info["url"], info["allowed_updates"]) == (url, ["message"])

    assert telegram.press_start(555, "/start abc123", "Rina") == 200
    [(path, secret, update)] = webhook.seen
    assert (path, secret) == ("/notifikasi/telegram/webhook/", WEBHOOK_SECRET)
    message = update["message"]
    assert message["from"] == {"id": 555, "is_bot": False, "first_name": "Rina"}
    assert message["chat"] == {"id": 555, "type": "private", "first_name": "Rina"}
    assert message["text"] == "/start abc123" and isinstance(message["date"], int)
    webhook.status = 403
    assert telegram.press_start(555, "/start abc123") == 403
    info = httpx.get(channel.method_url("getWebhookInfo")).json()["result"]
    assert info["last_error_message"] == "Wrong response from the webhook: 403"


# ----- the HTTP gateway --------------------------------------------------------------------------


def test_gateway_sends_the_text_as_it_is(gateway):
    text = 'Rina "Ibu", pengingat:\nSKP {text} \\ {phone}'
    provider_id = GatewayChannel().send(Outgoing(NUMBER, text, NOTICE))
    [stored] = gateway.messages()
    assert (stored["phone"], stored["message"], stored["id"]) == (NUMBER, text, provider_id)


@pytest.mark.parametrize(
    ("change", "address", "error", "expected"),
    [
        ({"GATEWAY_TOKEN": "salah"}, NUMBER, Refused, "Gateway HTTP 401: unauthorised"),
        ({}, "0812-3456", Refused, "Gateway HTTP 400: invalid phone"),
    ],
)
def test_gateway_refusals(gateway, settings, change, address, error, expected):
    for name, value in change.items():
        setattr(settings, name, value)
    with pytest.raises(error) as caught:
        GatewayChannel().send(Outgoing(address, "Halo", NOTICE))
    assert caught.value.message == expected
    assert gateway.messages() == [] and gateway_server.TOKEN not in logged(gateway)


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_gateway_server_errors_are_transient(gateway, status):
    gateway.fail(status)
    with pytest.raises(Transient, match=f"Gateway HTTP {status}"):
        GatewayChannel().send(Outgoing(NUMBER, "Halo", NOTICE))


def test_a_slow_provider_times_out_as_transient(gateway, settings):
    settings.CHANNEL_TIMEOUT = 0.3
    gateway.delay(2)
    with pytest.raises(Transient, match="timeout"):
        GatewayChannel().send(Outgoing(NUMBER, "Halo", NOTICE))
    gateway.reset()  # the request still sleeping there is dropped when it wakes
    assert gateway.messages() == []


def test_an_unreachable_provider_is_transient(gateway, settings):
    settings.GATEWAY_URL = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(Transient, match="ConnectError"):
        GatewayChannel().send(Outgoing(NUMBER, "Halo", NOTICE))


# ----- every channel -----------------------------------------------------------------------------


def test_dry_run_writes_one_line_a_message_and_sends_nothing(
    whatsapp, telegram, gateway, settings, tmp_path
):
    settings.CHANNEL_DRY_RUN_FILE = str(tmp_path / "dry-run.jsonl")
    assert WhatsAppChannel().send(reminder()) == "dry-run"
    assert TelegramChannel().send(Outgoing("555", "Halo", NOTICE)) == "dry-run"
    assert GatewayChannel().send(Outgoing(NUMBER, "Halo", NOTICE)) == "dry-run"
    written = (tmp_path / "dry-run.jsonl").read_text()
    lines = [json.loads(line) for line in written.splitlines()]
    assert [(line["channel"], line["to"]) for line in lines] == [
        ("whatsapp", NUMBER),
        ("telegram", "555"),
        ("gateway", NUMBER),
    ]
    assert lines[0]["body"]["template"]["name"] == REMINDER_TEMPLATE
    assert not any(token in written for token in TOKENS)
    for server in (whatsapp, telegram, gateway):
        assert server.messages() == [] and server.calls() == []


def test_no_channel_is_enabled_by_default():
    assert channels.enabled() == []
    assert channels.get("whatsapp") is None and channels.get("telegram") is None


def test_enabled_lists_only_the_configured_channels(whatsapp, gateway, settings):
    assert [channel.name for channel in channels.enabled()] == ["whatsapp", "gateway"]
    settings.WHATSAPP_TOKEN = "   "  # blank counts as empty
    assert [channel.name for channel in channels.enabled()] == ["gateway"]
    assert channels.get("whatsapp") is None and channels.get("nope") is None


# ----- the pure helpers --------------------------------------------------------------------------


TYPED = ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "006281234567890"]
TYPED += ["+62 (812) 3456.7890", " 0812 3456 7890 "]
NOT_MOBILE = ["021-555-1234", "0812-abcd-7890", "0812345", "0812345678901234", "620812345678"]
NOT_MOBILE += ["+0812345678", "", None]  # a landline, letters, too short, too long, …
NOT_MOBILE += ["4915123456789", "2026-02-30"]  # another country's without its +


@pytest.mark.parametrize("typed", TYPED)
def test_normalise_gives_the_international_form(typed):
    assert normalise(typed) == "6281234567890"


@pytest.mark.parametrize(
    ("typed", "number"), [("0812345678", "62812345678"), ("+4915123456789", "4915123456789")]
)
def test_normalise_keeps_short_and_foreign_mobiles(typed, number):
    assert normalise(typed) == number


@pytest.mark.parametrize("typed", NOT_MOBILE)
def test_normalise_rejects_what_is_not_a_mobile_number(typed):
    assert normalise(typed) is None


@pytest.mark.parametrize("typed", ["０８１２３４５６７８９０", "08١٢34567890"])
def test_normalise_gives_ascii_digits_only(typed):
    number = normalise(typed)
    assert number is None or (number.isascii() and number.isdigit())


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("6281234567890", "+62 812 •••• 7890"),
        ("14155550123", "+141 •••• 0123"),
        ("1234567", "•••••••"),
        ("", ""),
    ],
)
def test_masked(number, shown):
    assert masked(number) == shown


def test_body_from_template_escapes_the_text():
    text = 'Rina "Ibu"\nbaris dua\t{phone} \\ {text}'
    assert body_from_template("", NUMBER, text) == {"phone": NUMBER, "message": text}
    custom = '{"to": {phone}, "data": {"body": {text}, "preview": false}}'
    assert body_from_template(custom, NUMBER, text) == {
        "to": NUMBER,
        "data": {"body": text, "preview": False},
    }


@pytest.mark.parametrize("status", [408, 504])
def test_whatsapp_gateway_timeouts_without_a_code_are_transient(whatsapp, status):
    whatsapp.fail(status, code=None)
    with pytest.raises(Transient):
        WhatsAppChannel().send(reminder())


def test_the_bot_token_never_reaches_the_logs(telegram, caplog):
    caplog.set_level(logging.INFO)
    TelegramChannel().send(Outgoing("555", "Halo", NOTICE))
    assert telegram_server.TOKEN not in caplog.text
