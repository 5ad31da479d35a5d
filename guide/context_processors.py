"""The tour the home page starts: the main role's, once, or the one the help menu asked for."""

from __future__ import annotations

from accounts.org.roles import roles_for
from guide.models import TourSeen
from guide.tours import steps_data, tours_for

REPLAY_PARAMETER = "tur"


def tour(request) -> dict:
    """`help_tours` for the help menu on every page; on the home page, `tour` to start."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    tours = tours_for(roles_for(request))
    context = {"help_tours": tours}
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "home" or not tours:
        return context
    asked = request.GET.get(REPLAY_PARAMETER)
    chosen = next((t for t in tours if t.key == asked), None)
    if chosen is None and asked is None:
        seen = set(TourSeen.objects.filter(user=user).values_list("tour", flat=True))
        chosen = tours[0] if tours[0].key not in seen else None
    if chosen is not None:
        context["tour"] = {"key": chosen.key, "steps": steps_data(chosen)}
    return context
