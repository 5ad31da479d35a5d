"""Template context: the acting user's roles, for navigation (authorisation itself is in policies)."""

from accounts.org.roles import roles_for


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"roles": roles_for(request)}
