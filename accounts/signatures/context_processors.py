"""`esign` in every template: whether documents are signed here and what the signing form asks
(a passphrase or code for BSrE, a confirmation for local certificates). No query."""

from __future__ import annotations

from django.conf import settings

from accounts.signatures.backends import get_signer


def esign(request):
    signer = get_signer()
    if signer is None:
        return {"esign": {"enabled": False}}
    return {
        "esign": {
            "enabled": True,
            "asks_secret": signer.asks_secret,
            "sends_codes": signer.sends_codes,
            "local": settings.ESIGN_BACKEND == "local",
        }
    }
