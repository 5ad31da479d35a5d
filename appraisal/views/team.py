"""Placeholder module: being written (replaced before commit)."""
from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse(status=501)


team = skp_review = role_matrix = hand_down = _todo
