"""A plan's content (RHK with their IKI and rencana aksi, Lampiran, expectations) written in bulk,
each row with its history: a copy into a revision or from last year, a pick from the library."""

from __future__ import annotations

import uuid

from simple_history.utils import bulk_create_with_history

from appraisal.plans.models import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp
from core.actor import Actor


def create_with_history(model, objects, *, actor: Actor) -> list:
    """bulk_create that records a history row per object (the audit trail), by the acting person
    (for the system: the request's user as simple-history's middleware knows it, if any)."""
    return bulk_create_with_history(list(objects), model, default_user=actor.user)


# What a copied indicator takes over: a plan's IKI and a library indicator name them alike.
IKI_COPIED_FIELDS = (
    "aspek",
    "indicator",
    "target_direction",
    "target_value",
    "target_upper",
    "target_unit",
    "target_text",
)


def iki_copy(source, rhk: Rhk, order: int) -> Iki:
    """A new IKI of `rhk` with the aspek, text and target (its direction included) of `source`:
    an IKI of another plan, or an indicator of the library."""
    return Iki(rhk=rhk, order=order, **{name: getattr(source, name) for name in IKI_COPIED_FIELDS})


def copy_content(source: Skp, target: Skp, *, keep_links: bool, actor: Actor) -> None:
    """Copy RHK (with IKI and rencana aksi), Lampiran and expectations from one SKP to another.

    A revision keeps each RHK's lineage and links; a copy from last year starts fresh lineages
    and drops links (last year's supervisor RHK are not this year's).
    """
    for old in source.rhks.prefetch_related("ikis", "rencana_aksi").order_by("section", "order"):
        new = Rhk.objects.create(
            skp=target,
            section=old.section,
            order=old.order,
            text=old.text,
            lineage=old.lineage if keep_links else uuid.uuid4(),
            intervened=old.intervened if keep_links else None,
            intervened_text=old.intervened_text if keep_links else "",
            link_kind=old.link_kind,
            perspektif=old.perspektif if target.is_jpt else "",
        )
        create_with_history(Iki, (iki_copy(i, new, i.order) for i in old.ikis.all()), actor=actor)
        if keep_links:
            create_with_history(
                RencanaAksi,
                (
                    RencanaAksi(rhk=new, period=p.period, text=p.text)
                    for p in old.rencana_aksi.all()
                ),
                actor=actor,
            )
    create_with_history(
        Lampiran,
        (
            Lampiran(skp=target, kind=item.kind, order=item.order, text=item.text)
            for item in source.lampiran.all()
        ),
        actor=actor,
    )
    if keep_links:
        create_with_history(
            PerilakuExpectation,
            (
                PerilakuExpectation(skp=target, value=e.value, text=e.text)
                for e in source.expectations.all()
            ),
            actor=actor,
        )
