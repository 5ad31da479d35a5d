"""Placeholder module: being written (replaced before commit)."""
from django.http import HttpResponse


def skp_pdf(request, **kwargs):
    return HttpResponse(status=501)
