"""A Telegram Bot API of our own for the tests: a real HTTP server in its own process on 127.0.0.1
that answers the bot's calls the way api.telegram.org does, and plays the person who presses
Start by posting an Update to the webhook the bot registered.

    POST /bot{TOKEN}/sendMessage     {"chat_id": 555 | "555", "text": "…"}
        → {"ok": true, "result": {"message_id", "from", "chat": {"id", "type"}, "date", "text"}}
    POST /bot{TOKEN}/setWebhook      {"url": "http(s)://…", "secret_token": "[A-Za-z0-9_-]{1,256}",
                                      "allowed_updates": [...], "drop_pending_updates": bool}
    GET|POST /bot{TOKEN}/getWebhookInfo, deleteWebhook, getMe

Errors are {"ok": false, "error_code", "description"}: a wrong token 401 "Unauthorized", the chat
BLOCKED_CHAT 403 "Forbidden: bot was blocked by the user", a missing chat id or text, a text over
4096 characters, a chat id that is neither a number nor "@name" 400 "Bad Request: …"; a fault 429
carries "parameters": {"retry_after": S}.

    python -m tests.notifications.telegram_server --port N --state-dir DIR

State directory, `calls.jsonl` (the token in a path logged as "<token>") and `messages.jsonl`, and
/_control as in gateway_server, with {"fail": {"status": 429, "retry_after": 3, "times": N}} and
{"press_start": {"chat_id": 555, "text": "/start TOKEN", "first_name": "Rina"}}: the server POSTs
a Telegram Update to the stored webhook URL with the header X-Telegram-Bot-Api-Secret-Token (the
stored secret) and answers with the HTTP status the webhook answered (409 when no webhook is set
or it does not take messages, 502 when it cannot be reached). `GET /_control` answers
{"messages": [...], "webhook": {url, secret_token, allowed_updates, …}, "updates": [...]}.
Import the fixtures: ``from tests.notifications.telegram_server import telegram_fixture,
telegram_server_fixture``.
"""

from __future__ import annotations

import json
import re
import time
from http import HTTPStatus
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import urlsplit

import pytest

from tests.notifications.fake_provider import (
    FakeHandler,
    FakeServer,
    json_body,
    running,
    serve,
)

TOKEN = "7000000001:AAH-uji_token-telegram-kinerja42"
BOT_ID = 7000000001
BOT_USERNAME = "kinerja_uji_bot"
WEBHOOK_SECRET = "rahasia_webhook-uji-42"
BLOCKED_CHAT = 999
TEXT_LIMIT = 4096
WEBHOOK_TIMEOUT = 30
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
METHOD_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
CHAT_ID = re.compile(r"-?\d{1,15}")


def ok(result) -> tuple[int, dict]:
    return 200, {"ok": True, "result": result}


def error(status: int, description: str, **extra) -> tuple[int, dict]:
    return status, {"ok": False, "error_code": status, "description": description, **extra}


def chat_number(chat_id) -> int | None:
    """The chat a `chat_id` names (an int or a string of one), or None."""
    if isinstance(chat_id, int) and not isinstance(chat_id, bool):
        return chat_id
    if isinstance(chat_id, str) and CHAT_ID.fullmatch(chat_id):
        return int(chat_id)
    return None


def send_message(state, params: dict) -> tuple[int, dict]:
    chat_id, text = params.get("chat_id"), params.get("text")
    if chat_id is None or chat_id == "":
        return error(400, "Bad Request: chat_id is empty")
    if not isinstance(text, str) or not text.strip():
        return error(400, "Bad Request: message text is empty")
    if len(text) > TEXT_LIMIT:
        return error(400, "Bad Request: message is too long")
    chat = chat_number(chat_id)
    if chat is None:
        return error(400, "Bad Request: chat not found")
    if chat == BLOCKED_CHAT:
        return error(403, "Forbidden: bot was blocked by the user")
    number = state.next_number()
    state.store({"message_id": number, "chat_id": chat, "text": text, "body": params})
    sender = {"id": BOT_ID, "is_bot": True, "first_name": "Kinerja Uji", "username": BOT_USERNAME}
    result = {"message_id": number, "from": sender, "chat": {"id": chat, "type": "private"}}
    return ok(result | {"date": int(time.time()), "text": text})


def set_webhook(state, params: dict) -> tuple[int, dict]:
    url, secret = params.get("url"), params.get("secret_token", "")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    if not isinstance(secret, str) or (secret and not SECRET.fullmatch(secret)):
        return error(400, "Bad Request: secret token contains unallowed characters")
    allowed = params.get("allowed_updates", [])
    if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
        return error(400, "Bad Request: can't parse allowed updates")
    webhook = {"url": url, "secret_token": secret, "allowed_updates": allowed}
    webhook["drop_pending_updates"] = bool(params.get("drop_pending_updates"))
    with state.lock:
        state.extra["webhook"] = webhook
    return 200, {"ok": True, "result": True, "description": "Webhook was set"}


def webhook_info(state, params: dict) -> tuple[int, dict]:
    with state.lock:
        webhook = dict(state.extra.get("webhook") or {})
        last_error = state.extra.get("last_error")
    info = {"url": webhook.get("url", ""), "has_custom_certificate": False}
    info["pending_update_count"] = 0
    if webhook.get("allowed_updates"):
        info["allowed_updates"] = webhook["allowed_updates"]
    if last_error:
        info |= {"last_error_date": last_error[0], "last_error_message": last_error[1]}
    return ok(info)


