"""Every form refuses malformed input in Indonesian, keeps what was typed and saves nothing.

One entry per form (FORMS below); the fields are read from the form itself, so a field added to a
form is tried without touching this file. For each kind of field the same bad values are posted
(text in a number, impossible dates, a choice that is not offered, 10,000 characters, NUL bytes…),
all fields of one kind at once, on top of input that is otherwise valid. The answer must be:

* never a server error: the form again (200) or, for the small forms behind a button, a redirect
  with the refusal as a message (for htmx fragments, the fragment with the refusal);
* a refusal for every bad field, in Indonesian (each message is an entry of the Indonesian
  catalogue, so an untranslated English default fails), shown on the page;
* what was typed, back in the form (where it can be shown: not a NUL, not an option that does not
  exist);
* nothing saved: every table of the project is compared before and after.

A last post puts SQL, HTML, emoji and control characters in every free-text field: they are shown
back escaped, never as markup.

Hidden fields are not typed: a tampered one must still save nothing and break nothing, but may be
refused without a word. A hidden id or code that names nothing is a 404, as in a URL.

A URL whose view takes input (a POST row of the permission matrix, a view that reads request.POST,
one of Django's form views) without an entry here, or in NO_INPUT with a reason, fails
test_every_form_has_an_entry.

Query strings (filters, searches, the pickers' htmx fragments) get the same bad values in every
key the view's module reads and every field of the page's filter: test_query_strings_never_break_a_page.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.forms import NON_FIELD_ERRORS
from django.forms.formsets import BaseFormSet
from django.forms.models import InlineForeignKeyField
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import trans_real

from accounts.org.forms import EndForm
from accounts.twofactor.forms import ProofForm
from appraisal.plans.forms import ApproachForm, ReturnForm, ReviseForm
from appraisal.realisation.forms import EvidenceForm
from core.forms import ReasonForm as AccountReasonForm
from feedback.public.forms import EmployeeChannelForm
from feedback.public.forms import ReasonForm as ModerationReasonForm
from feedback.threads.forms import MessageForm, StartForm
from tests import built_once
from tests.actors import actor
from tests.built_once import by_kind
from tests.conftest import PASSWORD
from tests.test_guessed_ids import assert_nothing_changed, database_fingerprint
from tests.test_permissions_matrix import MATRIX, POST_MATRIX, _url

# The organisation once for the module, and the objects of one URL kind at a time on it.
globals().update(built_once.fixtures())


TEXT = "Isian uji yang sah"
OVERLONG = "A" * 10_000
NUL = "ada\x00nul"
EXOTIC = (
    "O'Brien \"kutip\" '; DROP TABLE accounts_employee; -- <script>alert('x')</script> "
    "<b>tebal</b> 👍🏽🇮🇩 \x07\x1bkontrol"
)
RAW_SCRIPT = "<script>alert('x')</script>"

# The bad values tried per kind of field. What was typed must come back, except a NUL, a choice
# that is not offered, a password, a file and a hidden field.
BAD = {
    "number": ["abc", "-5", "1e999", "9" * 40, "²"],
    # The first and last days Python can hold: a week or a day after them overflows.
    "date": ["2026-02-30", "abc", "99999-01-01", "0001-01-01", "9999-12-31"],
    "choice": ["TIDAK_ADA' OR 1=1 --"],
    "model_choice": ["999999999", "9" * 30, "abc", "²"],
    "uuid": ["bukan-uuid"],
    "email": ["bukan email", NUL, "a@" + OVERLONG + ".id"],
    "url": ["javascript:alert(1)"],
    "text": [NUL, OVERLONG],
    "file": [("laporan.pdf", b"MZ\x90\x00 ini bukan PDF"), ("kosong.pdf", b"")],
}


@dataclass(frozen=True)
class Raw:
    """A POST key the view reads without a Django form."""

    kind: str
    max_length: int | None = None
    # The status for a bad value when it is a refusal without a message: a hidden id or code
    # that names nothing is not found (404), like a guessed id in a URL.
    not_found: bool = False


@dataclass(frozen=True)
class Entry:
    persona: str
    # Valid input for the fields that need it (the rest keep what the form shows): a dict, or a
    # function of (org, the URL kwargs) returning one.
    valid: Any = field(default_factory=dict)
    # Where the form is found: context keys of the GET page, or a function of (org, kwargs)
    # returning unbound forms (for the views behind a button, which have no page of their own);
    # None when the view reads only `raw` keys.
    forms: Any = ("form",)
    page: str | None = None  # the URL name of the page showing the form (default: the same URL)
    raw: dict = field(default_factory=dict)  # POST keys read without a form
    redirects: bool = False  # a refusal is a message on the page it redirects to
    htmx: bool = False
    statuses: frozenset = frozenset({200})
    skip: tuple = ()  # fields not tried, with the reason beside the entry
    hidden: tuple = ()  # fields the template writes as hidden inputs by hand
    setup: Callable | None = None  # (org, client) → None, before the page is read
    url: Callable | None = None  # (org, client) → the URL, when the matrix's kind has no form
    # Traps particular to this form: (description, values, the status when not the form's
    # refusal: 404 for a hidden id that names nothing).
    extra_cases: tuple = ()
    settings: dict = field(default_factory=dict)  # set for the test (a channel switched on)


# ----------------------------------------------------------------------------- the forms
def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _pegawai_rhk(org) -> str:
    from appraisal.plans.models import Skp

    return str(Skp.objects.filter(employee=org.pegawai).latest("pk").rhks.first().public_id)


def _kasi_rhk(org) -> str:
    from appraisal.plans.models import Skp
    from tests.appraisal.matrix_rows_realisation import _approved_skp

    _approved_skp(org)
    return str(Skp.objects.get(employee=org.ppk, status="approved").rhks.get().public_id)


def _form(cls, **kwargs):
    return lambda org, url_kwargs: [cls(**kwargs)]


def _entry_pk() -> int:
    """A library entry an example plan may be built on."""
    from indicators.models import LibraryEntry
    from tests.indicators.helpers import make_entry

    found = LibraryEntry.objects.filter(rhk="RHK untuk contoh").first()
    return (found or make_entry(rhk="RHK untuk contoh")).pk


# WhatsApp switched on, every message written to nowhere (CHANNEL_DRY_RUN_FILE) instead of sent.
WHATSAPP_ON = {
    "WHATSAPP_API_URL": "http://127.0.0.1:9/v21.0",
    "WHATSAPP_PHONE_NUMBER_ID": "1",
    "WHATSAPP_TOKEN": "uji",
    "CHANNEL_DRY_RUN_FILE": os.devnull,
}


def _channel_form(name: str):
    def forms(org, url_kwargs):
        from notifications.channels import forms as channel_forms

        return [getattr(channel_forms, name)(prefix=url_kwargs["channel"])]

    return forms


def _code_pending(org, client) -> None:
    from notifications.channels.addresses import _digest
    from notifications.models import ChannelAddress

    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        secret_hash=_digest("123456"), secret_sent_at=timezone.now(),
    )  # fmt: skip


def _number_confirmed(org, client) -> None:
    from notifications.models import ChannelAddress

    ChannelAddress.objects.create(
        user=org.pegawai.user, channel="whatsapp", address="6281234567890",
        verified_at=timezone.now(),
    )  # fmt: skip


def _row_form(org, url_kwargs):
    from appraisal.evaluation.models import Evaluation
    from appraisal.evaluation.views.scoring import _row_form as row_form

    return [row_form(Evaluation.objects.get(public_id=url_kwargs["public_id"]))]


def _session_scores(org, url_kwargs) -> dict:
    from feedback.choices import SESSION_STATEMENTS

    return {f"score_{key}": "4" for key in SESSION_STATEMENTS}


def _survey_answers(org, url_kwargs) -> dict:
    from indicators.choices import BerakhlakValue

    return {f"rating_{value}": "SESUAI_EKSPEKTASI" for value in BerakhlakValue.values}


def _redeemed_link(org, client) -> None:
    from accounts.logins.services import token_issue_link

    _token, secret = token_issue_link(org.pegawai.user, "reset", actor=actor(org.admin_bkd))
    client.get(_url("account:redeem_link", {"secret": secret}))


def _reset_confirm_url(org, client) -> str:
    """Django's reset link: its token is swapped for "set-password" once it has been opened."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = org.pegawai.user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    opened = client.get(_url("password_reset_confirm", {"uidb64": uidb64, "token": token}))
    assert opened.status_code == 302, opened.status_code
    return opened.url


