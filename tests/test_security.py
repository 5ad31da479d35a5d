"""Production hardening that must not regress: Django's deployment checklist passes with the
settings .env.example documents, and pages carry a Content-Security-Policy that allows no inline
script (so no template may contain one)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def test_the_deployment_checklist_passes_with_the_documented_production_settings():
    result = subprocess.run(
        [sys.executable, "scripts/check_deploy.py"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_forbid_inline_script_and_framing(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy


# E-mails are read in mail clients, not under our policy: they are left out.
PAGE_TEMPLATES = sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "templates").rglob("*.html")
    if "emails" not in path.parts
)


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_no_template_holds_inline_script(template):
    text = (ROOT / template).read_text()
    assert not INLINE_SCRIPT.search(text), f"inline <script> in {template}: use static/js"
    assert not INLINE_HANDLER.search(text), f"inline event handler in {template}: use app.js"
