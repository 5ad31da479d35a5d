"""Wiring: settings, URLs, the Celery app and its schedule, WSGI/ASGI, health and error pages."""

from config.celery import app as celery_app

__all__ = ("celery_app",)