def _held_login(org, client) -> None:
    """The pegawai has an authenticator and typed the right password: the code is asked."""
    from tests.accounts.twofactor_helpers import enrol, password_step

    enrol(org.pegawai.user)
    password_step(client, "pegawai")


def _closed_period(org, client) -> None:
    from appraisal.closing import services as closing
    from appraisal.cycles.models import Cycle

    closing.period_close(Cycle.objects.get(), 1, actor=actor(org.admin_bkd), confirm_gaps=True)


def _finalised_unit(org, client) -> None:
    """The calibration row's unit (Seksi Surveilans, period 1) finalised, so it can be reopened."""
    from appraisal.cycles.models import Cycle, UnitFinalisation

    UnitFinalisation.objects.get_or_create(
        cycle=Cycle.objects.get(),
        unit=org.surv,
        period=1,
        reopened_at=None,
        defaults={"finalised_by": org.atasan_ppk.user},
    )


def _closed_cycle(org, client) -> None:
    from appraisal.closing import services as closing
    from appraisal.cycles.models import Cycle

    closing.cycle_close(Cycle.objects.get(), actor=actor(org.admin_bkd), confirm_gaps=True)


IKI_ROW = {
    "iki-0-aspek": "kuantitas",
    "iki-0-indicator": TEXT,
    "iki-0-target_value": "12",
    "iki-0-target_unit": "laporan",
}
LIBRARY_ROW = {
    "indicators-0-aspek": "kuantitas",
    "indicators-0-indicator": TEXT,
    "indicators-0-target_value": "12",
    "indicators-0-target_unit": "laporan",
}
REFUSED_HIDDEN = frozenset({200, 400})  # a tampered hidden field of a fragment: 400 and why

