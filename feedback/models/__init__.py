"""The feedback app's data, one module per kind of feedback (domain §4)."""

from feedback.models.coaching import CoachingSession, FollowUp, SessionRating
from feedback.models.public import PublicChannel, PublicDrop, PublicFeedback
from feedback.models.survey import Answer360, Respondent360, Round360
from feedback.models.threads import FeedbackMessage, FeedbackThread

__all__ = [
    "Answer360",
    "CoachingSession",
    "FeedbackMessage",
    "FeedbackThread",
    "FollowUp",
    "PublicChannel",
    "PublicDrop",
    "PublicFeedback",
    "Respondent360",
    "Round360",
    "SessionRating",
]
