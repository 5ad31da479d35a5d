"""Signed-in feedback pages: each part of the app keeps its routes in `urls_<part>.py`."""

import contextlib
from importlib import import_module

app_name = "feedback"

urlpatterns: list = []
for _part in ("threads", "coaching", "survey", "public"):
    with contextlib.suppress(ModuleNotFoundError):
        urlpatterns += import_module(f"feedback.urls_{_part}").urlpatterns
