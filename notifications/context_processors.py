"""Template context: the unread notification count for the bell."""

from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count as count_unread


def unread_count(request):
    """``unread_notifications`` for a signed-in user, counted on first use only.

    The COUNT runs when a template reads the value (the bell in the navbar) and at most once per
    request; a page that never shows it (a file download, a bare htmx fragment) pays nothing.
    In templates, ``unread_notifications|add:0`` gives a plain int (for ``blocktranslate``).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: count_unread(user))}
