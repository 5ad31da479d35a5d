"""Two PPK tabs (or a PPK and a delegate) rating the same evaluation at the same instant: exactly
one save wins, the other is refused with a message naming who saved, and nothing is mixed."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from appraisal.choices import EvaluationStatus
from appraisal.evaluation import services
from appraisal.evaluation.services import StaleEvaluation
from core.errors import DomainError
from tests.actors import actor, system
from tests.appraisal.conftest import Plan, open_cycle_for

ABOVE, BELOW = "DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"


def _race(*actions) -> list:
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        barrier.wait()
        try:
            outcomes.append(("ok", action()))
        except DomainError as refusal:
            outcomes.append(("refused", refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def evaluation(org):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent transactions need PostgreSQL (SQLite serialises whole writes)")
    plan = Plan(org, open_cycle_for(timezone.localdate().year))
    *_, kasi = plan.chain()
    approved = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    return services.evaluation_for(approved, 1, actor=system())


@pytest.mark.django_db(transaction=True)
def test_two_ratings_of_the_same_evaluation_at_once_exactly_one_wins(evaluation, org):
    def save(rating):
        return lambda: services.evaluation_save(
            evaluation,
            expected_version=evaluation.version,
            rating_hasil=rating,
            rating_perilaku=rating,
            actor=actor(org.ppk),  # built in the racing thread, with its own roles
        )

    outcomes = _race(save(ABOVE), save(BELOW))
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok", "refused"]
    winner = next(result for kind, result in outcomes if kind == "ok")
    refusal = next(result for kind, result in outcomes if kind == "refused")
    assert isinstance(refusal, StaleEvaluation) and str(refusal)
    evaluation.refresh_from_db()
    assert evaluation.version == 2  # one save, not two
    assert (evaluation.rating_hasil, evaluation.rating_perilaku) == (
        winner.rating_hasil,
        winner.rating_hasil,
    )


@pytest.mark.django_db(transaction=True)
def test_two_finalisations_at_once_finalise_once(evaluation, org):
    scored = services.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil=ABOVE,
        rating_perilaku=ABOVE,
        actor=actor(org.ppk),
    )

    def finalise():
        return services.evaluation_finalise(scored, actor=actor(org.ppk))

    outcomes = _race(finalise, finalise)
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    scored.refresh_from_db()
    assert scored.status == EvaluationStatus.FINALISED
    assert scored.history.filter(status=EvaluationStatus.FINALISED).count() == 1