FORMS: dict[str, Entry] = {
    # ----- accounts
    "login": Entry("anonymous", valid={"username": "pegawai", "password": "bukan-sandinya"}),
    "password_change": Entry(
        "pegawai",
        valid={
            "old_password": PASSWORD,
            "new_password1": "Sandi-baru-2026!",
            "new_password2": "Sandi-baru-2026!",
        },
    ),
    "password_reset": Entry("anonymous", valid={"email": "pegawai@contoh.go.id"}),
    "account:redeem_code": Entry(
        "anonymous", valid=lambda org, kw: {"nip": org.pegawai.nip, "code": "ABCD-1234"}
    ),
    "account:set_password": Entry(
        "anonymous",
        setup=_redeemed_link,
        valid={"new_password1": "Sandi-baru-2026!", "new_password2": "Sandi-baru-2026!"},
    ),
    "password_reset_confirm": Entry(
        "anonymous",
        url=_reset_confirm_url,
        valid={"new_password1": "Sandi-baru-2026!", "new_password2": "Sandi-baru-2026!"},
    ),
    "org:unit_create": Entry(
        "admin_opd",
        valid=lambda org, kw: {
            "code": "DINKES.UJI",
            "name": TEXT,
            "kind": "bidang",
            "parent": str(org.dinkes.pk),
        },
    ),
    "org:unit_edit": Entry("admin_opd", valid={"name": TEXT}),
    "org:position_create": Entry(
        "admin_opd",
        valid=lambda org, kw: {
            "name": TEXT,
            "kind": "pelaksana",
            "unit": str(org.surv.pk),
            "parent": str(org.kasi_pos.pk),
        },
    ),
    "org:position_edit": Entry("admin_opd", valid={"name": TEXT}),
    "org:employee_create": Entry(
        "admin_opd",
        valid=lambda org, kw: {
            "nip": "198001012005011999",
            "name": TEXT,
            "position": str(org.staff_pos.pk),
            "start_date": _today(),
        },
    ),
    "org:employee_edit": Entry("admin_opd", valid={"name": TEXT, "reason": TEXT}),
    "org:employee_transfer": Entry(
        "admin_opd",
        valid=lambda org, kw: {
            "position": str(org.kabid_pos.pk),
            "start_date": _today(),
            "note": TEXT,
        },
    ),
    "org:employee_acting": Entry(
        "admin_opd",
        valid=lambda org, kw: {
            "kind": "plh",
            "position": str(org.kabid_pos.pk),
            "start_date": _today(),
            "note": TEXT,
        },
    ),
    "org:employee_override": Entry(
        "admin_bkd",
        valid=lambda org, kw: {"ppk": org.atasan_ppk.nip, "start_date": _today(), "reason": TEXT},
    ),
    "org:assignment_end": Entry(
        "admin_opd",
        forms=_form(EndForm),
        valid={"end_date": "2026-12-31", "reason": TEXT},
        redirects=True,
    ),
    "org:agency_edit": Entry("admin_bkd", valid={"name": TEXT}),
    "org:role_list": Entry(
        "admin_bkd",
        valid=lambda org, kw: {
            "account": "kasi",
            "kind": "admin_opd",
            "opd": str(org.dinkes.pk),
            "reason": TEXT,
        },
    ),
    "org:role_revoke": Entry(
        "admin_bkd",
        forms=None,
        raw={"reason": Raw("text", 255)},
        valid={"reason": TEXT},
        redirects=True,
    ),
    "org:account_deactivate": Entry(
        "admin_opd",
        forms=_form(AccountReasonForm),
        valid={"reason": TEXT},
        redirects=True,
    ),
    "org:account_reactivate": Entry(
        "admin_opd",
        forms=_form(AccountReasonForm),
        valid={"reason": TEXT},
        redirects=True,
    ),
    "org:twofactor_reset": Entry(
        "admin_bkd",
        forms=_form(AccountReasonForm),
        valid={"reason": TEXT},
        redirects=True,
    ),
    "twofactor:verify": Entry("anonymous", setup=_held_login, valid={"code": "123456"}),
    "twofactor:enrol": Entry("pegawai", valid={"code": "123456"}),
    "twofactor:regenerate": Entry(
        "pegawai", forms=_form(ProofForm), valid={"proof": "bukan-sandinya"}, redirects=True
    ),
    "twofactor:remove": Entry(
        "pegawai", forms=_form(ProofForm), valid={"proof": "bukan-sandinya"}, redirects=True
    ),
    "account_admin:send_links": Entry(
        "admin_opd",
        forms=None,
        raw={"nip": Raw("text", 18)},
        valid=lambda org, kw: {},
        redirects=True,
    ),
    "account_admin:print_slips": Entry(
        "admin_opd",
        forms=None,
        raw={"nip": Raw("text", 18)},
        valid=lambda org, kw: {},
        redirects=True,
    ),
    "imports:upload": Entry("admin_opd"),
    # ----- appraisal: cycles and windows
    "appraisal:cycle_create": Entry(
        "admin_bkd", valid={"year": "2031", "frequency": "triwulanan", "objection_days": "14"}
    ),
    "appraisal:window_edit": Entry("admin_bkd", valid={"reason": TEXT}),
    "appraisal:window_extend": Entry(
        "admin_bkd",
        valid=lambda org, kw: {
            "scope": "employee",
            "nip": org.pegawai.nip,
            "closes_on": "2031-01-31",
            "reason": TEXT,
        },
    ),
    "appraisal:waiver_grant": Entry(
        "admin_bkd", valid=lambda org, kw: {"nip": org.pegawai.nip, "reason": TEXT}
    ),
    # ----- appraisal: the work plan
    "appraisal:rhk_create": Entry(
        "pegawai", forms=("form", "formset"), valid={"text": TEXT, "section": "tambahan", **IKI_ROW}
    ),
    "appraisal:rhk_edit": Entry("pegawai", forms=("form", "formset"), valid={"text": TEXT}),
    "appraisal:lampiran_edit": Entry("pegawai"),
    "appraisal:skp_approach": Entry(
        "pegawai",
        forms=_form(ApproachForm),
        valid={"approach": "kuantitatif"},
        redirects=True,
    ),
    "appraisal:rhk_from_library": Entry(
        "pegawai", forms=None, raw={"library_entry": Raw("uuid", not_found=True)}, redirects=True
    ),
    "appraisal:skp_copy_example": Entry(
        "pegawai", forms=None, raw={"example": Raw("uuid", not_found=True)}, redirects=True
    ),
    "appraisal:skp_return": Entry(
        "ppk",
        forms=_form(ReturnForm),
        valid={"notes": TEXT},
        redirects=True,
    ),
    "appraisal:skp_revise": Entry(
        "pegawai",
        forms=_form(ReviseForm),
        valid={"reason": TEXT},
        redirects=True,
    ),
    "appraisal:expectations_edit": Entry("ppk"),
    "appraisal:hand_down": Entry(
        "ppk",
        forms=None,
        raw={"rhk": Raw("uuid", not_found=True), "employees": Raw("text", 18)},
        valid=lambda org, kw: {"rhk": _kasi_rhk(org), "employees": org.pegawai.nip},
        redirects=True,
    ),
    # ----- appraisal: the year's work
    "appraisal:daily_log": Entry(
        "pegawai",
        valid=lambda org, kw: {
            "day": _today(),
            "target": f"rhk:{_pegawai_rhk(org)}",
            "activity": TEXT,
        },
    ),
    "appraisal:realisation": Entry("pegawai"),
    "appraisal:evidence_add": Entry(
        "pegawai",
        forms=_form(EvidenceForm),
        valid=lambda org, kw: {
            "rhk": _pegawai_rhk(org),
            "link": "https://contoh.go.id/laporan",
            "description": TEXT,
        },
    ),
    "appraisal:evaluation": Entry("ppk", valid={"notes": TEXT}),
    "appraisal:team_scoring_row": Entry("ppk", forms=_row_form, htmx=True, hidden=("version",)),
    "appraisal:objection_file": Entry("pegawai"),
    "appraisal:objection_message": Entry(
        "pegawai",
        page="appraisal:objection_detail",
        forms=("message_form",),
        valid={"text": TEXT},
        # Whom a question is for is the Atasan PPK's to choose: not on the employee's page, and
        # ignored when they post it.
        skip=("to",),
    ),
    "appraisal:objection_decide": Entry(
        "atasan_ppk",
        page="appraisal:objection_detail",
        forms=("decision_form",),
        valid={"outcome": "rejected", "notes": TEXT},
    ),
    # The admin BKD sets it on behalf of the leader one level up: the reason is on the page.
    "appraisal:unit_predicate_set": Entry(
        "admin_bkd",
        page="appraisal:calibration",
        forms=("predicate_form",),
        valid={"reason": TEXT},
    ),
    "appraisal:unit_finalise": Entry(
        "atasan_ppk", page="appraisal:calibration", forms=("finalise_form",)
    ),
    "appraisal:unit_reopen": Entry(
        "admin_bkd",
        page="appraisal:calibration",
        forms=("reopen_form",),
        valid={"reason": TEXT},
        setup=_finalised_unit,
    ),
    "appraisal:distribution_limits": Entry(
        "admin_bkd", forms=("form", "formsets"), valid={"reason": TEXT}
    ),
    "appraisal:period_reopen": Entry(
        "admin_bkd", forms=None, raw={"reason": Raw("text")}, setup=_closed_period, redirects=True
    ),
    "appraisal:cycle_reopen": Entry(
        "admin_bkd", forms=None, raw={"reason": Raw("text")}, setup=_closed_cycle, redirects=True
    ),
    # ----- feedback
    "feedback:thread_reply": Entry(
        "pegawai",
        forms=_form(MessageForm),
        valid={"text": TEXT},
        htmx=True,
    ),
    "feedback:thread_start": Entry(
        "pegawai",
        forms=_form(StartForm),
        valid=lambda org, kw: {"text": TEXT, "subject": "rhk", "target": _pegawai_rhk(org)},
        htmx=True,
        statuses=REFUSED_HIDDEN,
        extra_cases=(
            ("a superscript digit as the id of an IKI", {"subject": "iki", "target": "²"}, 404),
            ("a huge number as the id of an IKI", {"subject": "iki", "target": "9" * 60}, 404),
        ),
    ),
    "feedback:session_create": Entry(
        "ppk",
        forms=("form", "follow_ups"),
        valid={"kind": "coaching", "topic": TEXT, "agreements": TEXT},
    ),
    "feedback:session_rate": Entry("pegawai", valid=_session_scores),
    "feedback:survey_open": Entry("ppk"),
    "feedback:survey_answer": Entry("pegawai", valid=_survey_answers),
    # The public page behind a document's QR: a PDF to compare, or the SHA-256 the browser wrote
    # into the hidden field (static/js/verification.js).
    "verification:document": Entry("anonymous", valid={"sha256": "0" * 64}, hidden=("sha256",)),
    "public:form": Entry(
        "anonymous",
        valid={"keramahan": "4", "kecepatan": "4", "kejelasan": "4", "website": ""},
        # The stamp is signed by the server, the website field a honeypot hidden from people:
        # neither is typed, and the form says nothing about them on purpose.
        skip=("stamp", "website"),
    ),
    "feedback:public_hide": Entry(
        "admin_opd",
        forms=_form(ModerationReasonForm),
        valid={"reason": TEXT},
        redirects=True,
    ),
    "feedback:public_unhide": Entry(
        "admin_opd",
        forms=_form(ModerationReasonForm),
        valid={"reason": TEXT},
        redirects=True,
    ),
    "feedback:public_channel_employee": Entry(
        "admin_opd",
        forms=_form(EmployeeChannelForm),
        valid=lambda org, kw: {"nip": org.pegawai.nip},
        redirects=True,
    ),
    # ----- indicators, notifications, reports
    "indicators:entry_create": Entry(
        "admin_bkd",
        forms=("form", "formset"),
        valid={"sector": "kesehatan", "rhk": TEXT, **LIBRARY_ROW},
    ),
    "indicators:entry_edit": Entry("admin_bkd", forms=("form", "formset"), valid={"rhk": TEXT}),
    "indicators:example_create": Entry(
        "admin_bkd",
        valid=lambda org, kw: {"title": TEXT, "match_terms": "perawat", "utama": [_entry_pk()]},
    ),
    "indicators:example_edit": Entry("admin_bkd", valid={"title": TEXT}),
    # The admin BKD opens a practice cycle: a bad number of days or an OPD that is none is said.
    "appraisal:practice_open": Entry(
        "admin_bkd",
        page="appraisal:practice",
        forms=("open_form",),
        valid=lambda org, kw: {"title": TEXT, "opds": [org.dinkes.pk], "days": "7"},
    ),
    "notifications:preferences": Entry("pegawai"),
    "notifications:channel_phone": Entry(
        "pegawai", forms=_channel_form("PhoneForm"), settings=WHATSAPP_ON
    ),
    "notifications:channel_code": Entry(
        "pegawai", forms=_channel_form("CodeForm"), settings=WHATSAPP_ON, setup=_code_pending
    ),
    "notifications:channel_mode": Entry(
        "pegawai",
        forms=_channel_form("ModeForm"),
        settings=WHATSAPP_ON,
        setup=_number_confirmed,
        redirects=True,
    ),
    "reports:export": Entry(
        "admin_opd",
        forms=None,
        raw={
            "year": Raw("number"),
            "opd": Raw("text", 20, not_found=True),
            "period": Raw("number"),
        },
        redirects=True,
    ),
    # The admin BKD issues a key to another system: a bad date or an OPD that is no OPD is said.
    "interchange:api_keys": Entry(
        "admin_bkd",
        valid=lambda org, kwargs: {
            "name": TEXT,
            "whole_agency": "on",
            "expires_on": _a_year_from_today(),
        },
    ),
    # ----- tpp
    # The numbers keep what the form shows (the example scheme): a reason makes it valid.
    "tpp:scheme_edit": Entry("admin_bkd", valid={"reason": TEXT}),
    "tpp:scheme_posts": Entry("admin_bkd", valid={"reason": TEXT}),
    "tpp:recap_upload": Entry("admin_opd", valid=lambda org, kw: {"opd": org.dinkes.code}),
    "tpp:penalties": Entry(
        "admin_opd",
        forms=("penalty_form",),
        valid=lambda org, kw: {
            "penalty-nip": org.pegawai.nip,
            "penalty-level": "ringan_teguran_tertulis",
            "penalty-percent": "10",
            "penalty-first_month": "2026-01-01",
            "penalty-months": "3",
            "penalty-decree_number": TEXT,
            "penalty-decree_date": "2025-12-20",
        },
    ),
}


