"""Recording an opening of personal data: one INSERT, nothing read, from the view that showed it.

The view passes what it already holds (the acting person, the subject's id, the address), so a
page that shows personal data costs exactly one query more for someone else and nothing more for
the person themselves.
"""

from __future__ import annotations

from accounts.privacy.models import AccessKind, PersonalDataAccess
from core.actor import Actor

PATH_LENGTH = PersonalDataAccess._meta.get_field("path").max_length
SCOPE_LENGTH = PersonalDataAccess._meta.get_field("scope").max_length


def access_record(
    *,
    actor: Actor,
    kind: AccessKind,
    path: str,
    subject_id: int | None = None,
    scope: str = "",
) -> PersonalDataAccess | None:
    """Record that `actor` opened the personal data of employee `subject_id` (or, for an export
    of many people, what `scope` covered) at `path`. Nothing is recorded for the system, nor for
    a person opening their own page or record; the download of all one's own data always is
    (UU 27/2022: the subject's requests are accounted for too)."""
    if actor.is_system:
        return None
    if kind != AccessKind.OWN_DATA and actor.is_employee(subject_id):
        return None
    return PersonalDataAccess.objects.create(
        user_id=actor.user_id,
        subject_id=subject_id,
        kind=kind,
        path=path[:PATH_LENGTH],
        scope=scope[:SCOPE_LENGTH],
    )
