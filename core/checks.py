"""System checks of our own settings, run with Django's deployment checklist (`check --deploy`,
`make check-deploy`).

SITE_URL is where every link read outside the browser points: activation and reset e-mails and
slips, reminder e-mails, public short URLs and QR posters. A request's Host header never builds
them (it can be forged), so production must name the site, on a host it serves.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.http.request import validate_host


def _host(hostname: str) -> str:
    """A host as ALLOWED_HOSTS writes it: an IPv6 address in brackets."""
    return f"[{hostname}]" if ":" in hostname else hostname


@register(Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    """SITE_URL set to an http(s) address whose host ALLOWED_HOSTS accepts."""
    url = (settings.SITE_URL or "").strip()
    if not url:
        return [
            Error(
                "SITE_URL belum diisi: tautan di e-mail, slip aktivasi, pengingat dan poster QR "
                "tidak akan dapat dibuka.",
                hint="Isi SITE_URL dengan alamat situs, misalnya https://kinerja.example.go.id.",
                id="kinerja.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                f"SITE_URL={url!r} bukan alamat http(s) yang lengkap.",
                hint="Tulis skema dan nama host, misalnya https://kinerja.example.go.id.",
                id="kinerja.E002",
            )
        ]
    if not validate_host(_host(parts.hostname), settings.ALLOWED_HOSTS):
        return [
            Error(
                f"Host SITE_URL ({parts.hostname}) tidak ada di ALLOWED_HOSTS: tautan yang dikirim "
                "akan ditolak situs ini sendiri.",
                hint="Samakan SITE_URL dengan salah satu host di ALLOWED_HOSTS.",
                id="kinerja.E003",
            )
        ]
    return []