def _a_year_from_today() -> str:
    import datetime as dt

    from django.utils import timezone

    return (timezone.localdate() + dt.timedelta(days=365)).isoformat()


# The signing pages exist only with ESIGN_BACKEND set, which the matrix runs without:
# tests/appraisal/test_signing.py posts their malformed secrets and boxes with a backend.
WITH_A_SIGNING_BACKEND = (
    "only with ESIGN_BACKEND: tests/appraisal/test_signing.py sends malformed signing input"
)

# Views that take no typed input: a button whose only field, if any, is `next` (followed only
# when it stays on this site) or a flag.
BUTTON = "a button: no input besides `next`, which is only followed on this site"
NO_INPUT: dict[str, str] = dict.fromkeys(
    (
        "org:account_send_link",
        "org:account_print_code",
        "org:override_end",
        "account:session_end",
        "account:sessions_end_others",
        "appraisal:cycle_open",
        "appraisal:skp_start",
        "appraisal:skp_copy_previous",
        "appraisal:rhk_delete",
        "appraisal:skp_submit",
        "appraisal:skp_approve",
        "appraisal:revision_discard",
        "appraisal:evaluation_finalise",
        "appraisal:evaluation_acknowledge",
        "appraisal:daily_log_delete",
        "appraisal:realisation_submit",
        "appraisal:evidence_delete",
        "appraisal:reminders_send",
        "appraisal:reminders_retry",
        "appraisal:reminders_resend",
        "appraisal:reminders_resend_all",
        "notifications:channel_remove",
        "notifications:telegram_start",
        "feedback:thread_follow_up",
        "feedback:follow_up_done",
        "feedback:public_channels_create",
        "feedback:public_channel_activate",
        "feedback:public_channel_deactivate",
        "indicators:entry_toggle",
        "indicators:example_toggle",
        "appraisal:practice_enter",
        "appraisal:practice_leave",
        "notifications:open",
        "notifications:mark_all_read",
    ),
    BUTTON,
) | {
    "appraisal:rhk_move": "`direction` is up, or anything else is down: no value is malformed",
    "appraisal:period_close": "`confirm_gaps` is a tick box: anything but on/1/true is unticked",
    "appraisal:cycle_close": "`confirm_gaps` is a tick box: anything but on/1/true is unticked",
    "appraisal:practice_wipe": "`confirm` is a tick box: anything but on/1/true is unticked",
    "set_language": "Django's view: an unknown language or a foreign `next` is ignored",
    "org:signing_certificate_withdraw": BUTTON,
    "interchange:api_key_revoke": BUTTON,
    "interchange:siasn_retry": BUTTON,
    # `year`: four digits, or the latest cycle's year: no value is malformed.
    "interchange:siasn_retry_all": BUTTON,
    "interchange:siasn_check_references": BUTTON,
    "interchange:siasn_push_year": BUTTON,
    "tpp:compute_all": BUTTON,
    "notifications:telegram_webhook": "Telegram's JSON update, not a form: a body that is not "
    "JSON, a missing secret or a stale token are tested in tests/notifications/test_channel_views.py",
    "tpp:compute_opd": BUTTON,
    "guide:tour_seen": "`completed` is 1 (the tour's last step was reached) or anything else: "
    "no value is malformed",
    "tpp:month_lock": BUTTON,
    "tpp:scheme_start": BUTTON,
    "tpp:penalty_remove": "`reason`: any text is a reason; a blank one is refused with a message",
    "tpp:exemption_remove": "`reason`: any text is a reason; a blank one is refused with a message",
    "tpp:month_reopen": "`reason`: any text is a reason; a blank one is refused with a message",
    "interchange:siasn_pull_start": (
        "only with SIASN configured (the form is shown only then): "
        "tests/interchange/test_siasn_pull.py posts malformed NIPs"
    ),
    "appraisal:signing_code": BUTTON,
    **dict.fromkeys(
        (
            "appraisal:documents_to_sign",
            "appraisal:skp_approve_and_sign",
            "appraisal:evaluation_finalise_and_sign",
            "appraisal:objection_decide_and_sign",
            "appraisal:unit_predicate_set_and_sign",
            "org:signing_certificates",
        ),
        WITH_A_SIGNING_BACKEND,
    ),
}


