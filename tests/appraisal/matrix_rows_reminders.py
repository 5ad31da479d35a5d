"""Deadline reminders in the permission matrix: the admin BKD's page and actions only."""

from tests.appraisal.matrix_rows import _cycle
from tests.matrix import BKD_ONLY, row

BKD_POST = row(302, 403, 403, 403, 403, 403, 403, 302)

ROWS = {
    "appraisal:reminders": ("get", None, BKD_ONLY),
    "appraisal:reminder_window_counts": ("get", "window_of_cycle", BKD_ONLY),
    "appraisal:reminders_send": ("post", "window_of_cycle", BKD_POST),
    "appraisal:reminders_retry": ("post", None, BKD_POST),
    "appraisal:reminders_resend_all": ("post", None, BKD_POST),
    "appraisal:reminders_resend": ("post", "channel_delivery", BKD_POST),
}


def _failed_delivery(org):
    from notifications.models import ChannelDelivery, Notification

    notification = Notification.objects.create(
        recipient=org.pegawai.user, message="Unit %(name)s saved.", params={"name": "X"}, url="/"
    )
    delivery = ChannelDelivery.objects.create(
        notification=notification,
        channel="whatsapp",
        address="6281234567890",
        status="failed",
        attempts=1,
        error="WhatsApp 131026: Message undeliverable",
    )
    return {"delivery_id": delivery.pk}


KINDS = {
    "window_of_cycle": lambda org: {"window_id": _cycle(org).windows.first().pk},
    "channel_delivery": _failed_delivery,
}
