"""The indicator coach's hints (indicators.coach) in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indicators import coach
from indicators.choices import Aspek


def _words(words: tuple[str, ...]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def message(hint: coach.Hint) -> str:
    if hint.code == "vague_verb":
        return _(
            "%(words)s says which way, not how much: add what is counted (jumlah, persentase, "
            "indeks…) or a number."
        ) % {"words": _words(hint.words)}
    if hint.code == "activity":
        return _(
            "%(words)s names an activity: say the result it produces, or how its output is counted."
        ) % {"words": _words(hint.words)}
    if hint.code == "no_measure":
        return _("Nothing to count yet: give a number or a unit (dokumen, orang, persen, hari…).")
    if hint.code == "no_target":
        return _("No target yet: a number, or under the qualitative approach a narrative.")
    if hint.code == "no_time":
        return _(
            "A time indicator without a time frame: say by when or how fast (paling lambat "
            "tanggal 5, dalam 3 hari kerja…)."
        )
    if hint.code == "short":
        return _("Very short: say what is measured and of what, so your PPK reads it the same.")
    if hint.code == "aspects":
        return _("The indicators of this RHK leave out: %(aspects)s.") % {
            "aspects": ", ".join(Aspek(a).label for a in hint.words)
        }
    raise ValueError(hint.code)


def messages_for(hints: list[coach.Hint]) -> list[str]:
    return [message(hint) for hint in hints]


def iki_messages(iki) -> list[str]:
    """The hints of a saved IKI (anything with indicator, aspek and target fields)."""
    return messages_for(
        coach.indicator_hints(
            iki.indicator,
            aspek=iki.aspek,
            target_value=iki.target_value,
            target_unit=iki.target_unit,
            target_text=iki.target_text,
        )
    )
