"""The inbox in the permission matrix: everyone has their own; someone else's notification is 404."""

from notifications.models import Notification
from tests.matrix import EVERYONE_LOGGED_IN, row

ROWS = {
    "notifications:inbox": ("get", None, EVERYONE_LOGGED_IN),
    # The pegawai's notification: they are sent on to its page, anyone else finds nothing.
    "notifications:open": ("post", "notification", row(302, 302, 404, 404, 404, 404, 404, 404)),
    # Marking one's own inbox read is open to every signed-in user, and sends them back to it.
    "notifications:mark_all_read": ("post", None, row(*[302] * 8)),
    # Everyone chooses how their own notifications reach them by e-mail.
    "notifications:preferences": ("get", None, EVERYONE_LOGGED_IN),
}


def _pegawai_notification(org):
    notification = Notification.objects.create(
        recipient=org.pegawai.user, message="Unit %(name)s saved.", params={"name": "X"}, url="/"
    )
    return {"public_id": notification.public_id}


KINDS = {"notification": _pegawai_notification}
