"""Fixtures for the public-feedback tests (imported by the test modules; no conftest here)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from feedback.public import services
from feedback.public.forms import make_stamp
from feedback.public.models import PublicFeedback
from tests.actors import actor


@pytest.fixture
def surv_channel(org):
    """The Seksi Surveilans' own public link."""
    return services.channel_for_unit(org.surv, actor=actor(org.admin_bkd))


@pytest.fixture
def no_wait(settings):
    """No minimum fill time, for tests about something else."""
    settings.PUBLIC_FEEDBACK_MIN_SECONDS = 0


def form_data(channel, **overrides) -> dict:
    data = {
        "keramahan": "5",
        "kecepatan": "4",
        "kejelasan": "3",
        "comment": "Petugas ramah, antrean agak lama.",
        "contact": "",
        "website": "",
        "stamp": make_stamp(channel.code),
    }
    data.update(overrides)
    return data


def add_feedback(channel, on: dt.date, scores=(5, 4, 3), comment="", client="c", hidden=False):
    """A stored submission on a day (noon, agency time)."""
    when = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    k, c, j = scores
    return PublicFeedback.objects.create(
        channel=channel,
        submitted_at=when,
        keramahan=k,
        kecepatan=c,
        kejelasan=j,
        comment=comment,
        client_hash=client,
        content_hash=f"{client}-{on}-{scores}-{comment}",
        hidden_at=when if hidden else None,
        hidden_reason="kasar" if hidden else "",
    )
