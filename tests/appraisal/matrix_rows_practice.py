"""Permission-matrix rows for the practice cycle (issue 29.5): the admin BKD opens and wipes it;
its participants (Dinas Kesehatan's employees) and their admins enter it; anyone leaves it."""

from tests.matrix import EVERYONE_LOGGED_IN, row


def _practice(org):
    """A practice cycle for Dinas Kesehatan (once per case: each case is rolled back)."""
    from appraisal.cycles.models import Cycle
    from appraisal.practice import services
    from tests.actors import actor
    from tests.appraisal.matrix_rows import _cycle

    _cycle(org)
    if not Cycle.objects.filter(practice=True).exists():
        services.practice_open("Bimtek", [org.dinkes.pk], 7, actor=actor(org.admin_bkd))
    return {}


KINDS = {"practice": _practice}

ROWS = {
    "appraisal:practice": ("get", "practice", EVERYONE_LOGGED_IN),
    # The matrix posts an empty form: the admin BKD is shown what is missing.
    "appraisal:practice_open": ("post", None, row(302, 403, 403, 403, 403, 403, 403, 200)),
    # Participants and their admins enter; Dinas Pendidikan's admin does not.
    "appraisal:practice_enter": ("post", "practice", row(302, 302, 302, 302, 302, 302, 403, 302)),
    "appraisal:practice_leave": ("post", None, row(302, 302, 302, 302, 302, 302, 302, 302)),
    # The wipe unconfirmed: the admin BKD is asked to tick the box; everyone else is refused.
    "appraisal:practice_wipe": ("post", "practice", row(302, 403, 403, 403, 403, 403, 403, 200)),
}
