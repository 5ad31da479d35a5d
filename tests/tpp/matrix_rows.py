"""Permission-matrix rows for the TPP pages. The monthly run and the scheme are the admin BKD's;
an OPD's month is its admins' too; a line is read by its employee, their PPK and the admins of
the OPD that pays it (the month built here is DINKES's, February 2026)."""

from tests.matrix import ADMINS_IN_SCOPE, ADMINS_ONLY, BKD_ONLY, EVERYONE_LOGGED_IN, row

YEAR, MONTH = 2026, 2
BKD_POST = row(302, 403, 403, 403, 403, 403, 403, 302)
BKD_POST_IN_SCOPE = row(302, 403, 403, 403, 403, 403, 404, 302)
ADMIN_POST_IN_SCOPE = row(302, 403, 403, 403, 403, 302, 404, 302)
READS_THE_PEGAWAI = row(302, 200, 200, 404, 404, 200, 404, 200)


def _cycle(org):
    from appraisal.choices import CycleStatus
    from appraisal.cycles.models import Cycle

    cycle, _ = Cycle.objects.get_or_create(year=YEAR, defaults={"status": CycleStatus.OPEN})
    return cycle


def _year_month(org):
    _cycle(org)
    return {"year": YEAR, "month": MONTH}


def _opd_month(org):
    return _year_month(org) | {"code": org.dinkes.code}


def _scheme(org):
    from tests.actors import actor
    from tpp.schemes.services import scheme_start

    scheme_start(_cycle(org), actor=actor(org.admin_bkd))
    return {"year": YEAR}


def _computed(org):
    from tests.actors import actor
    from tpp.months.services import month_compute

    _scheme(org)
    return month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))


def _run(org):
    from tpp.months.models import Run

    run = Run.objects.create(year=YEAR, month=MONTH, opd_total=3, started_by=org.admin_bkd.user)
    return {"public_id": run.public_id}


def _own_month(org):
    _computed(org)
    return {"year": YEAR, "month": MONTH}


def _line(org):
    _computed(org)
    return {"nip": org.pegawai.nip, "year": YEAR, "month": MONTH}


def _penalty(org):
    import datetime as dt
    from decimal import Decimal

    from tests.actors import actor
    from tpp.attendance.services import penalty_add
    from tpp.choices import PenaltyKind

    penalty = penalty_add(
        org.pegawai,
        level=PenaltyKind.TEGURAN_TERTULIS,
        percent=Decimal(10),
        first_month=dt.date(YEAR, 1, 1),
        months=3,
        decree_number="800/1/2026",
        decree_date=dt.date(2025, 12, 20),
        actor=actor(org.admin_bkd),
    )
    return {"public_id": penalty.public_id}


def _exemption(org):
    import datetime as dt

    from tests.actors import actor
    from tpp.attendance.services import exemption_add

    exemption = exemption_add(
        org.pegawai,
        kind="no_attendance_deduction",
        first_month=dt.date(YEAR, 3, 1),
        last_month=dt.date(YEAR, 4, 1),
        reason="Diklat kepemimpinan",
        actor=actor(org.admin_bkd),
    )
    return {"public_id": exemption.public_id}


KINDS = {
    "tpp_penalty": _penalty,
    "tpp_exemption": _exemption,
    "tpp_scheme": _scheme,
    "tpp_year_month": _year_month,
    "tpp_opd_month": _opd_month,
    "tpp_month": lambda org: {"public_id": _computed(org).public_id},
    "tpp_run": _run,
    "tpp_own_month": _own_month,
    "tpp_line": _line,
    "tpp_nip": lambda org: {"nip": org.pegawai.nip},
}

ROWS = {
    "tpp:admin": ("get", None, ADMINS_ONLY),
    "tpp:month": ("get", "tpp_year_month", ADMINS_ONLY),
    "tpp:compute_all": ("post", "tpp_year_month", BKD_POST),
    "tpp:compute_opd": ("post", "tpp_opd_month", BKD_POST),
    "tpp:run_progress": ("get", "tpp_run", BKD_ONLY),
    "tpp:month_opd": ("get", "tpp_month", ADMINS_IN_SCOPE),
    "tpp:month_lock": ("post", "tpp_month", BKD_POST_IN_SCOPE),
    "tpp:month_reopen": ("post", "tpp_month", BKD_POST_IN_SCOPE),
    "tpp:scheme_edit": ("get", "tpp_scheme", BKD_ONLY),
    "tpp:scheme_start": ("post", "tpp_scheme", BKD_POST),
    "tpp:scheme_posts": ("get", "tpp_scheme", BKD_ONLY),
    "tpp:mine": ("get", None, EVERYONE_LOGGED_IN),
    # Those who appraise someone: the kasi, the kabid, the kadis.
    "tpp:team": ("get", None, row(302, 404, 200, 200, 200, 404, 404, 404)),
    # One's own month of DINKES: everyone there; the others' OPDs were not computed.
    "tpp:mine_month": ("get", "tpp_own_month", row(302, 200, 200, 200, 200, 200, 404, 404)),
    "tpp:employee_months": ("get", "tpp_nip", READS_THE_PEGAWAI),
    "tpp:employee_month": ("get", "tpp_line", READS_THE_PEGAWAI),
    "tpp:recap_upload": ("get", None, ADMINS_ONLY),
    "tpp:recap_template": ("get", None, ADMINS_ONLY),
    "tpp:penalties": ("get", None, ADMINS_ONLY),
    "tpp:penalty_remove": ("post", "tpp_penalty", ADMIN_POST_IN_SCOPE),
    "tpp:exemption_remove": ("post", "tpp_exemption", ADMIN_POST_IN_SCOPE),
}

# The scheme's form answers an empty POST by showing itself again with its errors.
POST_ROWS = {
    "tpp:scheme_edit": ("tpp_scheme", BKD_ONLY),
    "tpp:scheme_posts": ("tpp_scheme", BKD_ONLY),
    "tpp:recap_upload": (None, ADMINS_ONLY),
    "tpp:penalties": (None, ADMINS_ONLY),
}
