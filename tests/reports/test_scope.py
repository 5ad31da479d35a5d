"""Scoping: an admin BKD sees every OPD, an admin OPD only their own, a PPK only their team;
everyone else has no reports. An OPD outside the scope does not exist (404)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.org.roles import roles_for_user
from reports.scope import AGENCY, OPD, TEAM, require_scope, scope_opds
from tests.reports.conftest import YEAR, export_bytes, read_workbook


def _scope(org, persona):
    return require_scope(roles_for_user(getattr(org, persona).user))


def _nips(org, persona, identifier="ranking", **kwargs):
    _book, sheets = read_workbook(export_bytes(identifier, _scope(org, persona), **kwargs))
    return [row[1] for row in list(sheets.values())[1][1:]]


def test_scopes_of_the_personas(org):
    assert _scope(org, "admin_bkd").kind == AGENCY
    assert _scope(org, "admin_opd").kind == OPD
    assert _scope(org, "ppk").kind == TEAM
    assert _scope(org, "ppk").employee_ids == {org.pegawai.pk, org.colleague.pk}
    with pytest.raises(PermissionDenied):
        _scope(org, "pegawai")


def test_admin_opd_gets_only_their_opd(org, results):
    assert _nips(org, "admin_opd") == [
        org.ppk.nip,
        org.pegawai.nip,
        org.colleague.nip,
        org.atasan_ppk.nip,
        org.kepala_unit.nip,
        org.admin_opd.nip,
    ]
    assert _nips(org, "admin_opd_other") == [org.outsider.nip]
    assert [o.code for o in scope_opds(_scope(org, "admin_opd"))] == ["DINKES"]


def test_admin_opd_asking_for_another_opd_gets_404(org, results):
    with pytest.raises(Http404):
        export_bytes("ranking", _scope(org, "admin_opd"), opd="DISDIK")


def test_ppk_gets_only_their_team(org, results):
    assert _nips(org, "ppk") == [org.pegawai.nip, org.colleague.nip]
    assert _nips(org, "ppk", "development_needs") == []
    # The kabid appraises the kasi alone.
    assert _nips(org, "atasan_ppk") == [org.ppk.nip]


def test_ppk_is_offered_only_the_team_exports(org, login, results):
    page = login("ppk").get(reverse("reports:index"), {"year": YEAR})
    offered = page.context["exporters"]
    assert {cls.identifier for cls in offered} == {
        "ranking",
        "top_performers",
        "development_needs",
        "objections",
        "credit_points",
        "iki_achievement",  # their team's IKI only (scope_q)
    }
    refused = login("ppk").post(reverse("reports:export", args=["bkn"]), {"year": YEAR})
    assert refused.status_code == 404


def test_view_scoping(org, login, results):
    response = login("admin_opd").post(
        reverse("reports:export", args=["ranking"]), {"year": YEAR, "opd": "DISDIK"}
    )
    assert response.status_code == 404
    response = login("admin_opd").post(
        reverse("reports:export", args=["ranking"]), {"year": YEAR, "opd": "DINKES"}
    )
    assert response.status_code == 200
    _book, sheets = read_workbook(b"".join(response.streaming_content))
    assert len(sheets["Peringkat"]) == 7
    assert login("pegawai").get(reverse("reports:index")).status_code == 403
