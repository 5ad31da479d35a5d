"""Celery tasks of login accounts: thin, taking ids, enqueued after commit by the callers."""

import logging
import smtplib

from celery import shared_task
from django.contrib.auth import get_user_model

from accounts.logins.emails import send_account_link, send_password_reset
from accounts.org.roles import actor_of_user
from core.actor import Actor
from core.figures import new_generation

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_account_links(self, user_ids: list[int], purpose: str, actor_id: int | None) -> int:
    """E-mail a fresh one-time link to each user. A retry issues new links (older ones die), so a
    person never holds two working links. `actor_id`: the administrator who asked (their
    credentials' creator), or None for the system."""
    User = get_user_model()
    requester = User.objects.filter(pk=actor_id).first() if actor_id else None
    actor = actor_of_user(requester) if requester else Actor.system("account links")
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).select_related("employee"):
        if user.email and send_account_link(user, purpose, actor=actor):
            sent += 1
    logger.info("account links sent=%s purpose=%s", sent, purpose)
    new_generation()  # the account overview's kept counts: these people are invited now
    return sent


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_password_resets(user_ids: list[int]) -> int:
    """E-mail the forgot-password link to each of these accounts: those a request's address
    matched (none, one, or a few sharing it). The page enqueues this for a known address and an
    unknown one alike, so both answer after the same work; the e-mail leaves from the worker.
    A retry sends a fresh link: every link stays valid until a password is set with one. A
    request lost with the broker down has no catch-up: the page asks to try again if nothing
    arrives."""
    User = get_user_model()
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).select_related("employee"):
        if send_password_reset(user):
            sent += 1
    logger.info("password reset e-mails sent=%s", sent)
    return sent
