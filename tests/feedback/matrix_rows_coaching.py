"""Permission-matrix rows for dialog kinerja and coaching records.

One coaching session of the pegawai, held by the kasi (ppk persona), their PPK. The sessions and
the history are the employee's and their PPK's: others who may see the employee (the kabid and
kadis who head the units above, the DINKES admin, the BKD admin) get 403; the DISDIK admin 404.
The matrix posts no rating and no session: the form comes back (200) to those allowed.
"""

from tests.matrix import EVERYONE_LOGGED_IN, row

PARTIES = row(302, 200, 200, 403, 403, 403, 404, 403)
EMPLOYEE_ONLY = row(302, 200, 403, 403, 403, 403, 404, 403)
PARTIES_POST = row(302, 302, 302, 403, 403, 403, 404, 403)


def _session(org):
    from django.utils import timezone

    from feedback.coaching import services as coaching
    from feedback.coaching.models import CoachingSession
    from tests.actors import actor
    from tests.feedback.fixtures_threads import approved_skp

    approved_skp(org)  # the cycle of this year
    found = CoachingSession.objects.filter(employee=org.pegawai).first()
    if found is None:
        found = coaching.session_record(
            org.pegawai,
            actor=actor(org.ppk),
            kind="coaching",
            held_on=timezone.localdate(),
            topic="Penyusunan laporan",
            agreements="Laporan mingguan.",
            follow_ups=[("Buat templat", None)],
        )
    return found


def _follow_up(org):
    session = _session(org)
    return {"public_id": session.public_id, "follow_up_id": session.follow_ups.get().pk}


KINDS = {
    "coaching_session": lambda org: {"public_id": _session(org).public_id},
    "coaching_follow_up": _follow_up,
    "coaching_employee": lambda org: {"nip": org.pegawai.nip},
}

ROWS = {
    "feedback:my_sessions": ("get", None, EVERYONE_LOGGED_IN),
    "feedback:team_sessions": ("get", None, EVERYONE_LOGGED_IN),
    "feedback:employee_sessions": ("get", "coaching_employee", PARTIES),
    "feedback:session_create": ("get", "coaching_employee", PARTIES),
    "feedback:session_detail": ("get", "coaching_session", PARTIES),
    "feedback:session_rate": ("get", "coaching_session", EMPLOYEE_ONLY),
    "feedback:follow_up_done": ("post", "coaching_follow_up", PARTIES_POST),
}

POST_ROWS = {
    "feedback:session_create": ("coaching_employee", PARTIES),
    "feedback:session_rate": ("coaching_session", EMPLOYEE_ONLY),
}
