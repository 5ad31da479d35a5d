"""The indicator library in the permission matrix: curated by admin BKD, searched by everyone."""

from tests.indicators.helpers import make_entry, make_example
from tests.matrix import BKD_ONLY, EVERYONE_LOGGED_IN, row

ROWS = {
    "indicators:entry_list": ("get", None, BKD_ONLY),
    "indicators:entry_create": ("get", None, BKD_ONLY),
    "indicators:entry_edit": ("get", "library_entry", BKD_ONLY),
    "indicators:entry_toggle": (
        "post",
        "library_entry",
        row(302, 403, 403, 403, 403, 403, 403, 302),
    ),
    "indicators:example_list": ("get", None, BKD_ONLY),
    "indicators:example_create": ("get", None, BKD_ONLY),
    "indicators:example_edit": ("get", "example_plan", BKD_ONLY),
    "indicators:example_toggle": (
        "post",
        "example_plan",
        row(302, 403, 403, 403, 403, 403, 403, 302),
    ),
    "indicators:search": ("get", None, EVERYONE_LOGGED_IN),
    "indicators:coach": ("get", None, EVERYONE_LOGGED_IN),
}

POST_ROWS = {
    "indicators:entry_create": (None, BKD_ONLY),
    "indicators:entry_edit": ("library_entry", BKD_ONLY),
    "indicators:example_create": (None, BKD_ONLY),
    "indicators:example_edit": ("example_plan", BKD_ONLY),
}

KINDS = {
    "library_entry": lambda org: {"public_id": make_entry().public_id},
    "example_plan": lambda org: {"public_id": make_example().public_id},
}
