"""Permission-matrix rows for public feedback: the form and the thanks are public (everyone 200);
moderation and links are the admins' (their OPD, BKD all); a unit's figures and posters are also
for the unit's heads (the kasi heads Seksi Surveilans, the kabid and kadis the units above it)."""

from tests.matrix import ADMINS_ONLY, row

PUBLIC = row(*[200] * 8)
ADMIN_POST_IN_SCOPE = row(302, 403, 403, 403, 403, 302, 404, 302)
ADMIN_POST = row(302, 403, 403, 403, 403, 302, 302, 302)
READERS_IN_SCOPE = row(302, 403, 200, 200, 200, 200, 404, 200)


def _channel(org):
    from feedback.public.services import channel_for_unit
    from tests.actors import actor

    return channel_for_unit(org.surv, actor=actor(org.admin_bkd))


def _feedback(org):
    from feedback.public.models import PublicFeedback

    return PublicFeedback.objects.create(
        channel=_channel(org),
        keramahan=4,
        kecepatan=4,
        kejelasan=4,
        comment="Pelayanan cukup baik.",
        client_hash="x",
        content_hash="y",
    )


KINDS = {
    "public_code": lambda org: {"code": _channel(org).code},
    "public_channel": lambda org: {"public_id": _channel(org).public_id},
    "public_feedback": lambda org: {"public_id": _feedback(org).public_id},
    "public_unit": lambda org: {"code": org.surv.code},
}

ROWS = {
    "public:form": ("get", "public_code", PUBLIC),
    "public:thanks": ("get", "public_code", PUBLIC),
    "feedback:public_moderation": ("get", None, ADMINS_ONLY),
    # The matrix posts a reason: the admin in scope hides (or is told it is not hidden) and is
    # sent back; another OPD's admin finds nothing.
    "feedback:public_hide": ("post", "public_feedback", ADMIN_POST_IN_SCOPE),
    "feedback:public_unhide": ("post", "public_feedback", ADMIN_POST_IN_SCOPE),
    "feedback:public_channels": ("get", None, ADMINS_ONLY),
    "feedback:public_channels_create": ("post", None, ADMIN_POST),
    # Without a NIP the admin is sent back with a message.
    "feedback:public_channel_employee": ("post", None, ADMIN_POST),
    "feedback:public_channel_deactivate": ("post", "public_channel", ADMIN_POST_IN_SCOPE),
    "feedback:public_channel_activate": ("post", "public_channel", ADMIN_POST_IN_SCOPE),
    "feedback:public_poster": ("get", "public_channel", READERS_IN_SCOPE),
    "feedback:public_units": ("get", None, row(302, 403, 200, 200, 200, 200, 200, 200)),
    "feedback:public_unit": ("get", "public_unit", READERS_IN_SCOPE),
}
