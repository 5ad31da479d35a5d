"""A WhatsApp Cloud API (Meta's Graph API) of our own for the tests: a real HTTP server in its own
process on 127.0.0.1 that checks a send the way the Cloud API does.

    POST /{version}/{PHONE_NUMBER_ID}/messages      Authorization: Bearer {TOKEN}
    {"messaging_product": "whatsapp", "to": "62812…", "type": "template",
     "template": {"name": …, "language": {"code": "id"},
                  "components": [{"type": "body", "parameters": [{"type": "text", "text": …}]}]}}

The bearer token (else 401, code 190), the phone number id, `to` (8–15 digits), a known template
in LANGUAGE with its number of body parameters (TEMPLATES; else 132001 / 132000), each parameter a
non-empty text without a new line, a tab or five spaces in a row (Meta's rule: 132018), and for
the authentication template CODE_TEMPLATE the copy-code button carrying the same code. The number
INVALID_NUMBER is undeliverable (131026). An accepted message answers {"messaging_product",
"contacts": [{"input", "wa_id"}], "messages": [{"id": "wamid.…"}]}; errors come as Graph's
{"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}.

    python -m tests.notifications.whatsapp_server --port N --state-dir DIR

Its state directory holds `calls.jsonl` (one line per request: method, path, status, the error
code, the fault injected; never a header or a token) and `messages.jsonl` (each accepted message).
`POST /_control` takes {"reset": true}, {"fail": {"status": 429|500|503|400, "code": 130429,
"message": …, "times": N}} (the next N sends fail), {"delay": S} (every request waits S seconds
first, until reset); `GET /_control` answers {"messages": [...]}.

The plumbing the fake providers share (state, /_control, faults, delays, the call log, the tests'
handle) is in gateway_server. Import the fixtures into a test module:
``from tests.notifications.whatsapp_server import whatsapp_fixture, whatsapp_server_fixture``.
"""

from __future__ import annotations

import re
import secrets

import pytest

from tests.notifications.fake_provider import (
    FakeHandler,
    FakeServer,
    json_body,
    running,
    serve,
)

PHONE_NUMBER_ID = "109876543210"
TOKEN = "wa-token-uji-42"
VERSION_PATH = "/v21.0"
LANGUAGE = "id"
REMINDER_TEMPLATE, NOTICE_TEMPLATE, CODE_TEMPLATE = (
    "pengingat_tenggat",
    "pemberitahuan_baru",
    "kode_verifikasi",
)
TEMPLATES = {REMINDER_TEMPLATE: 4, NOTICE_TEMPLATE: 2, CODE_TEMPLATE: 1}  # body parameters
CODE_LIMIT = 15  # an authentication code is at most 15 characters
INVALID_NUMBER = "6280000000000"
MESSAGES = {
    100: "(#100) Invalid parameter",
    190: "Invalid OAuth access token.",
    130429: "(#130429) Rate limit hit",
    131000: "Something went wrong",
    131008: "(#131008) Required parameter is missing",
    131009: "(#131009) Parameter value is not valid",
    131016: "(#131016) Service unavailable",
    131026: "Message undeliverable",
    131056: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    132000: "(#132000) Number of parameters does not match the expected number of params",
    132001: "(#132001) Template name does not exist in the translation",
    132018: "(#132018) There's an issue with the parameters in your template.",
}
FAULT_CODES = {429: 130429, 500: 131000, 503: 131016, 400: 100}
MESSAGES_PATH = re.compile(r"/(?P<number_id>[^/]+)/messages$")
BAD_TEXT = re.compile(r"[\n\t]| {5,}")


def graph_error(status: int, code: int, details: str = "", message: str = "") -> tuple[int, dict]:
    error = {"message": message or MESSAGES.get(code, "Unknown error"), "type": "OAuthException"}
    error |= {"code": code, "fbtrace_id": "A" + secrets.token_urlsafe(16)}
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return status, {"error": error}


def check_message(body: dict) -> tuple[int, dict] | None:
    """Graph's error for a malformed send, or None."""
    if body.get("messaging_product") != "whatsapp":
        return graph_error(400, 100, 'messaging_product must be "whatsapp"')
    to = body.get("to")
    if not (isinstance(to, str) and to.isascii() and to.isdigit() and 8 <= len(to) <= 15):
        return graph_error(400, 100, "to: not a phone number in international form")
    if body.get("type") != "template" or not isinstance(body.get("template"), dict):
        return graph_error(400, 100, "type: a business-initiated message must be a template")
    return check_template(body["template"])


def check_template(template: dict) -> tuple[int, dict] | None:
    name, language = template.get("name"), template.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    if name not in TEMPLATES or code != LANGUAGE:
        return graph_error(404, 132001, f"template name ({name}) does not exist in {code}")
    components = template.get("components") or []
    if not isinstance(components, list) or not all(isinstance(c, dict) for c in components):
        return graph_error(400, 100, "components must be a list of objects")
    bodies = [c.get("parameters") for c in components if c.get("type") == "body"]
    parameters = bodies[0] if len(bodies) == 1 and isinstance(bodies[0], list) else []
    if len(parameters) != TEMPLATES[name]:
        counts = f"({len(parameters)}) does not match the expected number of params"
        return graph_error(400, 132000, f"body: number of params {counts} ({TEMPLATES[name]})")
    problem = check_parameters(parameters)
    if problem:
        return problem
    buttons = [c for c in components if c.get("type") == "button"]
    if name == CODE_TEMPLATE:
        return check_code_button(buttons, parameters[0]["text"])
    if buttons or len(components) != 1:
        return graph_error(400, 132000, f"{name} has no component but its body")
    return None


