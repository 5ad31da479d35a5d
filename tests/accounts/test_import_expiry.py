"""Abandoned import previews expire (issue 20.15): after IMPORT_PREVIEW_TTL_HOURS a preview leaves
the history, cannot be confirmed, and the daily purge deletes it with its workbook."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AdminRoleKind
from accounts.importing.models import EmployeeImport
from accounts.importing.records import import_confirm
from accounts.importing.tasks import purge_import_files
from accounts.org.models import AdminRole, Employee
from core.errors import DomainError
from tests.accounts.workbooks import dinkes_rows, workbook
from tests.actors import system

BACKEND = "accounts.backends.NipOrUsernameBackend"


@pytest.fixture
def bkd(db):
    user = get_user_model().objects.create_user("bkd")
    AdminRole.objects.create(user=user, kind=AdminRoleKind.ADMIN_BKD)
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _upload(client, name):
    return client.post(reverse("imports:upload"), {"file": workbook(dinkes_rows(), name=name)})


def _age(name, hours):
    EmployeeImport.objects.filter(original_name=name).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )


def test_an_abandoned_preview_leaves_the_history_and_cannot_be_confirmed(bkd, settings):
    settings.IMPORT_PREVIEW_TTL_HOURS = 24
    old_url = _upload(bkd, "lama.xlsx").url
    _upload(bkd, "baru.xlsx")
    _age("lama.xlsx", 25)
    _age("baru.xlsx", 23)

    history = bkd.get(reverse("imports:history")).context["page"].object_list
    assert [r.original_name for r in history] == ["baru.xlsx"]
    assert bkd.get(old_url).status_code == 404
    assert bkd.post(old_url).status_code == 404
    with pytest.raises(DomainError):
        import_confirm(EmployeeImport.objects.get(original_name="lama.xlsx"), actor=system())
    assert Employee.objects.count() == 0


def test_the_daily_purge_deletes_abandoned_previews_with_their_files_once(
    bkd, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_PREVIEW_TTL_HOURS = 24
    _upload(bkd, "lama.xlsx")
    _upload(bkd, "baru.xlsx")
    _age("lama.xlsx", 25)
    old_file = Path(EmployeeImport.objects.get(original_name="lama.xlsx").file.path)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_imports", stdout=out)

    assert out.getvalue().strip().splitlines() == ["expired=1", "deleted=0"]
    assert list(EmployeeImport.objects.values_list("original_name", flat=True)) == ["baru.xlsx"]
    assert not old_file.exists()
    assert purge_import_files.apply().get() == 0  # the beat task again: nothing left
