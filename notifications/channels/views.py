"""The channels part of *Preferensi notifikasi* (each person their own) and Telegram's webhook."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.org.policies import managed_employees, require_admin
from accounts.org.roles import actor_for, roles_for
from notifications import channels
from notifications.channels import addresses
from notifications.channels.forms import CodeForm, ModeForm, PhoneForm
from notifications.channels.phone import masked
from notifications.channels.reach import reach_by_opd
from notifications.channels.telegram import SECRET_HEADER
from notifications.models import ChannelAddress, channel_label

logger = logging.getLogger("notifications.channels")


def cards(user, bound: dict | None = None) -> list[dict]:
    """One card per configured channel: the person's address there and the forms it needs
    (`bound`: {channel name: {form name: bound form}} re-shown with what was typed)."""
    own = addresses.addresses_of(user)
    bound = bound or {}
    result = []
    for channel in channels.enabled():
        address = own.get(channel.name)
        forms = bound.get(channel.name, {})
        result.append(
            {
                "channel": channel,
                "address": address,
                "shown": masked(address.address) if address and address.address else "",
                "waiting_code": bool(
                    address and address.secret_hash and channel.address_kind == "phone"
                ),
                "phone_form": forms.get("phone") or PhoneForm(prefix=channel.name),
                "code_form": forms.get("code") or CodeForm(prefix=channel.name),
                "mode_form": ModeForm(
                    prefix=channel.name, initial={"mode": address.mode if address else None}
                ),
                "link": forms.get("link", ""),
            }
        )
    return result


def _render(request, bound: dict):
    from notifications.views import preferences_page

    return preferences_page(request, bound_channels=bound)


def _address(request, channel: str) -> ChannelAddress:
    if channels.get(channel) is None:
        raise Http404
    return get_object_or_404(ChannelAddress, user=request.user, channel=channel)


@login_required
@require_POST
def phone(request, channel):
    if channels.get(channel) is None:
        raise Http404
    form = PhoneForm(request.POST, prefix=channel)
    if form.is_valid():
        try:
            addresses.phone_start(
                request.user, channel, form.cleaned_data["number"], actor=actor_for(request)
            )
        except ValidationError as error:
            form.add_error("number", error)
        else:
            messages.success(request, _("A code was sent. Type it below to confirm the number."))
            return redirect("notifications:preferences")
    return _render(request, {channel: {"phone": form}})


@login_required
@require_POST
def code(request, channel):
    address = _address(request, channel)
    form = CodeForm(request.POST, prefix=channel)
    if form.is_valid():
        try:
            addresses.phone_confirm(address, form.cleaned_data["code"], actor=actor_for(request))
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("The number is confirmed. Choose what it receives."))
            return redirect("notifications:preferences")
    return _render(request, {channel: {"code": form}})


@login_required
@require_POST
def mode(request, channel):
    address = _address(request, channel)
    form = ModeForm(request.POST, prefix=channel)
    if form.is_valid():
        addresses.mode_save(address, form.cleaned_data["mode"], actor=actor_for(request))
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose what this channel receives."))
    return redirect("notifications:preferences")


@login_required
@require_POST
def remove(request, channel):
    addresses.remove(_address(request, channel), actor=actor_for(request))
    messages.success(request, _("Removed. Nothing more is sent there."))
    return redirect("notifications:preferences")


@login_required
@require_POST
def telegram_start(request):
    if channels.get("telegram") is None:
        raise Http404
    link = addresses.telegram_start(request.user, actor=actor_for(request))
    return _render(request, {"telegram": {"link": link}})


@csrf_exempt
@require_POST
def telegram_webhook(request):
    """Telegram's updates: only with our secret header; "/start <token>" links a chat. Answered
    200 whatever the text (Telegram repeats an update until it gets a 2xx), with the bot's reply
    in the answer itself (the Bot API's "method" reply to a webhook)."""
    if channels.get("telegram") is None:
        raise Http404
    secret = request.META.get(SECRET_HEADER, "")
    if not constant_time_compare(secret, settings.TELEGRAM_WEBHOOK_SECRET):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest()
    message = update.get("message") if isinstance(update, dict) else None
    if not isinstance(message, dict):
        return JsonResponse({})
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    text = str(message.get("text") or "")
    if chat.get("type") != "private" or not text.startswith("/start"):
        return JsonResponse({})
    parts = text.split(maxsplit=1)
    linked = addresses.telegram_link(parts[1] if len(parts) > 1 else "", str(chat.get("id", "")))
    reply = (
        _("Linked: your e-Kinerja notifications will come here.")
        if linked
        else _(
            "This link is no longer valid. Open Notification preference and link Telegram again."
        )
    )
    logger.info("telegram /start linked=%s", bool(linked))
    return JsonResponse({"method": "sendMessage", "chat_id": chat.get("id"), "text": reply})


@login_required
@require_GET
def reach(request):
    """Admins: per OPD they manage, how many active employees each channel reaches."""
    roles = roles_for(request)
    require_admin(roles)
    names, rows, totals = reach_by_opd(managed_employees(roles))
    return render(
        request,
        "notifications/reach.html",
        {
            "channel_labels": [channel_label(name) for name in names],
            "column_count": 4 + len(names),
            "rows": rows,
            "totals": totals,
        },
    )
