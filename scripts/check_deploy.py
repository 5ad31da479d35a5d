"""`make check-deploy`: Django's deployment checklist against the production settings that
.env.example documents (a fresh random SECRET_KEY stands in for the placeholder). Exits non-zero
on any warning, so a setting that weakens production fails the build."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_environment() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    # The documented values win over whatever the shell has (a developer's DEBUG=true, say).
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    return env


def main() -> int:
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.call(command, cwd=ROOT, env=production_environment())


if __name__ == "__main__":
    sys.exit(main())
