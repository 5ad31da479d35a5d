"""Who makes a change. Every mutating service takes a required keyword `actor: Actor`.

A person acts with their login user and their roles today (accounts.org.roles.Roles: their
employee, the admin grants, the posts they head); build one with
`accounts.org.roles.actor_for(request)` or `actor_of_user(user)`. Tasks, imports, signals and demo
seeders act as `Actor.system(reason)`: no person, so no personal check applies, and the reason
says what acted. There is no "no actor": a service never skips its check because nobody was
named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Actor:
    # accounts.logins.models.User and accounts.org.roles.Roles; typed loosely because core sits
    # below accounts (import-linter).
    user: Any = None
    roles: Any = None
    reason: str = ""

    def __post_init__(self):
        if self.user is None and not self.reason:
            raise ValueError("An Actor is a person (user and roles) or Actor.system(reason).")
        if self.user is not None and self.roles is None:
            raise ValueError("A person acts with their roles: use accounts.org.roles.actor_for.")

    @classmethod
    def system(cls, reason: str) -> Actor:
        """A task, an import, a reaction to another change or the demo: not a person."""
        return cls(reason=reason)

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def employee(self):
        """The acting person's employee record, or None (an admin without one, the system)."""
        return None if self.roles is None else self.roles.employee

    @property
    def employee_id(self) -> int | None:
        employee = self.employee
        return None if employee is None else employee.pk

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else self.user.pk

    def is_user(self, user_id: int | None) -> bool:
        """The acting person is this login user (False for the system and for no user)."""
        return user_id is not None and self.user_id == user_id

    def is_employee(self, employee_id: int | None) -> bool:
        """The acting person is this employee (False for the system and for no employee)."""
        return employee_id is not None and self.employee_id == employee_id

    def __repr__(self) -> str:
        if self.is_system:
            return f"<Actor system: {self.reason}>"
        return f"<Actor {self.user}>"
