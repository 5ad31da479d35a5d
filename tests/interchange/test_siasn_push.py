"""Pushing final results to SIASN (issue 21, item 4), against the loopback SIASN server: the
document uploaded then the result saved with its path; a re-push of an unchanged result sends
nothing, a changed one updates the same SIASN record (never a duplicate); a refusal keeps BKN's
message; a lost answer is checked against SIASN's own list before sending again; the dry run
writes one payload per result, each valid against the schema, and sends nothing."""

import copy
import json
import time

import pytest
from django.core.management import call_command

from appraisal.evaluation import services as ev
from interchange.siasn import payloads, push
from interchange.siasn.client import SiasnClient
from interchange.siasn.models import PushState, ResultPush
from tests.actors import actor
from tests.appraisal.test_evaluation_pdf import scored
from tests.interchange.siasn_server import (
    DATASET,
    employee,
    siasn_fixture,  # noqa: F401 (the fixture `siasn`)
    siasn_server_fixture,  # noqa: F401 (the fixture `siasn_server`)
)

pytestmark = pytest.mark.django_db

SID = "S-PEGAWAI-UJI"


@pytest.fixture
def result(approved, org):
    """The pegawai's first quarter, finalised (Baik), with their SIASN id."""
    org.pegawai.siasn_id = SID
    org.pegawai.save(update_fields=["siasn_id"])
    return ev.evaluation_finalise(scored(approved), actor=actor(org.ppk))


@pytest.fixture
def server(siasn, org):
    dataset = copy.deepcopy(DATASET)
    dataset["employees"][org.pegawai.nip] = employee(
        org.pegawai.nip, SID, org.pegawai.name, "U-P2P", "Pengelola Data", "32", "III/b"
    )
    siasn.load(dataset)
    return siasn


def stored(server, endpoint=payloads.PERIODIC) -> dict:
    return server.stored()["records"][endpoint]


