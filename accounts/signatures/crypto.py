"""Encryption at rest of uploaded signing certificates and their passwords (Fernet).

The key is ESIGN_ENCRYPTION_KEY, or one derived from SECRET_KEY (HKDF) when that is empty; with
the derived key, changing SECRET_KEY makes the stored certificates unreadable (they must then be
uploaded again), which is why production sets its own key (.env.example)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt"]


def _fernet() -> Fernet:
    if settings.ESIGN_ENCRYPTION_KEY:
        return Fernet(settings.ESIGN_ENCRYPTION_KEY.encode())
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"kinerja-asn esign credentials"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """Raises InvalidToken when the key changed since the data was stored."""
    return _fernet().decrypt(bytes(token))
