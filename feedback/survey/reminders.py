"""Deadline reminders of the feedback app (notifications.reminders runs them): 360 respondents
who have not answered before the round's deadline.

Each unanswered request is reminded at the plan's offsets before the round's deadline, never on
or before the day the round was opened (the respondent was notified then). Nothing is sent after
the deadline: answers are refused from then on, so an overdue notice could only nag, and telling
the PPK who did not answer would tell them who did. An admin's "send now" for appraisal windows
(plan.windows_only) is not about these.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from appraisal.choices import CycleStatus
from feedback.survey.models import Respondent360
from notifications.reminders import DueReminder, ReminderPlan
from notifications.schedule import OVERDUE

KIND = "survey_360"
MESSAGE = gettext_noop(
    "Your 360 input on %(name)s (%(period)s) is still awaited. Answer by %(deadline_date)s."
)
CHUNK = 2000


def due_reminders(plan: ReminderPlan) -> Iterator[DueReminder]:
    if plan.windows_only:
        return
    from feedback.survey.services import period_label

    rows = (
        Respondent360.objects.filter(
            answered_at__isnull=True,
            round__deadline__gte=plan.today,  # after the deadline nobody may answer any more
            round__cycle__status=CycleStatus.OPEN,
            round__cycle__practice=False,
            respondent__user__isnull=False,
            respondent__user__is_active=True,
        )
        .select_related("round__cycle", "round__employee", "respondent")
        .order_by("pk")
    )
    for request in rows.iterator(chunk_size=CHUNK):
        round_ = request.round
        offset = plan.offset(round_.deadline, arose=timezone.localdate(round_.created_at))
        if offset is None or offset == OVERDUE:
            continue
        yield DueReminder(
            recipient_id=request.respondent.user_id,
            item=f"360:{request.pk}",
            deadline=round_.deadline,
            offset=offset,
            kind=KIND,
            message=MESSAGE,
            params={
                "name": round_.employee.full_name,
                "period": period_label(round_.cycle, round_.period),
                "deadline_date": round_.deadline,
            },
            url=reverse("feedback:survey_answer", kwargs={"public_id": request.public_id}),
        )
