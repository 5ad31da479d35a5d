"""The demo's 360 input: a finished round the `atasan` can read, a request waiting for `pegawai`."""

import pytest
from django.utils import timezone

from feedback.survey import demo as demo_survey
from feedback.survey.models import Answer360, Respondent360, Round360, answers_visible
from tests import demo_snapshot

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_round_and_a_pending_request():
    demo_snapshot.seed_demo()
    finished = Round360.objects.get(employee__user__username="pegawai")
    assert finished.requested_by.user.username == "atasan"
    answered = finished.respondents.filter(answered_at__isnull=False).count()
    assert answered >= 3 and answers_visible(answered)
    assert Answer360.objects.filter(round=finished).exclude(comment="").exists()
    assert Respondent360.objects.filter(
        respondent__user__username="pegawai", answered_at__isnull=True
    ).exists()
    # Idempotent: a second run adds nothing.
    before = (Round360.objects.count(), Answer360.objects.count())
    assert demo_survey.seed(timezone.localdate()) == {"rounds": 0, "requests": 0, "answers": 0}
    assert (Round360.objects.count(), Answer360.objects.count()) == before
