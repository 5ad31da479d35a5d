"""What changed between two versions of an SKP, RHK by RHK (matched by lineage)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RhkChange:
    kind: str  # "added", "removed", "changed"
    text: str
    before: str = ""
    details: list[str] = field(default_factory=list)


def _iki_lines(rhk) -> list[str]:
    return [f"{i.get_aspek_display()}: {i.indicator} — {i.target_display}" for i in rhk.ikis.all()]


def version_changes(old, new) -> list[RhkChange]:
    """RHK added, removed or changed (text, section, link, indicators) from `old` to `new`."""
    before = {r.lineage: r for r in old.rhks.prefetch_related("ikis")}
    after = {r.lineage: r for r in new.rhks.prefetch_related("ikis")}
    changes = []
    for lineage, rhk in after.items():
        previous = before.get(lineage)
        if previous is None:
            changes.append(RhkChange("added", rhk.text, details=_iki_lines(rhk)))
            continue
        details = []
        if previous.section != rhk.section:
            details.append(f"{previous.get_section_display()} → {rhk.get_section_display()}")
        if previous.intervened_id != rhk.intervened_id:
            details.append(f"{previous.intervened_text or '—'} → {rhk.intervened_text or '—'}")
        old_ikis, new_ikis = _iki_lines(previous), _iki_lines(rhk)
        details += [f"− {line}" for line in old_ikis if line not in new_ikis]
        details += [f"+ {line}" for line in new_ikis if line not in old_ikis]
        if previous.text != rhk.text or details:
            changes.append(RhkChange("changed", rhk.text, before=previous.text, details=details))
    for lineage, rhk in before.items():
        if lineage not in after:
            changes.append(RhkChange("removed", rhk.text))
    return changes