# ----------------------------------------------------------------------------------- engine
@cache
def _indonesian_patterns() -> tuple[frozenset, tuple]:
    """Every Indonesian message of the catalogue: exact strings, and regexes for those with
    placeholders."""
    exact, patterns = set(), []
    placeholder = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
    for _key, message in trans_real.translation("id")._catalog.items():
        if not isinstance(message, str) or not message.strip():
            continue
        if placeholder.search(message):
            parts = placeholder.split(message)
            if sum(c.isalpha() for c in "".join(parts)) < 4:
                continue  # "%(name)s %(title)s" says nothing about the language
            patterns.append(re.compile("^" + "(.+?)".join(map(re.escape, parts)) + "$", re.S))
        else:
            exact.add(message)
    return frozenset(exact), tuple(patterns)


def is_indonesian(message: str) -> bool:
    exact, patterns = _indonesian_patterns()
    message = str(message).strip()
    return message in exact or any(p.match(message) for p in patterns)


def _kind(f: forms.Field) -> str | None:
    if isinstance(f, forms.BooleanField | InlineForeignKeyField):
        return None  # a tick box takes anything; the parent of an inline row is not posted
    if isinstance(f, forms.FileField):
        return "file"
    if isinstance(f, forms.DecimalField | forms.FloatField | forms.IntegerField):
        return "number"
    if isinstance(f, forms.DateField):
        return "date"
    if isinstance(f, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return "model_choice"
    if isinstance(f, forms.ChoiceField):
        return "choice"
    if isinstance(f, forms.UUIDField):
        return "uuid"
    if isinstance(f, forms.EmailField):
        return "email"
    if isinstance(f, forms.URLField):
        return "url"
    if isinstance(f, forms.CharField):
        return "text"
    raise AssertionError(f"No bad values for {type(f).__name__}: add its kind to _kind")


@dataclass
class Field:
    key: str
    kind: str
    max_length: int | None = None
    shown_back: bool = True  # what was typed comes back in the re-shown form
    hidden: bool = False  # not typed: a bad value is tampering, refused without a word is fine
    plain_text: bool = False  # any text is valid here
    not_found: bool = False

    def bad_values(self) -> list:
        values = list(BAD[self.kind])
        if OVERLONG in values and (self.max_length is None or self.max_length >= len(OVERLONG)):
            values.remove(OVERLONG)  # unbounded text: 10,000 characters are fine
        return values


def _browser_value(bound) -> Any:
    """What a browser submits for a field as the page shows it."""
    value = bound.value()
    if isinstance(bound.field, forms.MultipleChoiceField):
        return [str(v) for v in value or []]
    if isinstance(bound.field, forms.BooleanField):
        return "on" if value else None
    if isinstance(bound.field, forms.FileField):
        return None
    if value is None:
        return ""
    return bound.field.widget.format_value(value) or ""


def _collect(form, data: dict, fields: list[Field], skip, hidden=()) -> None:
    for name, f in form.fields.items():
        key = form.add_prefix(name)
        value = _browser_value(form[name])
        if value is not None:
            data.setdefault(key, value)
        kind = _kind(f)
        if kind is None or f.disabled or key in skip or name in skip:
            continue
        widget = f.widget
        is_hidden = widget.is_hidden or name in hidden
        shown = not (
            kind in ("choice", "model_choice", "file")
            or isinstance(widget, forms.PasswordInput)
            or is_hidden
        )
        fields.append(
            Field(
                key=key,
                kind=kind,
                max_length=getattr(f, "max_length", None),
                shown_back=shown,
                hidden=is_hidden,
                plain_text=type(f) is forms.CharField and not is_hidden,
            )
        )


def _walk(value, depth=0):
    """Forms and formsets anywhere in a template context value (inside dicts and lists, too)."""
    if isinstance(value, forms.BaseForm | BaseFormSet):
        yield value
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, depth + 1)
    elif depth < 3 and isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item, depth + 1)


