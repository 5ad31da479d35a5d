"""The acting person of a service call in a test (core.actor.Actor)."""

from accounts.org.roles import actor_of_user
from core.actor import Actor


def actor(who) -> Actor:
    """`who` is a login user or an employee (then their user), acting with their roles today."""
    return actor_of_user(getattr(who, "user", who))


def system(reason: str = "test") -> Actor:
    return Actor.system(reason)
