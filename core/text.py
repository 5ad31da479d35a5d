"""Sentences built around names: one full stop, also after an academic title ("M.M.")."""

from __future__ import annotations

import re

# Two full stops, not part of an ellipsis: the title's own and the sentence's.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def one_full_stop(text: str) -> str:
    """A sentence ending in a name whose title ends in a full stop ("Dr. Sari, M.M.") keeps one:
    "… disetujui oleh Dr. Sari, M.M." rather than "M.M..". An ellipsis is left alone."""
    return _DOUBLE_STOP.sub(".", text)
