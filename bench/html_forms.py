"""The forms of an HTML page as a browser would send them: the locust users of the rush and
bench/profile_saves.py read a page's form, change one field and post it back."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode


class _Forms(HTMLParser):
    """Every <form> of a page with the fields a browser would send: inputs (checked boxes and
    radios only), textareas and selects, including fields outside the form that name it with the
    HTML `form` attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._by_id: dict[str, dict] = {}
        self._orphans: list[tuple[str, str, str]] = []  # (form id, name, value)
        self._open: dict | None = None
        self._textarea: tuple[dict | None, str, str] | None = None
        self._text: list[str] = []
        self._select: tuple[dict | None, str, str] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: list | None = None

    def _target(self, attrs: dict) -> tuple[dict | None, str]:
        owner = attrs.get("form")
        if owner:
            return self._by_id.get(owner), owner
        return self._open, ""

    def _add(self, attrs: dict, name: str, value: str) -> None:
        form, owner = self._target(attrs)
        if form is not None:
            form["fields"].append((name, value))
        elif owner:
            self._orphans.append((owner, name, value))

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._open = {
                "id": attrs.get("id", ""),
                "action": attrs.get("action", ""),
                "method": attrs.get("method", "get").lower(),
                "fields": [],
            }
            self.forms.append(self._open)
            if self._open["id"]:
                self._by_id[self._open["id"]] = self._open
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            if not name or "disabled" in attrs or kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs, name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and attrs.get("name") and "disabled" not in attrs:
            self._textarea, self._text = (attrs, attrs["name"], ""), []
        elif tag == "select" and attrs.get("name") and "disabled" not in attrs:
            self._select, self._options = (attrs, attrs["name"], ""), []
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, []]

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None
        elif tag == "textarea" and self._textarea is not None:
            attrs, name, _ = self._textarea
            text = "".join(self._text)
            self._add(attrs, name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._options.append((value if value is not None else "".join(text).strip(), selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            attrs, name, _ = self._select
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _s in self._options[:1]
            ]
            for value in chosen:
                self._add(attrs, name, value)
            self._select = None

    def close(self):
        super().close()
        for owner, name, value in self._orphans:  # a field before the form it names
            if owner in self._by_id:
                self._by_id[owner]["fields"].append((name, value))


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field: str) -> dict | None:
    """The first POST form of the page that has a field of this name (the page's other forms,
    logout and language, have none)."""
    for form in forms_of(html):
        if form["method"] == "post" and any(name == field for name, _v in form["fields"]):
            return form
    return None


def replaced(fields: list[tuple[str, str]], changes: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, changes.get(name, value)) for name, value in fields]


def encoded(fields: list[tuple[str, str]]) -> str:
    return urlencode(fields)


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
