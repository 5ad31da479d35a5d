"""The TPP vocabulary: model choices built from tpp.rules' enums, and the kinds of leave."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tpp.rules import ActingRule, AttendanceBase, Exemption


class PerformanceMeasure(models.TextChoices):
    PREDICATE = "predicate", _("Latest periodic predicate")
    MONTHLY_SCORE = "monthly_score", _("Monthly performance score (from the attendance recap)")


class AttendanceBaseChoice(models.TextChoices):
    DISCIPLINE_SHARE = AttendanceBase.DISCIPLINE_SHARE.value, _("The discipline share")
    GROSS = AttendanceBase.GROSS.value, _("The whole gross TPP")


class ActingRuleChoice(models.TextChoices):
    OWN_PLUS_PERCENT = (
        ActingRule.OWN_PLUS_PERCENT.value,
        _("Own basis plus a percentage of the acting post's"),
    )
    HIGHER_BASIS = ActingRule.HIGHER_BASIS.value, _("The higher of the two bases")


class ExemptionKind(models.TextChoices):
    NO_ATTENDANCE_DEDUCTION = (
        Exemption.NO_ATTENDANCE_DEDUCTION.value,
        _("No attendance deductions (training, duty abroad)"),
    )
    NOT_PAID = Exemption.NOT_PAID.value, _("No TPP (leave outside the state's care, study leave)")


class PenaltyKind(models.TextChoices):
    """The disciplinary penalties of PP 94/2021 Pasal 8 (ringan, sedang, berat). The three
    moderate ones are the regulation's own TPP cut (25 % for 6, 9 or 12 months); what the
    others cut is the Perkada's, typed with the penalty."""

    TEGURAN_LISAN = "ringan_teguran_lisan", _("Minor: oral reprimand")
    TEGURAN_TERTULIS = "ringan_teguran_tertulis", _("Minor: written reprimand")
    TIDAK_PUAS = "ringan_tidak_puas", _("Minor: written statement of dissatisfaction")
    POTONG_6 = "sedang_potong_6", _("Moderate: allowance cut by 25 percent for 6 months")
    POTONG_9 = "sedang_potong_9", _("Moderate: allowance cut by 25 percent for 9 months")
    POTONG_12 = "sedang_potong_12", _("Moderate: allowance cut by 25 percent for 12 months")
    PENURUNAN = "berat_penurunan", _("Severe: demotion one level for 12 months")
    PEMBEBASAN = "berat_pembebasan", _("Severe: removal to an executor post for 12 months")
    PEMBERHENTIAN = "berat_pemberhentian", _("Severe: honourable discharge not at own request")


# (percent, months) set by PP 94/2021 itself; the form fills them in when left empty.
PENALTY_DEFAULTS = {
    PenaltyKind.POTONG_6: (25, 6),
    PenaltyKind.POTONG_9: (25, 9),
    PenaltyKind.POTONG_12: (25, 12),
    PenaltyKind.PENURUNAN: (None, 12),
    PenaltyKind.PEMBEBASAN: (None, 12),
}


def penalty_label(value: str) -> str:
    """A penalty's name: its PP 94/2021 label, or the text recorded before kinds were chosen."""
    return PenaltyKind(value).label if value in PenaltyKind.values else value


class BasisKind(models.TextChoices):
    """What a basis row is keyed on; a named post beats its jenjang, a jenjang beats its class."""

    POST = "post", _("Named post")
    JENJANG = "jenjang", _("Functional level (jenjang)")
    CLASS = "class", _("Post class (kelas jabatan)")


class LeaveKind(models.TextChoices):
    """The kinds of leave of PP 11/2017 (art. 310), by the codes attendance systems export."""

    CT = "CT", _("Annual leave (CT)")
    CB = "CB", _("Long leave (CB)")
    CS = "CS", _("Sick leave (CS)")
    CM = "CM", _("Maternity leave (CM)")
    CAP = "CAP", _("Leave for important reasons (CAP)")
    CB_LN = "CLTN", _("Leave outside the state's care (CLTN)")


class MonthState(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    LOCKED = "locked", _("Locked")


class Anomaly(models.TextChoices):
    """What the admin reviews before locking a month."""

    NO_ATTENDANCE = "no_attendance", _("No attendance recap for the month")
    NO_PREDICATE = "no_predicate", _("No predicate yet")
    POST_CHANGED = "post_changed", _("Changed post during the month (prorated by days)")
    NO_BASIS = "no_basis", _("No TPP basis for the post")
    NO_SCORE = "no_score", _("No monthly performance score")
