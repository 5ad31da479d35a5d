"""The inbox page and its two actions (open one, mark all read); every user sees only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.org.roles import actor_for
from core.pagination import paginate
from notifications import channels, selectors, services
from notifications.channels.views import cards as channel_cards
from notifications.email import reminders_elsewhere
from notifications.forms import DeliveryPreferenceForm

PAGE_SIZE = 20


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("filter") == "unread"
    page = paginate(request, selectors.inbox(request.user, unread_only=unread_only), PAGE_SIZE)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "query": "filter=unread" if unread_only else ""},
    )


@login_required
@require_POST
def open_notification(request, public_id):
    """Mark it read and go to the page it is about (a POST: opening changes the unread count)."""
    notification = services.mark_read(public_id, actor=actor_for(request))
    # The link was written by our own code, but a stored URL is still never followed off-site.
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(actor=actor_for(request))
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("There were no unread notifications."))
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    """How the user gets notifications: e-mail, and the channels beside it that the server has
    (WhatsApp, Telegram…). Deadline reminders cannot be switched off, only moved."""
    preference = services.preference_of(request.user)
    carried = reminders_elsewhere(request.user)
    form = DeliveryPreferenceForm(
        request.POST or None, instance=preference, others=bool(channels.enabled()), carried=carried
    )
    if request.method == "POST" and form.is_valid():
        services.preference_save(form.save(commit=False), actor=actor_for(request))
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("notifications:preferences")
    return preferences_page(request, form=form)


def preferences_page(request, *, form=None, bound_channels=None):
    """The page, with the forms a channel action re-shows (what was typed, and why not)."""
    if form is None:
        form = DeliveryPreferenceForm(
            instance=services.preference_of(request.user),
            others=bool(channels.enabled()),
            carried=reminders_elsewhere(request.user),
        )
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "email": request.user.email,
            "cards": channel_cards(request.user, bound_channels),
        },
    )
