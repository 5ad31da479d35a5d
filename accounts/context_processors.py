"""Template context: the acting user's roles, for navigation (authorisation itself is in policies)."""

from accounts.org.roles import roles_for
from core.menus import Menu, section_of


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"roles": roles_for(request)}


def menu_section(request):
    """The navbar section the page's view declared (core.menus). One's own employee page is a
    profile, not organisation administration: it highlights nothing."""
    match = getattr(request, "resolver_match", None)
    section = section_of(match.func) if match is not None else None
    if section == Menu.ORGANISATION and "nip" in match.kwargs:
        user = getattr(request, "user", None)
        employee = roles_for(request).employee if user and user.is_authenticated else None
        if employee is not None and match.kwargs["nip"] == employee.nip:
            section = None
    return {"menu_section": section, "Menu": Menu}
