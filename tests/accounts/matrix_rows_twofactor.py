"""Permission-matrix rows for two-factor login and "Sesi aktif": one's own settings and sessions
for everyone signed in; resetting someone else's second factor is the admin BKD's alone (an admin
OPD sees the employee but may not: 403; another OPD's admin does not see them: 404)."""

import uuid

from tests.matrix import EVERYONE_LOGGED_IN, row


def _unknown_session(org):
    return {"public_id": uuid.uuid4()}


KINDS = {"unknown_session": _unknown_session}

ROWS = {
    "twofactor:manage": ("get", None, EVERYONE_LOGGED_IN),
    # Nothing owed: the signed-in go on, a visitor without a held login goes to the login page.
    "twofactor:verify": ("get", None, row(*[302] * 8)),
    "twofactor:enrol": ("get", None, EVERYONE_LOGGED_IN),
    # No new codes to show: back to the two-factor page.
    "twofactor:codes": ("get", None, row(*[302] * 8)),
    # Without the password or a code nothing changes: back to the two-factor page.
    "twofactor:regenerate": ("post", None, row(*[302] * 8)),
    "twofactor:remove": ("post", None, row(*[302] * 8)),
    "org:twofactor_reset": ("post", "employee", row(302, 403, 403, 403, 403, 403, 404, 302)),
    "account:sessions": ("get", None, EVERYONE_LOGGED_IN),
    # Someone else's session (or none) is not found.
    "account:session_end": ("post", "unknown_session", row(302, *[404] * 7)),
    "account:sessions_end_others": ("post", None, row(*[302] * 8)),
}
