"""An HTTP gateway service (a WhatsApp or SMS gateway) of our own for the tests: a real HTTP
server in its own process on 127.0.0.1 (tests/notifications/fake_provider.py).

    POST /      Authorization: Bearer {TOKEN}      {"phone": "62812…", "message": "…"}

(the body of the default GATEWAY_BODY_TEMPLATE) answers 200 {"id": "gw-…", "status": "queued"};
a missing or wrong token 401 {"message": "unauthorised"}; a phone that is not 8–15 digits 400
{"message": "invalid phone"}; an empty message 400 {"message": "message is empty"}.

    python -m tests.notifications.gateway_server --port N --state-dir DIR

State, call log and /_control as every fake provider's. Import the fixtures into a test module:
``from tests.notifications.gateway_server import gateway_fixture, gateway_server_fixture``.
"""

from __future__ import annotations

import secrets
from http import HTTPStatus

import pytest

from tests.notifications.fake_provider import FakeHandler, FakeServer, json_body, running, serve

TOKEN = "gw-token-uji-17"
SEND_PATH = "/"
DEFAULT_BODY = '{"phone": {phone}, "message": {text}}'
# ----- the gateway -------------------------------------------------------------------------------


class Handler(FakeHandler):
    def api(self, method: str, path: str, raw: bytes) -> tuple[int, dict]:
        if method != "POST" or path != SEND_PATH:
            return 404, {"message": "not found"}
        if not self.bearer(TOKEN):
            return 401, {"message": "unauthorised"}
        body = json_body(raw)
        if body is None:
            return 400, {"message": "invalid JSON"}
        phone, text = body.get("phone"), body.get("message")
        if not (isinstance(phone, str) and phone.isascii() and phone.isdigit()):
            return 400, {"message": "invalid phone"}
        if not 8 <= len(phone) <= 15:
            return 400, {"message": "invalid phone"}
        if not isinstance(text, str) or not text.strip():
            return 400, {"message": "message is empty"}
        message = {"id": "gw-" + secrets.token_hex(8), "phone": phone, "message": text}
        self.server.state.store(message | {"body": body})
        return 200, {"id": message["id"], "status": "queued"}

    def fault_answer(self, fault: dict) -> tuple[int, dict]:
        status = int(fault.get("status", 500))
        return status, {"message": fault.get("message", HTTPStatus(status).phrase)}


# ----- the pytest side ---------------------------------------------------------------------------


class GatewayServer(FakeServer):
    def settings(self) -> dict:
        return {
            "GATEWAY_URL": self.url,
            "GATEWAY_TOKEN": TOKEN,
            "GATEWAY_BODY_TEMPLATE": DEFAULT_BODY,
            "CHANNEL_DRY_RUN_FILE": "",
        }


@pytest.fixture(scope="session", name="gateway_server")
def gateway_server_fixture(tmp_path_factory):
    module = "tests.notifications.gateway_server"
    with running(GatewayServer, module, "gateway", tmp_path_factory, SEND_PATH) as server:
        yield server


@pytest.fixture(name="gateway")
def gateway_fixture(settings, gateway_server):
    """The gateway channel configured for the test server, clean. Import both fixtures."""
    return gateway_server.configured(settings)


if __name__ == "__main__":
    serve(Handler, __doc__.splitlines()[0])
