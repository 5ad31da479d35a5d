"""`make check-deploy`: Django's deployment checklist against the production settings that
.env.example documents. Exits non-zero on any warning, so a setting that weakens production fails
the build.

.env.example holds no usable SECRET_KEY. The run first checks that those settings without a key
refuse to start (failing otherwise), then makes a random key of its own for the checklist and says
so: nothing is written anywhere, and a deployment still has to set its own key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_environment(secret_key: str | None = None) -> dict:
    """The environment of .env.example over the shell's (without DJANGO_* and SECRET_KEY*):
    with `secret_key` when given, with no SECRET_KEY at all otherwise."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_KEY"))
    }
    # The documented values win over whatever the shell has (a developer's DEBUG=true, say).
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env.pop("SECRET_KEY", None)
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    return env


REFUSAL = "SECRET_KEY belum diisi"


def refuses_without_a_key(command: list[str]) -> bool:
    """The production settings without SECRET_KEY must stop Django with our message."""
    run = subprocess.run(
        command, cwd=ROOT, env=production_environment(), capture_output=True, text=True
    )
    return run.returncode != 0 and REFUSAL in run.stderr


def main() -> int:
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    if not refuses_without_a_key(command):
        print(
            "check-deploy: the production settings start without a SECRET_KEY of their own; "
            "they must refuse to (config/settings/base.py).",
            file=sys.stderr,
        )
        return 1
    print(
        "check-deploy: without SECRET_KEY the production settings refuse to start (as they "
        "must); this run uses a random key generated for it alone (not saved). Production must "
        "set its own SECRET_KEY.",
        file=sys.stderr,
        flush=True,
    )
    environment = production_environment(secret_key=secrets.token_urlsafe(64))
    return subprocess.call(command, cwd=ROOT, env=environment)


if __name__ == "__main__":
    sys.exit(main())
