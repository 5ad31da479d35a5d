"""The trail part of a person's data: what they wrote to others, the changes recorded about them
(the audit trail's search, reports.audit.selectors) and who opened their data (accounts.privacy).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.logins.models import User
from accounts.org.models import Employee
from accounts.privacy.models import AccessKind, PersonalDataAccess
from appraisal.objections.models import ObjectionMessage
from feedback.coaching.models import SessionRating
from feedback.threads.models import FeedbackMessage
from reports.audit import selectors as audit
from reports.privacy.tables import Column, Table, columns, rows_of, table

AUDIT_PAGE = 500
ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}

WRITTEN_COLUMNS = [
    Column("at", _("When")),
    Column("where", _("Where")),
    Column("concerning", _("Concerning")),
    Column("text", _("Text")),
]
CHANGE_COLUMNS = [
    Column("at", _("When")),
    Column("what", _("What")),
    Column("action", _("Action")),
    Column("record", _("Record")),
    Column("by", _("Done by")),
    Column("reason", _("Reason")),
    Column("changes", _("Changes")),
]


def written_by(user: User, employee: Employee | None) -> list[Table]:
    """The feedback the person wrote: thread messages, objection messages, coaching ratings."""
    records = [
        (m["created_at"], _("Feedback thread"), m["thread__skp__employee__name"], m["text"])
        for m in FeedbackMessage.objects.filter(author=user).values(
            "created_at", "thread__skp__employee__name", "text"
        )
    ]
    records += [
        (
            m["created_at"],
            _("Objection"),
            m["objection__evaluation__skp__employee__name"],
            m["text"],
        )
        for m in ObjectionMessage.objects.filter(author=user).values(
            "created_at", "objection__evaluation__skp__employee__name", "text"
        )
    ]
    if employee is not None:
        records += [
            (r["submitted_at"], _("Coaching rating"), r["session__topic"], _rating_text(r))
            for r in SessionRating.objects.filter(session__employee=employee).values(
                "submitted_at", "session__topic", "scores", "comment"
            )
        ]
    records.sort(key=lambda record: record[0])
    return [
        Table(
            "feedback_written",
            _("Feedback you wrote"),
            WRITTEN_COLUMNS,
            rows_of(WRITTEN_COLUMNS, records),
        )
    ]


def _rating_text(rating: dict) -> str:
    scores = ", ".join(f"{key}: {value}" for key, value in (rating["scores"] or {}).items())
    return f"{scores}. {rating['comment']}".strip(". ") if rating["comment"] else scores


def about(user: User, employee: Employee | None) -> list[Table]:
    """The changes recorded about the person and who opened their personal data."""
    return [
        Table("audit", _("Changes recorded about you"), CHANGE_COLUMNS, _changes(user, employee)),
        _accesses(user, employee),
    ]


def _changes(user: User, employee: Employee | None) -> list[dict]:
    records = []
    if employee is not None:
        criteria = audit.Criteria(employee_nip=employee.nip)
        cursor = None
        while True:
            entries, cursor = audit.search(criteria, cursor, page_size=AUDIT_PAGE)
            records += [_change(entry) for entry in entries]
            if cursor is None:
                break
    # The login account's own history (activation, deactivation): the account is theirs.
    for record in User.history.filter(id=user.pk).select_related("history_user"):
        records.append(
            (
                record.history_date,
                User._meta.verbose_name,
                ACTIONS.get(record.history_type, record.history_type),
                record.username,
                _who(record.history_user),
                record.history_change_reason or "",
                "",
            )
        )
    records.sort(key=lambda record: record[0])
    return rows_of(CHANGE_COLUMNS, records)


def _change(entry: audit.Entry) -> tuple:
    record = entry.record
    changes = "; ".join(
        f"{field}: {old or '—'} → {new or '—'}" for field, old, new in entry.changes
    )
    return (
        record.history_date,
        entry.source.name,
        ACTIONS.get(record.history_type, record.history_type),
        entry.label,
        _who(record.history_user),
        record.history_change_reason or "",
        changes,
    )


def _who(user: User | None) -> str:
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def _accesses(user: User, employee: Employee | None) -> Table:
    mine = Q(subject__isnull=True, user=user, kind=AccessKind.OWN_DATA)
    if employee is not None:
        mine |= Q(subject=employee)
    return table(
        "access_log",
        _("Who opened your data"),
        PersonalDataAccess.objects.filter(mine).order_by("at", "pk"),
        columns(
            PersonalDataAccess,
            "at",
            ("user__username", "user", _("Who")),
            ("user__employee__name", "user_name", _("Name")),
            "kind",
            "path",
            "scope",
        ),
    )
