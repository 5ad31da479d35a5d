"""The client's address, read once for everything that counts per client.

Behind a reverse proxy every connection comes from the proxy, so REMOTE_ADDR names the proxy and
the client's address is in X-Forwarded-For. That header is written by whoever sends the request:
a proxy *appends* the address it saw, so only the last TRUSTED_PROXY_COUNT entries were written by
proxies we run, and everything to their left may be forged. The client is therefore the entry the
outermost trusted proxy appended: the TRUSTED_PROXY_COUNT-th from the right. With no trusted proxy
(the default) the header is ignored altogether.

The login lockout (AXES_CLIENT_IP_CALLABLE), the django-ratelimit limits (RATELIMIT_IP_META_KEY)
and the public-feedback counters all call client_ip(), so they can never disagree.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request`: from X-Forwarded-For through the trusted
    proxy hops only (settings.TRUSTED_PROXY_COUNT), else the connection's REMOTE_ADDR.

    Fewer entries than trusted hops means an outer proxy was skipped: the leftmost entry is then
    still one a trusted proxy wrote. An entry that is not an IP address is not believed.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    candidate = forwarded[-min(hops, len(forwarded))]
    return candidate if _valid(candidate) else remote
