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
    "tpp",
    "interchange",
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


def _functions(path):
    root = Path(settings.BASE_DIR)
    tree = ast.parse((root / path).read_text())
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_is_longer_than_60_lines_outside_demo_data():
    long = [
        f"{path}:{fn.lineno} {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
        for path in _modules()
        if "demo" not in path.parts and path.stem != "demo"
        for fn in _functions(path)
        if fn.end_lineno - fn.lineno + 1 > 60
    ]
    assert long == []


def test_only_core_history_sets_the_history_reason_and_user():
    root = Path(settings.BASE_DIR)
    setters = [
        f"{path}:{node.lineno}"
        for path in _modules()
        if path != Path("core/history.py")
        for node in ast.walk(ast.parse((root / path).read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr in ("_change_reason", "_history_user")
        and isinstance(node.ctx, ast.Store)
    ]
    assert setters == []


def _is_atomic(fn) -> bool:
    return any("atomic" in ast.unparse(decorator) for decorator in fn.decorator_list)


def test_every_mutating_service_takes_a_required_keyword_actor():
    """A service that writes in a transaction says who acts (core.actor.Actor): a keyword-only
    `actor` with no default, so no caller can leave it out or pass None by position."""
    offenders = []
    for path in _modules():
        if "services" not in path.parts and path.stem != "services":
            continue
        for fn in _functions(path):
            if fn.name.startswith("_") or not _is_atomic(fn):
                continue
            kwonly = {
                a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True)
            }
            if "actor" not in kwonly or kwonly["actor"] is not None:
                offenders.append(f"{path}:{fn.lineno} {fn.name}")
    assert offenders == []


def test_no_function_accepts_a_missing_actor():
    optional = [
        f"{path}:{fn.lineno} {fn.name}"
        for path in _modules()
        for fn in _functions(path)
        for arg, default in [
            *zip(fn.args.args[::-1], fn.args.defaults[::-1], strict=False),
            *zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True),
        ]
        if arg.arg in ("actor", "actor_employee")
        and default is not None
        and isinstance(default, ast.Constant)
        and default.value is None
    ]
    assert optional == []
