"""The indicator coach's rules (pure: no Django, no network): is an IKI measurable as typed, does
an RHK's set of IKI cover the aspects, and how alike two indicator texts are.

It advises, never blocks (PermenPANRB 6/2022 asks for indicators that are measurable; what
counts as measurable here is our reading, stated below). Each hint is a code with the words
that raised it; the pages say it in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# Verbs that name a direction without a measure: fine with something to count, vague alone.
VAGUE_VERBS = (
    "meningkatkan", "mengoptimalkan", "memaksimalkan", "mengembangkan", "memperkuat",
    "mendukung", "memantapkan", "menyempurnakan", "mengefektifkan", "memperbaiki",
)  # fmt: skip
# Verbs that name an activity rather than a result.
ACTIVITY_VERBS = ("melaksanakan", "mengikuti", "menghadiri", "melakukan", "membantu")
# Words that say what is counted or checked.
MEASURES = (
    "jumlah", "persentase", "persen", "indeks", "nilai", "rasio", "tingkat", "angka", "rata-rata",
    "cakupan", "skor", "frekuensi", "banyaknya", "proporsi", "capaian", "%",
)  # fmt: skip
# Words that give a time frame.
TIME_WORDS = (
    "hari", "minggu", "bulan", "bulanan", "triwulan", "semester", "tahun", "tahunan", "tanggal",
    "jam", "menit", "waktu", "tepat", "lambat", "sebelum", "setiap", "periode", "deadline",
)  # fmt: skip
ASPECTS_EXPECTED = ("kuantitas", "kualitas", "waktu")
MIN_WORDS = 4

WORD = re.compile(r"[0-9a-zà-ÿ%-]+")


@dataclass(frozen=True)
class Hint:
    code: str  # "vague_verb", "activity", "no_measure", "no_target", "no_time", "short", "aspects"
    words: tuple[str, ...] = ()


def words_of(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


def _has_number(text: str) -> bool:
    return bool(re.search(r"[0-9]", text or ""))


def indicator_hints(
    indicator: str,
    *,
    aspek: str = "",
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_text: str = "",
) -> list[Hint]:
    """What makes this IKI hard to measure, most important first; [] for an empty one."""
    words = words_of(indicator)
    if not words:
        return []
    hints = []
    measured = any(w in MEASURES or w.endswith("%") for w in words) or _has_number(indicator)
    vague = tuple(w for w in words if w in VAGUE_VERBS)
    if vague and not measured:
        hints.append(Hint("vague_verb", vague))
    activity = tuple(w for w in words[:2] if w in ACTIVITY_VERBS)
    if activity:
        hints.append(Hint("activity", activity))
    if not measured and target_value is None and not (target_unit or "").strip():
        hints.append(Hint("no_measure"))
    if target_value is None and not (target_text or "").strip():
        hints.append(Hint("no_target"))
    if aspek == "waktu" and not any(w in TIME_WORDS for w in words + words_of(target_unit)):
        hints.append(Hint("no_time"))
    if len(words) < MIN_WORDS:
        hints.append(Hint("short"))
    return hints


def coverage_hint(aspects: list[str]) -> Hint | None:
    """The expected aspects (kuantitas, kualitas, waktu) an RHK's IKI leave out, if any."""
    missing = tuple(a for a in ASPECTS_EXPECTED if a not in set(aspects))
    return Hint("aspects", missing) if missing and aspects else None


def trigrams(text: str) -> set[str]:
    """The text's character trigrams, word by word, padded as PostgreSQL's pg_trgm pads them."""
    found = set()
    for word in words_of(text):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams (0 to 1), as pg_trgm's similarity() counts them."""
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