def delete_webhook(state, params: dict) -> tuple[int, dict]:
    with state.lock:
        state.extra.pop("webhook", None)
    return 200, {"ok": True, "result": True, "description": "Webhook was deleted"}


def get_me(state, params: dict) -> tuple[int, dict]:
    return ok({"id": BOT_ID, "is_bot": True, "first_name": "Kinerja Uji", "username": BOT_USERNAME})


METHODS = {
    "sendmessage": send_message,
    "setwebhook": set_webhook,
    "getwebhookinfo": webhook_info,
    "deletewebhook": delete_webhook,
    "getme": get_me,
}


def update(number: int, press: dict) -> dict:
    """The Update Telegram sends when a person writes `text` to the bot in a private chat."""
    chat_id = int(press.get("chat_id", 555))
    person = {"id": chat_id, "is_bot": False, "first_name": press.get("first_name", "Rina")}
    if press.get("username"):
        person["username"] = press["username"]
    chat = {"id": chat_id, "type": "private", "first_name": person["first_name"]}
    message = {"message_id": number, "from": person, "chat": chat, "date": int(time.time())}
    return {
        "update_id": 100000 + number,
        "message": message | {"text": press.get("text", "/start")},
    }


def post_update(webhook: dict, body: dict) -> tuple[int, str]:
    """POST the update as Telegram does (no redirects followed); (status, answer), 0 when the
    webhook cannot be reached."""
    parts = urlsplit(webhook["url"])
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_class(parts.netloc, timeout=WEBHOOK_TIMEOUT)
    headers = {"Content-Type": "application/json"}
    if webhook["secret_token"]:
        headers[SECRET_HEADER] = webhook["secret_token"]
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=json.dumps(body).encode(), headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    except OSError as problem:
        return 0, f"{type(problem).__name__}: {problem}"
    finally:
        connection.close()


class Handler(FakeHandler):
    def logged_path(self, path: str) -> str:
        return re.sub(r"^/bot[^/]*", "/bot<token>", path)

    def api(self, method: str, path: str, raw: bytes) -> tuple[int, dict]:
        found = METHOD_PATH.match(path)
        if not found:
            return error(404, "Not Found")
        if found["token"] != TOKEN:
            return error(401, "Unauthorized")
        params = json_body(raw)
        if params is None:
            return error(400, "Bad Request: can't parse JSON object")
        action = METHODS.get(found["method"].lower())
        if action is None:
            return error(404, "Not Found")
        return action(self.server.state, params)

    def fault_answer(self, fault: dict) -> tuple[int, dict]:
        status = int(fault.get("status", 429))
        if status == 429:
            wait = fault.get("retry_after", 3)
            text = f"Too Many Requests: retry after {wait}"
            return error(429, text, parameters={"retry_after": wait})
        return error(status, fault.get("description", HTTPStatus(status).phrase))

    def snapshot(self) -> dict:
        state = self.server.state
        with state.lock:
            kept = {"messages": state.messages, "webhook": state.extra.get("webhook", {})}
            kept["updates"] = state.extra.get("updates", [])
            return json.loads(json.dumps(kept))

    def extra_control(self, actions: dict) -> tuple[int, dict]:
        if "press_start" not in actions:
            return 200, {"ok": True}
        state = self.server.state
        with state.lock:
            webhook = dict(state.extra.get("webhook") or {})
        if not webhook:
            return 409, {"ok": False, "description": "no webhook is set (setWebhook first)"}
        if webhook["allowed_updates"] and "message" not in webhook["allowed_updates"]:
            return 409, {"ok": False, "description": "the webhook does not take messages"}
        body = update(state.next_number(), actions["press_start"])
        status, answer = post_update(webhook, body)
        with state.lock:
            state.extra.setdefault("updates", []).append({"update": body, "status": status})
            if not 200 <= status < 300:
                text = f"Wrong response from the webhook: {status}"
                state.extra["last_error"] = (int(time.time()), text)
        reply = {"webhook_status": status, "update": body, "answer": answer[:500]}
        return (status or 502), reply


# ----- the pytest side ---------------------------------------------------------------------------


class TelegramServer(FakeServer):
    def settings(self) -> dict:
        return {
            "TELEGRAM_API_URL": self.url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BOT_USERNAME": BOT_USERNAME,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "CHANNEL_DRY_RUN_FILE": "",
        }

    def webhook(self) -> dict:
        """What setWebhook stored ({} before): url, secret_token, allowed_updates, …"""
        return self.state()["webhook"]

    def updates(self) -> list[dict]:
        """The updates posted by press_start: {"update": …, "status": the webhook's answer}."""
        return self.state()["updates"]

    def press_start(self, chat_id: int = 555, text: str = "/start", first_name="Rina") -> int:
        """A person writes `text` to the bot: the HTTP status our webhook answered."""
        press = {"chat_id": chat_id, "text": text, "first_name": first_name}
        return self.control(press_start=press).status_code


@pytest.fixture(scope="session", name="telegram_server")
def telegram_server_fixture(tmp_path_factory):
    module = "tests.notifications.telegram_server"
    with running(TelegramServer, module, "Telegram", tmp_path_factory) as server:
        yield server


@pytest.fixture(name="telegram")
def telegram_fixture(settings, telegram_server):
    """The Telegram channel configured for the test server, which starts the test clean (no
    webhook, faults, delay or messages, an empty call log). Import both fixtures."""
    return telegram_server.configured(settings)


if __name__ == "__main__":
    serve(Handler, __doc__.splitlines()[0])