def test_a_result_is_uploaded_then_saved_with_its_document(server, result, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with SiasnClient(sleep=lambda s: None) as client:
        pushed = push.result_push(result, client)
    assert pushed.state == PushState.SENT and pushed.siasn_id
    [record] = stored(server).values()
    assert record["pnsDinilaiId"] == SID and record["kuadranKinerjaNilai"] == 2  # Baik
    assert record["path"] and record["path"][0]["dok_id"]
    assert server.calls("upload-dok")


def test_unchanged_is_not_sent_again_and_a_change_updates_the_same_record(
    server, result, org, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    with SiasnClient(sleep=lambda s: None) as client:
        first = push.result_push(result, client)
        saves = len(server.calls("kinerjaperiodik/save"))
        push.result_push(result, client)
        assert len(server.calls("kinerjaperiodik/save")) == saves  # nothing new to send
        # An objection decided: the ratings change, the same SIASN record is updated.
        result.rating_hasil = "DI_ATAS_EKSPEKTASI"
        result.predicate = "SANGAT_BAIK"
        result.save(update_fields=["rating_hasil", "predicate"])
        again = push.result_push(result, client)
    assert again.siasn_id == first.siasn_id
    [record] = stored(server).values()
    assert record["kuadranKinerjaNilai"] == 1


def test_a_refusal_keeps_bkns_message(server, result, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    server.fail("400", path="kinerjaperiodik/save", message=["* PeriodikId tidak dikenal"])
    with SiasnClient(sleep=lambda s: None) as client:
        pushed = push.result_push(result, client)
    assert pushed.state == PushState.FAILED and "PeriodikId" in pushed.message
    assert stored(server) == {}


def test_a_lost_answer_is_checked_before_sending_again(server, result, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SIASN_TIMEOUT = 0.3
    server.fail("timeout", path="kinerjaperiodik/save", seconds=1.0)
    with SiasnClient(sleep=lambda s: None) as client:
        lost = push.result_push(result, client)
        assert lost.state == PushState.UNKNOWN
        time.sleep(1.0)  # the late save lands at SIASN, as a real late answer would
        again = push.result_push(result, client)
    assert again.state == PushState.SENT
    assert len(stored(server)) == 1  # SIASN kept the first; the second updated it


def test_the_dry_run_writes_valid_payloads_and_sends_nothing(server, result, tmp_path):
    output = tmp_path / "siasn.json"
    call_command(
        "siasn_push", "--cycle", str(result.skp.cycle.year), "--dry-run", "--output", str(output)
    )
    entries = json.loads(output.read_text())
    assert [(e["endpoint"], e["nip"]) for e in entries] == [
        (payloads.PERIODIC, result.skp.employee.nip)
    ]
    assert payloads.validate_payload(entries[0]["endpoint"], entries[0]["payload"]) == []
    assert server.calls("save") == [] and not ResultPush.objects.exists()


def test_the_periodic_pass_sends_each_result_once(server, result, settings, tmp_path):
    from interchange.siasn.tasks import push_pending, to_push

    settings.MEDIA_ROOT = str(tmp_path)
    assert push_pending() == 0  # off until SIASN_PUSH_ENABLED
    settings.SIASN_PUSH_ENABLED = True
    assert push_pending() == 1
    assert push_pending() == 0 and not to_push().exists()
    assert len(server.calls("kinerjaperiodik/save")) == 1
    # Acknowledged by the employee: the evaluation changed, its result did not.
    result.acknowledged_at = result.finalised_at
    result.save(update_fields=["acknowledged_at", "updated_at"])
    assert push_pending() == 1
    assert len(server.calls("kinerjaperiodik/save")) == 1 and not to_push().exists()


# ----- the reference lists and the status page ------------------------------------------------------


def test_a_code_that_differs_at_siasn_stops_every_push(server, result, settings, tmp_path):
    from interchange.siasn.tasks import push_pending

    settings.MEDIA_ROOT = str(tmp_path)
    settings.SIASN_PUSH_ENABLED = True
    changed = copy.deepcopy(DATASET)
    changed["employees"][result.skp.employee.nip] = employee(
        result.skp.employee.nip, SID, "Pegawai", "U-P2P", "Pengelola Data", "32", "III/b"
    )
    changed["references"]["kuadranNilai"][0]["nama"] = "Istimewa"
    server.load(changed)
    from interchange.siasn.models import ReferenceCheck

    assert push_pending() == 0
    assert not ReferenceCheck.objects.latest().ok, ReferenceCheck.objects.latest().differences
    assert server.calls("kinerjaperiodik/save") == []
    with pytest.raises(Exception, match="kuadranNilai 1"):
        call_command("siasn_push", "--cycle", str(result.skp.cycle.year))


def test_the_status_page_lists_failures_and_sends_them_again(
    server, result, org, login, settings, tmp_path
):
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path)
    server.fail("400", path="kinerjaperiodik/save", message=["* PeriodikId tidak dikenal"])
    with SiasnClient(sleep=lambda s: None) as client:
        push.result_push(result, client)
    admin = login("admin_bkd")
    url = reverse("interchange:siasn_status") + f"?year={result.skp.cycle.year}"
    page = admin.get(url).content.decode()
    assert "PeriodikId tidak dikenal" in page and result.skp.employee.nip in page
    admin.post(reverse("interchange:siasn_retry", args=[result.public_id]))
    assert ResultPush.objects.get(evaluation=result).state == PushState.SENT
    assert 'data-testid="siasn-no-failures"' in admin.get(url).content.decode()
    assert login("admin_opd").get(url).status_code == 403


def test_the_admin_bkd_sends_a_years_results_from_the_status_page(
    server, result, org, login, settings, tmp_path
):
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path)
    admin = login("admin_bkd")
    year = result.skp.cycle.year
    page = admin.get(reverse("interchange:siasn_status") + f"?year={year}").content.decode()
    assert 'data-testid="siasn-push-year"' in page
    admin.post(reverse("interchange:siasn_push_year"), {"year": year})
    assert ResultPush.objects.get(evaluation=result).state == PushState.SENT
    assert len(stored(server)) == 1
    # Sent and unchanged: a second press queues nothing.
    response = admin.post(reverse("interchange:siasn_push_year"), {"year": year}, follow=True)
    assert "0 hasil" in response.content.decode() and len(stored(server)) == 1


def test_sending_a_year_stops_when_siasn_codes_differ(server, result, login, settings):
    from django.urls import reverse

    changed = copy.deepcopy(DATASET)
    changed["employees"][result.skp.employee.nip] = employee(
        result.skp.employee.nip, SID, "Pegawai", "U-P2P", "Pengelola Data", "32", "III/b"
    )
    changed["references"]["kuadranNilai"][0]["nama"] = "Istimewa"
    server.load(changed)
    login("admin_bkd").post(reverse("interchange:siasn_push_year"), {"year": result.skp.cycle.year})
    assert not ResultPush.objects.filter(evaluation=result).exists() and not stored(server)


def test_siasn_down_stops_the_command_and_is_recorded(server, result, settings, tmp_path):
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT = str(tmp_path)
    settings.SIASN_RETRIES = 0
    server.fail("503", times=50, path="upload-dok")
    with pytest.raises(CommandError, match="tidak dapat dihubungi"):
        call_command("siasn_push", "--cycle", str(result.skp.cycle.year))
    pushed = ResultPush.objects.get(evaluation=result)
    assert pushed.state == PushState.FAILED and pushed.sending_since is None
    assert "upload-dok" in pushed.message