def _discover(entry: Entry, org, kwargs, client, url) -> tuple[dict, list[Field]]:
    data: dict = {}
    fields: list[Field] = []
    if entry.forms is None:
        found = []
    elif callable(entry.forms):
        found = list(entry.forms(org, kwargs))
    else:
        page_url = _url(entry.page, kwargs) if entry.page else url
        response = client.get(page_url)
        assert response.status_code == 200, f"GET {page_url}: {response.status_code}"
        context = _flat(response)
        found = []
        for key in entry.forms:
            assert key in context, f"{page_url} has no {key!r} in its context"
            found += list(_walk(context[key]))
    for item in found:
        if isinstance(item, BaseFormSet):
            _collect(item.management_form, data, [], skip=())
            for form in item.forms:
                _collect(form, data, fields, entry.skip, entry.hidden)
        else:
            _collect(item, data, fields, entry.skip, entry.hidden)
    for key, spec in entry.raw.items():
        fields.append(
            Field(
                key=key,
                kind=spec.kind,
                max_length=spec.max_length,
                shown_back=False,
                plain_text=spec.kind == "text",
                not_found=spec.not_found,
            )
        )
    valid = entry.valid(org, kwargs) if callable(entry.valid) else dict(entry.valid)
    data.update(valid)
    for f in fields:
        if f.plain_text and valid.get(f.key, TEXT) != TEXT:
            f.plain_text = False  # a NIP, a code…: not free text
    return data, fields


def _contexts(response) -> list[dict]:
    """Each template's context, flattened (the test client keeps them all)."""
    context = response.context
    if context is None:
        return []
    if hasattr(context, "flatten"):
        return [context.flatten()]
    return [c.flatten() for c in context]


def _flat(response) -> dict:
    merged: dict = {}
    for context in reversed(_contexts(response)):
        merged.update(context)
    return merged


def _bound_forms(response) -> list:
    found = []
    for context in _contexts(response):
        for value in context.values():
            for item in _walk(value):
                if item.is_bound and all(item is not seen for seen in found):
                    found.append(item)
    return found


# How fragments and pages pass refusals to their templates besides forms and messages.
ERROR_KEYS = ("error", "problem", "file_errors")


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | Promise) and str(v)]
    return []


def _errors(response) -> tuple[dict[str, list[str]], list[str]]:
    """Field errors (by prefixed name) and the other refusals: non-field, formset, messages."""
    by_field: dict[str, list[str]] = {}
    other: list[str] = []
    for item in _bound_forms(response):
        if isinstance(item, BaseFormSet):
            other += [str(e) for e in item.non_form_errors()]
        for form in item.forms if isinstance(item, BaseFormSet) else [item]:
            for name, errors in form.errors.items():
                if name == NON_FIELD_ERRORS:
                    other += [str(e) for e in errors]
                else:
                    by_field.setdefault(form.add_prefix(name), []).extend(map(str, errors))
    for flat in _contexts(response):
        for key in ERROR_KEYS:
            other += _texts(flat.get(key))
        for value in flat.values():
            if isinstance(value, dict):
                other += [t for k in ERROR_KEYS for t in _texts(value.get(k))]
    stored = _flat(response).get("messages")
    if stored is not None:
        other += [str(m) for m in stored if m.level >= 30]
    return by_field, list(dict.fromkeys(other))


def _check_refusal(response, client, entry: Entry, bad: dict, typed: dict, fields, what) -> None:
    """`bad`: the values that must be refused; `typed`: everything that must come back."""
    status = response.status_code
    if all(fields[key].not_found for key in bad):
        assert status == 404, f"{what}: status {status}, expected 404 (names nothing)"
        return
    if entry.redirects:
        assert status == 302, f"{what}: status {status}, expected a redirect with a message"
        response = client.get(response.url)
    else:
        assert status in entry.statuses, f"{what}: status {status}"
    by_field, others = _errors(response)
    html = response.content.decode()
    if status == 400:
        others.append(html.strip())
    shown = [*others, *(e for errors in by_field.values() for e in errors)]
    for message in shown:
        assert is_indonesian(message), f"{what}: not an Indonesian message: {message!r}"
    tampered = all(fields[key].hidden for key in bad)
    if not tampered:
        assert shown, f"{what}: no error message"
        for message in shown:
            assert escape(message) in html, f"{what}: not on the page: {message!r}"
        if not others:
            missing = [key for key in bad if key not in by_field]
            assert not missing, f"{what}: no error for {missing}; errors: {by_field}"
    if not entry.redirects and status == 200:
        for key, value in typed.items():
            if isinstance(value, str) and "\x00" not in value and fields[key].shown_back:
                assert escape(value) in html, f"{what}: {key} is not shown back"
    assert RAW_SCRIPT not in html, f"{what}: markup from the input is not escaped"


