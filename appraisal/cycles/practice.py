"""Entering and leaving a practice cycle (issue 29.5): the session remembers it, the middleware
activates it for each request (core.practice), so every page and service that asks for "the
cycle" works in it, and the page says so (templates/partials/practice_banner.html)."""

from __future__ import annotations

from appraisal.cycles.models import Cycle
from core.practice import working_in

SESSION_KEY = "practice_cycle"


def enter(request, cycle: Cycle) -> None:
    request.session[SESSION_KEY] = cycle.pk


def leave(request) -> None:
    request.session.pop(SESSION_KEY, None)


class PracticeCycleMiddleware:
    """Activates the practice cycle the signed-in user entered; no query for anyone else. A
    practice cycle wiped meanwhile drops out of the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.practice_cycle = cycle = self._entered(request)
        with working_in(cycle):  # also undoes core.practice.follow() when the request ends
            return self.get_response(request)

    @staticmethod
    def _entered(request) -> Cycle | None:
        cycle_id = request.session.get(SESSION_KEY)
        if cycle_id is None:
            return None
        cycle = (
            Cycle.objects.filter(pk=cycle_id, practice=True).prefetch_related("windows").first()
            if request.user.is_authenticated
            else None
        )
        if cycle is None:
            leave(request)
        return cycle
