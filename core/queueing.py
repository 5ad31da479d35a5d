"""Handing work to Celery without ever breaking the request that asked for it.

Tasks are enqueued after the transaction commits (a worker must see the rows it is given) and a
broker that is down must not turn a saved change into an error page: the change is already
committed, and every task enqueued through here has a scheduled catch-up that finds the work
again from the database (unsent e-mails, due reminders, unfinished exports).
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task`` to the broker now; on a broker failure log it and return False."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:  # kombu raises OperationalError, redis ConnectionError, socket errors...
        logger.warning("broker unavailable: %s left for the catch-up run", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue ``task`` with these arguments (ids, not model instances) once the transaction
    commits; outside a transaction, at once."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
