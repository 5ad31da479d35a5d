"""Permission-matrix rows for the personal data pages: the notice is public, everyone signed in
has their own data (the addresses name no one), and the access log is the admin BKD's."""

from tests.matrix import BKD_ONLY, EVERYONE_LOGGED_IN, row


def _own_data(org):
    return {"fmt": "json"}


KINDS = {"own_data_format": _own_data}

ROWS = {
    "privacy:notice": ("get", None, row(*[200] * 8)),
    "privacy:my_data": ("get", None, EVERYONE_LOGGED_IN),
    "privacy:my_data_download": ("get", "own_data_format", EVERYONE_LOGGED_IN),
    "privacy:access_log": ("get", None, BKD_ONLY),
}
