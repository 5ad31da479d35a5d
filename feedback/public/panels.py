"""Public feedback as evidence on the evaluation page, under Berorientasi Pelayanan.

Shown to those who may see the evaluation (the page's own policy already ran) except the
evaluated employee: it is the appraisers' evidence (PPK, Atasan PPK, unit heads, admins). The
figures are those of the employee's own channel if they have one, else of the unit of the post
the SKP was made for, over the evaluation's period."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse

from accounts.org.roles import roles_for
from appraisal.choices import ANNUAL
from appraisal.evaluation.services import period_label
from appraisal.plans.policies import is_owner
from feedback.public import policies as public_policies
from feedback.public import selectors
from indicators.choices import BerakhlakValue


def _dates(evaluation) -> tuple[dt.date, dt.date]:
    cycle = evaluation.skp.cycle
    period = None if evaluation.period == ANNUAL else cycle.period(evaluation.period)
    if period is None:
        return dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)
    return period.start, period.end


def evaluation(request, evaluation) -> dict:
    roles = roles_for(request)
    skp = evaluation.skp
    if is_owner(roles, skp):
        return {}
    channel = selectors.evidence_channel(skp.employee, skp.position.unit)
    if channel is None:
        return {}
    start, end = _dates(evaluation)
    condition = selectors.channel_condition(channel)
    summary = selectors.summary(condition, start, end)
    readable = (
        public_policies.readable_unit_ids(roles)
        if (roles.is_admin or roles.is_kepala_unit)
        else set()
    )
    link = ""
    if readable is None or channel.unit_id in readable:
        link = reverse("feedback:public_unit", args=[channel.unit.code]) + f"?tahun={start.year}"
    html = render_to_string(
        "feedback/public/_evaluation_panel.html",
        {
            "channel": channel,
            "summary": summary,
            "period_label": period_label(evaluation),
            "comments": selectors.recent_comments(condition, start, end, limit=3)
            if summary.count
            else [],
            "link": link,
        },
        request=request,
    )
    return {"value": {BerakhlakValue.BERORIENTASI_PELAYANAN.value: html}}
