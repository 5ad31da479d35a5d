"""The public verification page `/v/<code>/` (no login): what the document with this code is, and
whether a file is exactly it. Rate-limited per client like the public account pages; an unknown
code gets the same 404 page whatever it is."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from accounts.org.models import AgencyProfile
from accounts.verification import selectors
from accounts.verification.forms import CheckForm, max_upload_bytes


def _rate(group, request):
    # Read at request time so tests and deployments can change VERIFY_RATE.
    return settings.VERIFY_RATE or None


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_rate, block=False)
def document(request, code):
    """The document's facts; a POST checks a file (uploaded, or its SHA-256 from the browser)."""
    agency = AgencyProfile.current()
    if getattr(request, "limited", False):
        return render(request, "accounts/verification/limited.html", {"agency": agency}, status=429)
    record = selectors.record_for_code(code)
    if record is None:
        return render(request, "accounts/verification/unknown.html", {"agency": agency}, status=404)
    matched = None
    before_signing = False
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES)
        if form.is_valid():
            digest = form.digest()
            matched = selectors.is_that_file(record, digest)
            # The copy saved before the signature was appended: the same document, unsigned.
            before_signing = (
                matched and bool(record.signed_sha256) and digest != record.signed_sha256
            )
    else:
        form = CheckForm()
    return render(
        request,
        "accounts/verification/document.html",
        {
            "agency": agency,
            "facts": selectors.document_facts(record),
            "signatures": selectors.signatures_of(record),
            "form": form,
            "matched": matched,
            "before_signing": before_signing,
            "max_bytes": max_upload_bytes(),
            "max_mb": settings.VERIFY_MAX_UPLOAD_MB,
        },
    )
