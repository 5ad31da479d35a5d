"""Placeholder module: being written (replaced before commit)."""
from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse(status=501)


monitoring = monitoring_opd = broken_links = _todo
