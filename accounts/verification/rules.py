"""Pure rules of verifiable documents: the public code, the masked NIP, the version rule.

No database and nothing from Django, so they read (and are tested) on their own.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

# No 0/O, 1/I/L: a code is read off paper and may be typed on a phone. Upper case, as printed;
# the page accepts it in any case.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# 31**12 ≈ 7.9e17 codes: not enumerable at any rate limit, short enough to read aloud.
CODE_LENGTH = 12
# The NIP shown on the public page keeps its first and last four digits (the birth year and the
# serial number): enough to tell two namesakes apart, not enough to rebuild the NIP.
NIP_KEPT_START = 4
NIP_KEPT_END = 4
MASK = "*"


def new_code() -> str:
    """A fresh public code, drawn from the operating system's secure random source."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalised_code(text: str) -> str | None:
    """The code as stored, from what a URL or a person wrote (any case, spaces and dashes
    ignored); None when it cannot be one of ours."""
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def masked_nip(nip: str) -> str:
    """1985…1003 with the middle digits starred. A value too short to keep both ends is starred
    whole: a masked NIP never shows more than eight of its digits."""
    nip = "".join(nip.split())
    if len(nip) <= NIP_KEPT_START + NIP_KEPT_END:
        return MASK * len(nip)
    middle = len(nip) - NIP_KEPT_START - NIP_KEPT_END
    return nip[:NIP_KEPT_START] + MASK * middle + nip[-NIP_KEPT_END:]


@dataclass(frozen=True)
class Latest:
    """The newest record of a document (the same kind, owner and period)."""

    version: int
    content_hash: str  # the document's HTML before its code was printed


@dataclass(frozen=True)
class Step:
    version: int
    reuse: bool  # the latest record stands for this file: no new record


def version_step(latest: Latest | None, content_hash: str) -> Step:
    """One record per distinct file. A document generated again with the same content is the same
    file (our PDFs carry no creation time, so the same HTML gives the same bytes): the latest
    record stands and the code printed on it is printed again. Different content is the next
    version, which replaces the latest. Content equal to an older, already replaced version is
    still a new version: what was replaced stays replaced."""
    if latest is None:
        return Step(version=1, reuse=False)
    if latest.content_hash == content_hash:
        return Step(version=latest.version, reuse=True)
    return Step(version=latest.version + 1, reuse=False)
