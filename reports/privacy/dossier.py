"""Everything the application holds about one person, as tables (UU 27/2022, the right of access).

Profile and login account, posts and appraisers set by hand, work plans with their RHK, IKI,
action plans, attachments and expectations, the daily log, realisations, evaluations with their
feedback, objections, the evidence list, coaching, the feedback the person wrote, and the trail
(reports.privacy.trail): the changes recorded about them and who opened their data.

One query per table (two dozen for a whole career), never one per row. Only the person's own
records are read: each queryset is filtered on their employee or their login user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.logins.models import LoginSession, User
from accounts.org.models import AdminRole, AppraiserOverride, Assignment, Employee
from appraisal.evaluation.models import Evaluation, PerilakuFeedback, RhkAssessment
from appraisal.objections.models import Objection
from appraisal.plans.models import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation
from feedback.coaching.models import CoachingSession, FollowUp
from notifications.models import ChannelAddress
from reports.privacy import trail
from reports.privacy.tables import Table, columns, table

NOTES = (
    _("Answers to 360 surveys are kept without the name of who gave them, so yours cannot be "
      "listed here."),
    _("Evidence files are listed by name; open them from the realisation pages."),
)  # fmt: skip


@dataclass
class Dossier:
    user: User
    employee: Employee | None
    generated_at: object
    tables: list[Table]

    @property
    def name(self) -> str:
        return self.employee.full_name if self.employee else self.user.get_username()

    @property
    def file_stem(self) -> str:
        who = self.employee.nip if self.employee else self.user.get_username()
        return f"data-pribadi-{who}-{timezone.localtime(self.generated_at):%Y%m%d}"


def skp_ref(prefix: str = "skp__") -> tuple:
    """The columns naming a work plan: its year and version, and its identifier for the JSON."""
    return (
        (f"{prefix}cycle__year", "year", _("Year")),
        (f"{prefix}version", "skp_version", _("SKP version")),
        (f"{prefix}public_id", "skp", _("SKP identifier")),
    )


def _profile(user: User, employee: Employee | None) -> list[Table]:
    found = []
    if employee is not None:
        found.append(
            table(
                "profile",
                _("Profile"),
                Employee.objects.filter(pk=employee.pk),
                columns(
                    Employee, "nip", "name", "front_title", "back_title", "employment_type",
                    "golongan", "email", "phone", "status",
                    ("position__name", "position", _("Current position")),
                    ("position__unit__name", "unit", _("Work unit")),
                ),
                single=True,
            )
        )  # fmt: skip
    found.append(
        table(
            "account",
            _("Login account"),
            User.objects.filter(pk=user.pk),
            columns(User, "username", "email", "is_active", "date_joined", "last_login"),
            single=True,
        )
    )
    found.append(
        table(
            "admin_roles",
            _("Administrator roles"),
            AdminRole.objects.filter(user=user).order_by("pk"),
            columns(AdminRole, "kind", ("opd__name", "opd", _("OPD"))),
        )
    )
    found.append(
        table(
            "login_sessions",
            _("Signed-in sessions"),
            LoginSession.objects.filter(user=user).order_by("-last_seen_at", "pk"),
            columns(
                LoginSession, "created_at", "last_seen_at", "method", "ip_address", "user_agent"
            ),
        )
    )
    found.append(
        table(
            "notification_channels",
            _("Where notifications reach you"),
            ChannelAddress.objects.filter(user=user).order_by("channel"),
            columns(ChannelAddress, "channel", "address", "mode", "verified_at"),
        )
    )
    return found


def _posts(employee: Employee) -> list[Table]:
    return [
        table(
            "posts",
            _("Posts"),
            Assignment.objects.filter(employee=employee).order_by("start_date", "pk"),
            columns(
                Assignment,
                ("position__name", "position", _("Position")),
                ("position__unit__name", "unit", _("Work unit")),
                "kind", "start_date", "end_date", "note",
            ),
        ),
        table(
            "appraisers_set_by_hand",
            _("Appraisers set by hand"),
            AppraiserOverride.objects.filter(employee=employee).order_by("start_date", "pk"),
            columns(
                AppraiserOverride,
                ("ppk__name", "ppk", _("PPK")),
                ("atasan_ppk__name", "atasan_ppk", _("Atasan PPK")),
                "start_date", "end_date", "reason",
            ),
        ),
    ]  # fmt: skip


def _plans(employee: Employee) -> list[Table]:
    mine = {"skp__employee": employee}
    return [
        table(
            "plans",
            _("Work plans (SKP)"),
            Skp.objects.filter(employee=employee).order_by("cycle__year", "start_date", "version"),
            columns(
                Skp, ("public_id", "id", _("SKP identifier")), ("cycle__year", "year", _("Year")),
                "version", "status", ("position__name", "position", _("Position")), "start_date",
                "end_date", "approach", "is_jpt", "ppk_name", "ppk_nip", "atasan_name",
                "atasan_nip", "submitted_at", "decided_at", "revision_reason", "return_notes",
            ),
        ),
        table(
            "rhk",
            _("Work results (RHK)"),
            Rhk.objects.filter(**mine).order_by("skp__cycle__year", "skp__version", "section",
                                                  "order", "pk"),
            columns(
                Rhk, *skp_ref(), ("public_id", "id", _("RHK identifier")), "section", "text",
                "perspektif", "link_kind", "intervened_text",
            ),
        ),
        table(
            "iki",
            _("Indicators (IKI)"),
            Iki.objects.filter(rhk__skp__employee=employee).order_by("rhk__skp__cycle__year",
                                                                     "rhk", "order", "pk"),
            columns(
                Iki, *skp_ref("rhk__skp__"), ("rhk__public_id", "rhk", _("RHK identifier")),
                ("rhk__text", "rhk_text", _("RHK")), "aspek", "indicator", "target_direction",
                "target_value", "target_upper", "target_unit", "target_text",
            ),
        ),
        table(
            "action_plans",
            _("Action plans"),
            RencanaAksi.objects.filter(rhk__skp__employee=employee).order_by("rhk", "period"),
            columns(
                RencanaAksi, *skp_ref("rhk__skp__"), ("rhk__public_id", "rhk", _("RHK identifier")),
                ("rhk__text", "rhk_text", _("RHK")), "period", "text",
            ),
        ),
        table(
            "attachments",
            _("Attachments to the work plans"),
            Lampiran.objects.filter(**mine).order_by("skp__cycle__year", "kind", "order", "pk"),
            columns(Lampiran, *skp_ref(), "kind", "text"),
        ),
        table(
            "expectations",
            _("Expectations of the leader"),
            PerilakuExpectation.objects.filter(**mine).order_by("skp__cycle__year", "pk"),
            columns(PerilakuExpectation, *skp_ref(), "value", "text"),
        ),
    ]  # fmt: skip


def _work(employee: Employee) -> list[Table]:
    mine = {"skp__employee": employee}
    return [
        table(
            "daily_log",
            _("Daily progress"),
            DailyLog.objects.filter(**mine).order_by("day", "pk"),
            columns(DailyLog, "day", "activity", "output", ("rhk__text", "rhk", _("RHK"))),
        ),
        table(
            "realisations",
            _("Realisations"),
            Realisation.objects.filter(**mine).order_by("skp__cycle__year", "period", "pk"),
            columns(Realisation, *skp_ref(), "period", "status", "kendala", "follow_up",
                    "submitted_at"),
        ),
        table(
            "realisation_values",
            _("Realisation values"),
            IkiRealisation.objects.filter(realisation__skp__employee=employee).order_by(
                "realisation__skp__cycle__year", "realisation__period", "pk"),
            columns(
                IkiRealisation, *skp_ref("realisation__skp__"),
                ("realisation__period", "period", _("Period")),
                ("iki__indicator", "iki", _("indicator")), "value", "narrative",
            ),
        ),
        table(
            "evidence",
            _("Evidence"),
            Evidence.objects.filter(**mine).order_by("created_at", "pk"),
            columns(
                Evidence, *skp_ref(), ("public_id", "id", _("identifier")), "created_at",
                "original_name", "extension", "size", "link", "description",
            ),
        ),
    ]  # fmt: skip


def _results(employee: Employee) -> list[Table]:
    evaluation = (
        ("evaluation__public_id", "evaluation", _("Evaluation identifier")),
        ("evaluation__period", "period", _("Period")),
    )
    return [
        table(
            "results",
            _("Evaluations"),
            Evaluation.objects.filter(skp__employee=employee).order_by("skp__cycle__year",
                                                                      "period", "pk"),
            columns(
                Evaluation, *skp_ref(), ("public_id", "id", _("Evaluation identifier")), "period",
                "status", "rating_hasil", "rating_perilaku", "predicate", "notes", "ppk_name",
                "ppk_nip", "finalised_at", "acknowledged_at",
            ),
        ),
        table(
            "feedback_on_results",
            _("Feedback on work results"),
            RhkAssessment.objects.filter(evaluation__skp__employee=employee).order_by(
                "evaluation__skp__cycle__year", "evaluation__period", "pk"),
            columns(RhkAssessment, *skp_ref("evaluation__skp__"), *evaluation,
                    ("rhk__text", "rhk", _("RHK")), "label", "feedback"),
        ),
        table(
            "feedback_on_behaviour",
            _("Feedback on work behaviour"),
            PerilakuFeedback.objects.filter(evaluation__skp__employee=employee).order_by(
                "evaluation__skp__cycle__year", "evaluation__period", "pk"),
            columns(PerilakuFeedback, *skp_ref("evaluation__skp__"), *evaluation, "value",
                    "feedback"),
        ),
        table(
            "objections",
            _("Objections"),
            Objection.objects.filter(evaluation__skp__employee=employee).order_by("filed_at"),
            columns(
                Objection, *skp_ref("evaluation__skp__"), *evaluation, "reasons", "filed_at",
                "status", "original_predicate", "outcome", "decision_notes", "decided_at",
            ),
        ),
    ]  # fmt: skip


def _coaching(employee: Employee) -> list[Table]:
    return [
        table(
            "coaching",
            _("Performance dialogues and coaching"),
            CoachingSession.objects.filter(employee=employee).order_by("held_on", "pk"),
            columns(
                CoachingSession, ("cycle__year", "year", _("Year")), "held_on", "kind", "topic",
                "participants", "agreements", ("held_by__name", "held_by", _("Held by")),
            ),
        ),
        table(
            "coaching_follow_ups",
            _("Coaching follow-ups"),
            FollowUp.objects.filter(session__employee=employee).order_by("session__held_on", "pk"),
            columns(
                FollowUp, ("session__held_on", "session_date", _("Session date")),
                ("session__topic", "session_topic", _("Session topic")), "text", "due_on",
                "status", "done_at",
            ),
        ),
    ]  # fmt: skip


def personal_data(user: User, *, now=None) -> Dossier:
    """Everything held about `user` (and their employee record, when they have one)."""
    employee = Employee.objects.filter(user=user).select_related("position__unit").first()
    tables = _profile(user, employee)
    if employee is not None:
        tables += _posts(employee)
        tables += _plans(employee)
        tables += _work(employee)
        tables += _results(employee)
        tables += _coaching(employee)
    tables += trail.written_by(user, employee)
    tables += trail.about(user, employee)
    return Dossier(user, employee, now or timezone.now(), tables)
