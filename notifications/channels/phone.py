"""Phone numbers as people type them in Indonesia, in the international form providers want."""

from __future__ import annotations

import re
import unicodedata

# Indonesian mobile numbers: 08xx (national), +62/62 8xx (international); 9 to 13 digits after
# the country code. Other countries' numbers are taken in international form (+CC…).
_SEPARATORS = re.compile(r"[\s\-.()/]")


def normalise(typed: str) -> str | None:
    """'0812-3456-7890', '+62 812 3456 7890', '62812…' → '6281234567890'; None when it is not a
    mobile number we can send to."""
    # Full-width digits (a phone keyboard's) become ASCII; any other script's digits are refused.
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed or ""))
    international = text.startswith(("+", "00"))
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("00"):
        text = text[2:]
    elif text.startswith("0"):
        text = "62" + text[1:]
    if not (text.isascii() and text.isdigit()):
        return None
    if text.startswith("62"):
        return text if text[2:3] == "8" and 9 <= len(text) - 2 <= 13 else None
    # Another country's number only when written as one (+CC…): bare digits that start neither
    # with 0 nor with 62 are more likely a typo (or a date) than a foreign mobile.
    return text if international and 8 <= len(text) <= 15 and text[0] != "0" else None


def masked(number: str) -> str:
    """'6281234567890' → '+62 812 •••• 7890' (shown back to its owner and to admins)."""
    if len(number) < 8:
        return "•" * len(number)
    if number.startswith("62"):
        return f"+{number[:2]} {number[2:5]} •••• {number[-4:]}"
    return f"+{number[:3]} •••• {number[-4:]}"  # another country: its code's length varies
