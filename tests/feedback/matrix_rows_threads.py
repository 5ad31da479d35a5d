"""Permission-matrix rows for feedback threads (umpan balik berkelanjutan).

The pegawai's approved SKP (under kadis → kabid → kasi) carries one thread the pegawai started;
the kasi (ppk persona) is the other party. The kabid (atasan_ppk) may see the SKP but reads
threads only while an objection they decide is open (none here): 403, like the heads and admins
who see the SKP; the other OPD's admin gets 404. The matrix posts empty data: the parties get the
refusal in the page (200), a malformed start is a 400.
"""

from tests.matrix import EVERYONE_LOGGED_IN, row

PARTIES_READ = row(302, 200, 200, 403, 403, 403, 404, 403)
PARTIES_POST = row(302, 200, 200, 403, 403, 403, 404, 403)
PARTIES_FOLLOW_UP = row(302, 302, 302, 403, 403, 403, 404, 403)
PARTIES_START = row(302, 400, 400, 403, 403, 403, 404, 403)


def _thread(org):
    from feedback.threads import services as threads
    from feedback.threads.models import FeedbackThread
    from tests.actors import actor
    from tests.feedback.fixtures_threads import approved_skp

    skp = approved_skp(org)
    found = FeedbackThread.objects.filter(skp=skp).first()
    if found is None:
        found = threads.thread_start(
            skp, "Mohon arahan.", actor=actor(org.pegawai), rhk=skp.rhks.get()
        )
    return {"public_id": found.public_id}


def _skp(org):
    from tests.feedback.fixtures_threads import approved_skp

    return {"public_id": approved_skp(org).public_id}


KINDS = {"feedback_thread": _thread, "feedback_thread_skp": _skp}

ROWS = {
    "feedback:thread_list": ("get", None, EVERYONE_LOGGED_IN),
    "feedback:thread_detail": ("get", "feedback_thread", PARTIES_READ),
    "feedback:thread_reply": ("post", "feedback_thread", PARTIES_POST),
    "feedback:thread_follow_up": ("post", "feedback_thread", PARTIES_FOLLOW_UP),
    "feedback:thread_start": ("post", "feedback_thread_skp", PARTIES_START),
}
