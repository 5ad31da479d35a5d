"""The demo threads and coaching records: seeded through the services on the demo agency, with
the demo logins involved, and seeding again changes nothing."""

import pytest
from django.utils import timezone

from feedback.coaching import demo as demo_coaching
from feedback.coaching.models import CoachingSession, SessionRating
from feedback.threads import demo as demo_threads
from feedback.threads.models import FeedbackThread
from tests import demo_snapshot

pytestmark = pytest.mark.django_db


def test_demo_threads_and_coaching(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    demo_snapshot.seed_demo()
    atasan_threads = FeedbackThread.objects.filter(skp__employee__user__username="atasan")
    team_threads = FeedbackThread.objects.exclude(pk__in=atasan_threads)
    assert team_threads.count() >= 2  # an RHK and a value (an IKI once a period has passed)
    assert team_threads.filter(followed_up_at__isnull=False).count() == 1
    assert all(t.messages.exists() for t in FeedbackThread.objects.all())
    pegawai_session = CoachingSession.objects.get(employee__user__username="pegawai")
    assert pegawai_session.held_by.user.username == "atasan"
    assert not hasattr(pegawai_session, "rating")  # the `pegawai` login has one to rate
    assert SessionRating.objects.count() == 1
    today = timezone.localdate()
    assert demo_threads.seed(today) == {"threads": 0, "messages": 0, "followed_up": 0}
    assert demo_coaching.seed(today) == {"sessions": 0, "follow_ups": 0, "ratings": 0}
