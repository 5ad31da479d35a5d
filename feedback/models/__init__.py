"""The feedback app's data, one module per kind of feedback (domain §4)."""

from .coaching import CoachingSession, FollowUp, SessionRating
from .public import PublicChannel, PublicDrop, PublicFeedback
from .survey import Answer360, Respondent360, Round360
from .threads import FeedbackMessage, FeedbackThread

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
