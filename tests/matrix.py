"""Shared pieces of the permission matrix: a row per persona, and the common expectations.

Each area adds its own rows in ``tests/<area>/matrix_rows.py`` (or ``matrix_rows_<part>.py``):
``ROWS`` (name → (method, kind, expected)), optionally ``POST_ROWS`` (name → (kind, expected)) and ``KINDS`` (kind → a function of
the ``org`` fixture returning the URL kwargs). test_permissions_matrix.py collects them all.
"""

from tests.conftest import PERSONAS

ANON, PEG, PPK, ATS, KEP, AOPD, AOTH, BKD = PERSONAS


def row(anonymous, pegawai, ppk, atasan_ppk, kepala_unit, admin_opd, admin_opd_other, admin_bkd):
    return dict(
        zip(
            PERSONAS,
            (
                anonymous,
                pegawai,
                ppk,
                atasan_ppk,
                kepala_unit,
                admin_opd,
                admin_opd_other,
                admin_bkd,
            ),
            strict=True,
        )
    )


EVERYONE_LOGGED_IN = row(302, 200, 200, 200, 200, 200, 200, 200)
ADMINS_ONLY = row(302, 403, 403, 403, 403, 200, 200, 200)
ADMINS_IN_SCOPE = row(302, 403, 403, 403, 403, 200, 404, 200)
MANAGE_EMPLOYEE = row(302, 403, 403, 403, 403, 200, 404, 200)
MANAGE_EMPLOYEE_POST = row(302, 403, 403, 403, 403, 302, 404, 302)
BKD_ONLY = row(302, 403, 403, 403, 403, 403, 403, 200)
