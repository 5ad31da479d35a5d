"""One organisation per test module, and on it the objects of one URL kind at a time.

The modules that run a case per URL pattern (the permission matrix, guessed ids, malformed input)
would otherwise build the organisation and an approved SKP chain thousands of times. A module
installs the fixtures with `globals().update(built_once.fixtures())` and orders its cases by kind
(`by_kind`); each case still starts from exactly the rows it would have built itself.
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings

from tests.conftest import BACKEND, PERSONAS, build_org

NOTHING_BUILT = object()


class BuiltOnce:
    """build_org() once for a module, and on it the objects of one URL kind at a time, kept for
    the tests of that kind that follow each other (the parametrisations are ordered by kind).

    Nothing is committed: the organisation is built in a transaction left open for the module, a
    kind's objects in a savepoint inside it, and each test (pytest-django's `db`) runs in a
    savepoint inside that one, rolled back. A test thus starts from the rows it would have built
    itself, by the same code from the same organisation; its Python objects are a fresh copy of
    those the builder left, and the files the builder stored are copied into its MEDIA_ROOT."""

    def __init__(self, blocker, prepare=None, logins=PERSONAS):
        self.blocker, self.prepare, self.logins = blocker, prepare, logins
        self.kind, self.savepoint, self.built = NOTHING_BUILT, None, None
        self.files = Path(tempfile.mkdtemp(prefix="built-media-"))

    def __enter__(self):
        with self.blocker.unblock():
            self.transaction = transaction.atomic()
            self.transaction.__enter__()
            try:
                self.org = build_org()
                if self.prepare:
                    self.prepare(self.org)
                self.sessions = self._log_in_everyone()
            except BaseException:
                self.transaction.__exit__(*sys.exc_info())
                raise
        return self

    def __exit__(self, *exc_info):
        shutil.rmtree(self.files, ignore_errors=True)
        with self.blocker.unblock():
            self._drop_kind()
            transaction.set_rollback(True)
            self.transaction.__exit__(None, None, None)

    def _log_in_everyone(self) -> dict[str, str]:
        """A session per persona, made by force_login as the `login` fixture would: a test's
        client starts from its cookie instead of logging in again (a session row, the login
        record, axes and two-factor bookkeeping each time). What a test does to its session is
        rolled back with the rest."""
        sessions = {}
        # As the autouse no_required_second_factor fixture has it in each test (not yet here).
        with override_settings(MFA_REQUIRED_ROLES=[]):
            for persona in self.logins:
                if persona != "anonymous":
                    client = Client()
                    client.force_login(getattr(self.org, persona).user, backend=BACKEND)
                    sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return sessions

    def _drop_kind(self) -> None:
        if self.savepoint is not None:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)
        self.kind, self.savepoint, self.built = NOTHING_BUILT, None, None
        shutil.rmtree(self.files / "media", ignore_errors=True)

    def ready(self, kind) -> tuple[SimpleNamespace, dict]:
        """The test's copy of the organisation and its row's URL kwargs, `kind`'s objects built
        (NOTHING_BUILT: the organisation alone). Before the test's own transaction is opened."""
        assert len(connection.atomic_blocks) == 1 + (self.savepoint is not None), (
            "the objects of a kind are built before the test's transaction (the `db` fixture)"
        )
        if kind is NOTHING_BUILT:
            with self.blocker.unblock():
                self._drop_kind()
            return copy.deepcopy(self.org), {}
        media = Path(settings.MEDIA_ROOT)
        kept = self.files / "media"
        if kind != self.kind:
            with self.blocker.unblock():
                self._drop_kind()
                self._build(kind)
            if media.exists():  # kept as the builder stored them, whatever this test does
                shutil.copytree(media, kept)
        elif kept.exists():
            shutil.copytree(kept, media, dirs_exist_ok=True)
        org, kwargs = self.built
        return copy.deepcopy(org), dict(kwargs)

    def _build(self, kind) -> None:
        savepoint = transaction.atomic()
        savepoint.__enter__()
        try:
            org = copy.deepcopy(self.org)
            from tests.test_permissions_matrix import _kwargs  # it imports this module

            kwargs = _kwargs(kind, org)
        except BaseException:
            savepoint.__exit__(*sys.exc_info())
            raise
        self.kind, self.savepoint, self.built = kind, savepoint, (org, kwargs)


def by_kind(names, kind_of) -> list:
    """pytest.param(name, kind, id=name) for each name, ordered by kind (a kind's tests follow
    each other: its objects are built once for them), for the indirect `real` fixture."""
    ordered = sorted(names, key=lambda name: (str(kind_of(name)), name))
    return [pytest.param(name, kind_of(name), id=name) for name in ordered]


def fixtures(prepare=None, also_logged_in=()) -> dict:
    """The fixtures `built` (module scope), `ready`, `org`, `real` and `login` for a module's globals;
    `prepare(org)` runs once on the organisation after it is built; `login(who)` knows the
    personas and the org's people named in `also_logged_in`."""

    @pytest.fixture(scope="module")
    def built(django_db_setup, django_db_blocker):
        logins = (*PERSONAS, *also_logged_in)
        with BuiltOnce(django_db_blocker, prepare=prepare, logins=logins) as once:
            yield once

    @pytest.fixture
    def ready(request, built):
        callspec = getattr(request.node, "callspec", None)
        return built.ready(
            callspec.params.get("real", NOTHING_BUILT) if callspec else NOTHING_BUILT
        )

    @pytest.fixture
    def org(ready, db):
        """The test's copy of the organisation: what one test sets on its objects (a name, a
        cached relation, an authenticator on a user) never reaches the next."""
        return ready[0]

    @pytest.fixture
    def real(ready):
        """The URL kwargs of the test's row: its kind (the indirect parameter) built on the
        organisation, as _kwargs(kind, org) would in the test."""
        return ready[1]

    @pytest.fixture
    def login(org, built, request):
        """As tests/conftest.py's `login`, from the sessions made with the organisation."""
        english = "english" in request.fixturenames

        def _login(persona: str) -> Client:
            client = Client()
            if english:
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            if persona != "anonymous":
                client.cookies[settings.SESSION_COOKIE_NAME] = built.sessions[persona]
            return client

        return _login

    return {"built": built, "ready": ready, "org": org, "real": real, "login": login}
