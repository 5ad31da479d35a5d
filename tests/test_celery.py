"""The Celery app and its beat schedule: every scheduled task exists and runs (twice: idempotent)."""

import pytest

from config.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.django_db
def test_scheduled_tasks_run_twice_without_harm():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        first = app.tasks[entry["task"]].apply().get()
        second = app.tasks[entry["task"]].apply().get()
        assert second == 0 or second == first
