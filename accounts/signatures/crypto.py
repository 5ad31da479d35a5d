"""Encryption at rest of uploaded signing certificates and their passwords (Fernet).

The key is ESIGN_ENCRYPTION_KEY, or one derived from SECRET_KEY (HKDF) when that is empty. Data
is written with the current key and read with any of the current and previous ones
(ESIGN_ENCRYPTION_KEY_FALLBACKS, or keys derived from SECRET_KEY_FALLBACKS): a rotation of either
key, done as docs/operations.md says, keeps the stored certificates readable."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt"]


def _derived(secret_key: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"kinerja-asn esign credentials"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> MultiFernet:
    if settings.ESIGN_ENCRYPTION_KEY:
        keys = [settings.ESIGN_ENCRYPTION_KEY, *settings.ESIGN_ENCRYPTION_KEY_FALLBACKS]
        return MultiFernet([Fernet(key.encode()) for key in keys])
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_derived(secret) for secret in secrets])


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """Raises InvalidToken when the key changed since the data was stored."""
    return _fernet().decrypt(bytes(token))