def check_parameters(parameters: list) -> tuple[int, dict] | None:
    for place, parameter in enumerate(parameters, start=1):
        if not isinstance(parameter, dict) or parameter.get("type") != "text":
            return graph_error(400, 100, f"body parameter {place}: type must be text")
        text = parameter.get("text")
        if not isinstance(text, str) or not text.strip():
            return graph_error(400, 131008, f"body parameter {place}: text is missing")
        if BAD_TEXT.search(text):
            details = (
                "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"
            )
            return graph_error(400, 132018, details)
    return None


def check_code_button(buttons: list[dict], code: str) -> tuple[int, dict] | None:
    if len(code) > CODE_LIMIT:
        return graph_error(400, 131009, f"the code is longer than {CODE_LIMIT} characters")
    if len(buttons) != 1 or not buttons[0].get("parameters"):
        return graph_error(
            400, 131008, "buttons: Button at index 0 of type Url requires a parameter"
        )
    button = buttons[0]
    wanted = {"type": "button", "sub_type": "url", "index": "0"}
    wanted |= {"parameters": [{"type": "text", "text": code}]}
    if {**button, "index": str(button.get("index"))} != wanted:
        return graph_error(400, 131009, "buttons: the copy-code button must carry the body's code")
    return None


def stored(body: dict) -> dict:
    """What the server keeps of an accepted message (and the whole request body)."""
    template = body["template"]
    texts = {c["type"]: [p["text"] for p in c["parameters"]] for c in template["components"]}
    message = {"id": "wamid." + secrets.token_urlsafe(24), "to": body["to"]}
    message |= {"template": template["name"], "language": template["language"]["code"]}
    return message | {"parameters": texts["body"], "button": texts.get("button"), "body": body}


class Handler(FakeHandler):
    def api(self, method: str, path: str, raw: bytes) -> tuple[int, dict]:
        status, answer = self.send_message(method, path, raw)
        if "error" in answer:
            self.note["code"] = answer["error"]["code"]
        return status, answer

    def send_message(self, method: str, path: str, raw: bytes) -> tuple[int, dict]:
        found = MESSAGES_PATH.search(path)
        if method != "POST" or not found:
            return graph_error(400, 2500, message=f"Unknown path components: {path}")
        if not self.bearer(TOKEN):
            return graph_error(401, 190)
        if found["number_id"] != PHONE_NUMBER_ID:
            text = f"Unsupported post request. Object with ID '{found['number_id']}' does not exist"
            return graph_error(400, 100, message=text)
        body = json_body(raw)
        if body is None:
            return graph_error(400, 100, "the request body must be a JSON object")
        problem = check_message(body)
        if problem:
            return problem
        if body["to"] == INVALID_NUMBER:
            return graph_error(400, 131026, "the number is not on WhatsApp")
        message = stored(body)
        self.server.state.store(message)
        contacts = [{"input": body["to"], "wa_id": body["to"]}]
        answer = {"messaging_product": "whatsapp", "contacts": contacts}
        return 200, answer | {"messages": [{"id": message["id"]}]}

    def fault_answer(self, fault: dict) -> tuple[int, dict]:
        status = int(fault.get("status", 500))
        code = fault.get("code", FAULT_CODES.get(status, 131000))
        self.note["code"] = code
        return graph_error(status, code, fault.get("details", ""), fault.get("message", ""))


# ----- the pytest side ---------------------------------------------------------------------------


class WhatsAppServer(FakeServer):
    def settings(self) -> dict:
        return {
            "WHATSAPP_API_URL": self.url,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_TOKEN": TOKEN,
            "WHATSAPP_TEMPLATE_REMINDER": REMINDER_TEMPLATE,
            "WHATSAPP_TEMPLATE_NOTICE": NOTICE_TEMPLATE,
            "WHATSAPP_TEMPLATE_CODE": CODE_TEMPLATE,
            "WHATSAPP_TEMPLATE_LANGUAGE": LANGUAGE,
            "CHANNEL_DRY_RUN_FILE": "",
        }


@pytest.fixture(scope="session", name="whatsapp_server")
def whatsapp_server_fixture(tmp_path_factory):
    module = "tests.notifications.whatsapp_server"
    with running(WhatsAppServer, module, "WhatsApp", tmp_path_factory, VERSION_PATH) as server:
        yield server


@pytest.fixture(name="whatsapp")
def whatsapp_fixture(settings, whatsapp_server):
    """The WhatsApp channel configured for the test server, which starts the test clean (no
    faults, no delay, nothing stored, an empty call log). Import both fixtures."""
    return whatsapp_server.configured(settings)


if __name__ == "__main__":
    serve(Handler, __doc__.splitlines()[0])
