"""The shape of the code (ARCHITECTURE.md): one naming rule, a docstring on every package."""

import ast
from pathlib import Path

from django.conf import settings

APPS = (
    "core",
    "config",
    "accounts",
    "notifications",
    "indicators",
    "appraisal",
    "feedback",
    "reports",
)
# The kinds of module a sub-domain holds; a module is named for its kind, never prefixed or
# suffixed with one (`calibration_selectors.py`, `selectors_evaluation.py`): a sub-domain with
# more than a couple of modules is a package named for it.
LAYERS = (
    "models",
    "services",
    "selectors",
    "policies",
    "views",
    "forms",
    "urls",
    "filters",
    "tasks",
    "panels",
    "demo",
    "admin",
    "rules",
    "extensions",
)


def _modules():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            # Migrations and management commands are named for Django and for scripts.
            if "migrations" not in path.parts and "commands" not in path.parts:
                yield path.relative_to(root)


def test_no_module_is_named_with_a_layer_prefix_or_suffix():
    offenders = [
        str(path)
        for path in _modules()
        for layer in LAYERS
        if path.stem.startswith(f"{layer}_") or path.stem.endswith(f"_{layer}")
    ]
    assert offenders == []


def test_every_package_says_what_it_owns_in_one_line():
    root = Path(settings.BASE_DIR)
    missing = []
    for path in _modules():
        if path.name != "__init__.py" or "management" in path.parts:
            continue
        docstring = ast.get_docstring(ast.parse((root / path).read_text()))
        if not docstring or not docstring.strip():
            missing.append(str(path))
    assert missing == []
