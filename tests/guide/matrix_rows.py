"""Permission-matrix rows for the help centre: open to everyone, logged in or not."""

from tests.matrix import row

KINDS = {
    "guide_page": lambda org: {"slug": "menyusun-skp"},
    "guide_tour": lambda org: {"key": "pegawai"},  # every persona but the anonymous is employed
}

ROWS = {
    "guide:index": ("get", None, row(*[200] * 8)),
    "guide:page": ("get", "guide_page", row(*[200] * 8)),
    "guide:tour_seen": ("post", "guide_tour", row(302, *[204] * 7)),
}
