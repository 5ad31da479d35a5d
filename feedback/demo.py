"""Demo feedback for the demo agency (seed_demo runs seed_feedback, registered on
accounts.extensions.demo_seeders): each kind of feedback seeds its own in its `demo.py` (a
function `seed(today) -> dict` of counts)."""

from __future__ import annotations

from django.utils import timezone

from feedback.coaching import demo as demo_coaching
from feedback.public import demo as demo_public
from feedback.survey import demo as demo_survey
from feedback.threads import demo as demo_threads
from notifications.email import without_email

PARTS = {
    "threads": demo_threads,
    "coaching": demo_coaching,
    "survey": demo_survey,
    "public": demo_public,
}


def seed_feedback(today=None) -> dict:
    today = today or timezone.localdate()
    result = {}
    with without_email():  # demo data fills inboxes, e-mails nobody
        for name, part in PARTS.items():
            # seed_demo prints the integer counts: keep them flat.
            result.update({f"{name}_{key}": value for key, value in part.seed(today).items()})
    return result
