"""The Indonesian catalogue is complete and in step with the code.

`make test` compiles the catalogue with Babel; this test re-extracts the strings with Django's
makemessages (GNU gettext, installed by `make test`/.ci/run) and fails on any msgid the catalogue
lacks, and on any empty or fuzzy translation.
"""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES_IGNORE = [".venv", "static", "tests", "bench", "scripts", "staticfiles", "media"]


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="id")


def test_every_string_is_translated():
    catalogue = _catalogue(PO_FILE)
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    untranslated += [
        m.id for m in catalogue if m.id and isinstance(m.string, tuple) and not all(m.string)
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy (check and unmark): {fuzzy[:20]}"


def test_catalogue_holds_every_string_in_the_code(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is required: apt-get install gettext")
    backup = tmp_path / "django.po"
    shutil.copy(PO_FILE, backup)
    try:
        call_command(
            "makemessages", locale=["id"], ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0
        )
        fresh = {m.id for m in _catalogue(PO_FILE) if m.id}
    finally:
        shutil.copy(backup, PO_FILE)
    known = {m.id for m in _catalogue(PO_FILE) if m.id}
    missing = sorted(str(m) for m in fresh - known)
    assert not missing, (
        f"{len(missing)} strings missing from locale/id (run makemessages and translate): {missing[:15]}"
    )


@pytest.mark.django_db
def test_pages_speak_indonesian_by_default_and_english_on_request():
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert 'lang="id"' in page and "Masuk" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in page and "Log in" in page


def test_no_template_comment_spans_lines():
    """`{# … #}` ends on its own line; one that spans lines is printed on the page as text."""
    broken = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert broken == []
