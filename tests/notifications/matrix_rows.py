"""The inbox in the permission matrix: everyone has their own; someone else's notification is 404."""

from notifications.models import Notification
from tests.matrix import ADMINS_ONLY, EVERYONE_LOGGED_IN, row

NOT_CONFIGURED = row(302, 404, 404, 404, 404, 404, 404, 404)

ROWS = {
    "notifications:inbox": ("get", None, EVERYONE_LOGGED_IN),
    # The pegawai's notification: they are sent on to its page, anyone else finds nothing.
    "notifications:open": ("post", "notification", row(302, 302, 404, 404, 404, 404, 404, 404)),
    # Marking one's own inbox read is open to every signed-in user, and sends them back to it.
    "notifications:mark_all_read": ("post", None, row(*[302] * 8)),
    # Everyone chooses how their own notifications reach them by e-mail.
    "notifications:preferences": ("get", None, EVERYONE_LOGGED_IN),
    # A channel without settings is off and invisible: its actions are not found for anyone (the
    # matrix runs unconfigured; tests/notifications/test_channel_views.py configures them).
    "notifications:channel_phone": ("post", "channel", NOT_CONFIGURED),
    "notifications:channel_code": ("post", "channel", NOT_CONFIGURED),
    "notifications:channel_mode": ("post", "channel", NOT_CONFIGURED),
    "notifications:channel_remove": ("post", "channel", NOT_CONFIGURED),
    "notifications:telegram_start": ("post", None, NOT_CONFIGURED),
    # Telegram's webhook needs no login, only the secret header: off, it is not found at all.
    "notifications:telegram_webhook": ("post", None, row(*[404] * 8)),
    # Admins see who reminders reach in the OPDs they manage.
    "notifications:reach": ("get", None, ADMINS_ONLY),
}


def _pegawai_notification(org):
    notification = Notification.objects.create(
        recipient=org.pegawai.user, message="Unit %(name)s saved.", params={"name": "X"}, url="/"
    )
    return {"public_id": notification.public_id}


KINDS = {"notification": _pegawai_notification, "channel": lambda org: {"channel": "whatsapp"}}