def _post(client, url, data, entry: Entry):
    headers = {"HTTP_HX_REQUEST": "true"} if entry.htmx else {}
    files = {
        key: SimpleUploadedFile(value[0], value[1])
        for key, value in data.items()
        if isinstance(value, tuple)
    }
    plain = {key: value for key, value in data.items() if not isinstance(value, tuple)}
    return client.post(url, {**plain, **files}, **headers)


def _cases(fields: list[Field]) -> list[tuple[str, dict]]:
    """(description, bad values): one post per kind of field and bad value, with every field of
    that kind set to it (and, for the ids and codes that are not found, one post per field)."""
    cases = []
    for kind in sorted({f.kind for f in fields}):
        of_kind = [f for f in fields if f.kind == kind]
        values = list(dict.fromkeys(v for f in of_kind for v in f.bad_values()))
        for value in values:
            found = [f for f in of_kind if value in f.bad_values() and not f.not_found]
            if found:
                cases.append((f"{kind} {value!r:.30}", {f.key: value for f in found}))
            for f in of_kind:
                if f.not_found and value in f.bad_values():
                    cases.append((f"{f.key} {value!r:.30}", {f.key: value}))
    return cases


def _exotic_case(fields: list[Field]) -> tuple[dict, dict] | None:
    """Markup, SQL, emoji and control characters in every free-text field, made too long where
    the field has a limit (or, without limits, with a bad value in another field) so that the
    form comes back with them: (the values refused, everything posted); None when the form has
    no free-text field to carry them back."""
    free = [f for f in fields if f.plain_text]
    bounded = [f for f in free if f.max_length and f.max_length < len(OVERLONG)]
    if not free:
        return None
    typed = {f.key: EXOTIC + OVERLONG if f in bounded else EXOTIC for f in free}
    if bounded:
        return {f.key: typed[f.key] for f in bounded}, typed
    others = [f for f in fields if not f.plain_text and not f.not_found and not f.hidden]
    if others:
        spoiler = {others[0].key: others[0].bad_values()[0]}
    elif len(free) > 1:
        spoiler = {free[0].key: NUL}
    else:
        return None
    return spoiler, {**typed, **spoiler}


def _form_kind(name: str):
    """The object kind of a form's URL: its POST row's, or its matrix row's."""
    return POST_MATRIX[name][0] if name in POST_MATRIX else MATRIX[name][1]


def _page_kind(name: str):
    return MATRIX[name][1]


def run_entry(name: str, entry: Entry, org, kwargs: dict, login) -> None:
    """`kwargs`: the URL's, _kwargs(_form_kind(name), org) built on `org`; `login` the module's
    fixture."""
    client = login(entry.persona)
    if entry.setup:
        entry.setup(org, client)
    url = entry.url(org, client) if entry.url else _url(name, kwargs)
    data, fields = _discover(entry, org, kwargs, client, url)
    assert fields, f"{name}: no field to try"
    by_key = {f.key: f for f in fields}
    cases = [(what, bad, bad, None) for what, bad in _cases(fields)]
    cases += [(what, bad, bad, status) for what, bad, status in entry.extra_cases]
    exotic = _exotic_case(fields)
    if exotic:
        cases.append(("markup, SQL, emoji and control characters", *exotic, None))
    before = database_fingerprint()
    for description, bad, typed, status in cases:
        what = f"{entry.persona} POST {name} with {description}"
        response = _post(client, url, {**data, **typed}, entry)
        if status is None:
            _check_refusal(response, client, entry, bad, typed, by_key, what)
        else:
            assert response.status_code == status, f"{what}: {response.status_code}"
        # Nothing happens between one case's check and the next post: the fingerprint after
        # one is the fingerprint before the next.
        before = assert_nothing_changed(before, what)


# --------------------------------------------------------------------------- the coverage
def _callbacks(resolver=None, namespace=""):
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner != "admin:":
                yield from _callbacks(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _reads_post(callback) -> bool:
    from django.views.generic.edit import FormMixin

    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, FormMixin)  # Django's login and password views
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return False
    return "request.POST" in source


def _needs_an_entry() -> set[str]:
    names = {n for n, (method, _, _) in MATRIX.items() if method == "post"} | set(POST_MATRIX)
    return names | {name for name, callback in _callbacks() if _reads_post(callback)}


def test_every_form_has_an_entry():
    needs = _needs_an_entry()
    missing = sorted(needs - set(FORMS) - set(NO_INPUT))
    assert not missing, f"Views taking input without an entry in test_malformed_input.py: {missing}"
    both = sorted(set(FORMS) & set(NO_INPUT))
    assert not both, both
    stale = sorted((set(FORMS) | set(NO_INPUT)) - set(MATRIX))
    assert not stale, f"Entries for URL names that no longer exist: {stale}"


def test_the_indonesian_check_refuses_english():
    assert is_indonesian("Masukkan tanggal yang valid.")
    assert is_indonesian(
        "Pastikan nilai ini mengandung paling banyak 5 karakter (sekarang 9 karakter)."
    )
    assert not is_indonesian("Enter a valid date.")


@pytest.mark.parametrize(("name", "real"), by_kind(FORMS, _form_kind), indirect=["real"])
def test_malformed_input_is_refused(name, real, org, settings, login):
    for key, value in FORMS[name].settings.items():
        setattr(settings, key, value)
    # The public and account forms count posts per device: these are not an attack.
    settings.PUBLIC_FEEDBACK_RATE = settings.ACCOUNT_RATE = settings.VERIFY_RATE = "1000/m"
    settings.DOCUMENT_RATE = ""  # nor are many PDFs and exports asked for in a row
    run_entry(name, FORMS[name], org, real, login)


# ------------------------------------------------------------------ query strings (GET forms)
# Filters, searches and the pickers' htmx fragments read the query string: whatever it holds,
# the page answers (200, or 404 for a year or code that names nothing), never a server error,
# and shows nothing typed as markup.
GET_BAD = [NUL, OVERLONG, "²", "abc", "-1", "9" * 40, "2026-02-30", EXOTIC]
# Dates at the ends of the calendar (a week or a day around them overflows): each key alone too,
# so that a refusal of another key cannot hide a date read further on.
GET_DATES = ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]
# Alone, each key gets the two ends as dates, and the known date parameters (DATE_PARAMETERS) the
# times as well: the times are tried on every key at once too.
GET_DATES_ALONE = GET_DATES[:2]
GET_PERSONAS = ("admin_bkd", "admin_opd", "ppk", "pegawai", "anonymous")


