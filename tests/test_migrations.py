"""The migrations build the database from nothing.

The suite builds its test databases from the models (`make pytest` passes --no-migrations: three
workers each replaying every migration cost about 15 s apiece); `makemigrations --check` in
`make test` says the migrations describe the same models, and this says they apply, in order,
on an empty database, as `make run` and a deployment apply them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_migration_applies_to_an_empty_database():
    # manage.py's own settings (not the tests'), on a database that starts empty.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "sqlite://:memory:"
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Applying notifications.0004_channel_addresses_and_deliveries... OK" in done.stdout
