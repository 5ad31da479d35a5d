"""The public-feedback demo seeder: links for every unit, a few hundred answers, idempotent."""

import datetime as dt

import pytest

from feedback.public import demo as demo_public
from feedback.public.models import PublicChannel, PublicFeedback

pytestmark = pytest.mark.django_db


def test_seed_creates_links_and_answers_once(org):
    today = dt.date(2026, 5, 20)
    first = demo_public.seed(today)
    assert PublicChannel.objects.filter(employee__isnull=True).count() == 5  # every unit
    assert first["answers"] == PublicFeedback.objects.count() >= 300
    assert (
        PublicFeedback.objects.filter(hidden_at__isnull=False).exclude(hidden_reason="").count()
        == 2
    )
    assert not PublicFeedback.objects.filter(submitted_at__date__gt=today).exists()
    assert all(isinstance(v, int) for v in first.values())
    again = demo_public.seed(today)
    assert again == {"channels": 0, "answers": 0, "hidden": 0}
    assert PublicFeedback.objects.count() == first["answers"]