def _get_keys(callback) -> set[str]:
    """The query-string keys a view's module reads, and those of the filters on its page."""
    module = inspect.getmodule(inspect.unwrap(callback))
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return set()
    return set(re.findall(r"request\.GET(?:\.get\(|\.getlist\(|\[)\s*[\"'](\w+)[\"']", source))


def _reads_htmx(name: str) -> bool:
    """The page's view module branches on an htmx request (request.htmx, the HX-Request header)."""
    module = inspect.getmodule(inspect.unwrap(dict(_callbacks())[name]))
    return bool(re.search(r"\.htmx\b|HX[-_]REQUEST", inspect.getsource(module), re.IGNORECASE))


def _filter_keys(response) -> set[str]:
    """The fields of the page's FilterSets, and of the forms it binds to the query string (a
    search form bound to request.GET: the page was read with a query string)."""
    import django_filters

    keys = set()
    for context in _contexts(response):
        for value in context.values():
            if isinstance(value, django_filters.FilterSet):
                keys |= {value.form.add_prefix(name) for name in value.form.fields}
    for form in _bound_forms(response):
        if isinstance(form, forms.BaseForm):
            keys |= {form.add_prefix(name) for name in form.fields}
    return keys


def _query_keys(name: str, client, url: str) -> set[str]:
    """Every query-string key of a page: those its module reads, its filters' and its GET forms'."""
    first = client.get(url)
    assert first.status_code == 200
    probed = client.get(url, {"q": "probe"})  # binds the forms that read the query string
    return (
        _get_keys(dict(_callbacks())[name]) | _filter_keys(first) | _filter_keys(probed) | {"page"}
    )


def _get_rows() -> list[str]:
    callbacks = dict(_callbacks())
    return sorted(
        name
        for name, (method, _kind, expected) in MATRIX.items()
        if method == "get"
        and name in callbacks
        and any(expected[p] == 200 for p in GET_PERSONAS)
        and _get_keys(callbacks[name])
    )


def _filter_pages() -> list[str]:
    """GET rows whose page shows a FilterSet or reads the query string, found by the module
    mentioning one or the other."""
    callbacks = dict(_callbacks())
    found = []
    for name, (method, _kind, expected) in MATRIX.items():
        if method != "get" or name not in callbacks:
            continue
        module = inspect.getmodule(inspect.unwrap(callbacks[name]))
        source = inspect.getsource(module)
        reads = "Filter(" in source or "request.GET" in source
        if reads and any(expected[p] == 200 for p in GET_PERSONAS):
            found.append(name)
    return sorted(set(found) | set(_get_rows()))


@pytest.mark.parametrize(("name", "real"), by_kind(_filter_pages(), _page_kind), indirect=["real"])
def test_query_strings_never_break_a_page(name, real, org, settings, login):
    settings.DOCUMENT_RATE = ""  # a PDF asked for with every bad query string is not an attack
    expected = MATRIX[name][2]
    persona = next(p for p in GET_PERSONAS if expected[p] == 200)
    url = _url(name, real)
    client = login(persona)
    keys = _query_keys(name, client, url)
    before = database_fingerprint()
    queries = [(dict.fromkeys(keys, value), {}) for value in GET_BAD + GET_DATES]
    # An htmx request renders another template only where the view asks for it: there with
    # every value, elsewhere once (the middleware's path).
    hx_values = GET_BAD + GET_DATES if _reads_htmx(name) else GET_BAD[:1]
    queries += [(dict.fromkeys(keys, value), {"HTTP_HX_REQUEST": "true"}) for value in hx_values]
    dated = DATE_PARAMETERS.get(name, set())
    queries += [
        ({key: value}, {})
        for key in sorted(keys)
        for value in (GET_DATES if key in dated else GET_DATES_ALONE)
    ]
    for query, headers in queries:
        response = client.get(url, query, **headers)
        what = f"{persona} GET {name} with {sorted(query)} = {next(iter(query.values()))!r:.30}"
        assert response.status_code in (200, 302, 404), f"{what}: {response.status_code}"
        if response.get("Content-Type", "").startswith("text/html"):
            assert RAW_SCRIPT not in response.content.decode(), f"{what}: markup not escaped"
    assert_nothing_changed(before, f"GET {name} with bad query strings")


# The date parameters known when this was written: the discovery above must keep finding them.
DATE_PARAMETERS = {
    "appraisal:daily_log": {"week"},
    "appraisal:team_daily_log": {"week"},
    "reports:audit": {"since", "until"},
    "feedback:public_moderation": {"start", "end"},
    "privacy:access_log": {"since", "until"},
}


@pytest.mark.parametrize(("name", "real"), by_kind(DATE_PARAMETERS, _page_kind), indirect=["real"])
def test_the_query_string_fuzz_reaches_every_date_parameter(name, real, org, login):
    assert name in _filter_pages()
    expected = MATRIX[name][2]
    persona = next(p for p in GET_PERSONAS if expected[p] == 200)
    keys = _query_keys(name, login(persona), _url(name, real))
    assert DATE_PARAMETERS[name] <= keys, sorted(keys)


def test_control_characters_typed_in_a_form_do_not_break_the_exports(org, login):
    """A bell or an escape is valid text for a form, but not for a workbook's XML: the exports
    leave them out instead of failing."""
    from tests.reports.matrix_rows import _export

    admin = login("admin_opd")
    edit = _url("org:employee_edit", {"nip": org.pegawai.nip})
    data = {
        **_discover(FORMS["org:employee_edit"], org, {}, admin, edit)[0],
        "name": "Rina\x07\x1b",
    }
    assert admin.post(edit, data).status_code == 302
    org.pegawai.refresh_from_db()
    assert org.pegawai.name == "Rina\x07\x1b"
    assert admin.get(_url("account_admin:export", {})).status_code == 200
    _export(org)
    # The completion recap names everyone who has not filled in yet: the pegawai among them.
    exported = admin.post(_url("reports:export", {"identifier": "completion_recap"}))
    assert exported.status_code == 200
    assert b"".join(exported.streaming_content)
