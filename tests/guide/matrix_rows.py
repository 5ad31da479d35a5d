"""Permission-matrix rows for the help centre: open to everyone, logged in or not."""

from tests.matrix import ADMINS_ONLY, row

KINDS = {
    "guide_page": lambda org: {"slug": "menyusun-skp"},
    "guide_tour": lambda org: {"key": "pegawai"},  # every persona but the anonymous is employed
}

ROWS = {
    "guide:index": ("get", None, row(*[200] * 8)),
    "guide:page": ("get", "guide_page", row(*[200] * 8)),
    "guide:tour_seen": ("post", "guide_tour", row(302, *[204] * 7)),
    # Each admin their own OPDs' figures (the other OPD's admin too: none is asked for by id).
    "guide:adoption": ("get", None, ADMINS_ONLY),
}
