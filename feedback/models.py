"""Django loads the app's models from here; each kind of feedback keeps its own models.py."""

from feedback.coaching.models import CoachingSession, FollowUp, SessionRating
from feedback.public.models import (
    PublicChannel,
    PublicDrop,
    PublicFeedback,
    PublicFormStamp,
)
from feedback.survey.models import Answer360, Respondent360, Round360
from feedback.threads.models import FeedbackMessage, FeedbackThread

__all__ = [
    "Answer360",
    "CoachingSession",
    "FeedbackMessage",
    "FeedbackThread",
    "FollowUp",
    "PublicChannel",
    "PublicDrop",
    "PublicFeedback",
    "PublicFormStamp",
    "Respondent360",
    "Round360",
    "SessionRating",
]
