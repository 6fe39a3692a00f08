"""The house is built in floors: each app imports only from the floors below it.

    rtw  <  cases  <  checkins  <  outcomes  <  plans  <  supervision, reports  <  demo, urls.py

Imports inside functions count too: a lazy import up a floor is still a dependency up a floor.
Apps reach upward only through the registries the lower floor offers (``cases.worklist``,
``cases.pages``, ``checkins.reminders.register_producer``), called from ``AppConfig.ready()``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOOR = {
    "rtw": 0,
    "cases": 1,
    "checkins": 2,
    "outcomes": 3,
    "plans": 4,
    "supervision": 5,
    "reports": 5,
    "api": 5,
    "demo": 6,
    "urls": 6,
}
LARGEST_MODULE = 500


def _modules(app: str) -> list[Path]:
    if (ROOT / f"{app}.py").exists():
        return [ROOT / f"{app}.py"]
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in FLOOR)
    return found


@pytest.mark.parametrize("app", sorted(FLOOR))
def test_app_imports_only_from_its_own_floor_or_below(app):
    upward = sorted(
        f"{path.relative_to(ROOT)} imports {other}"
        for path in _modules(app)
        for other in _imported_apps(path)
        if FLOOR[other] > FLOOR[app]
    )
    assert upward == []


def test_the_checker_sees_an_upward_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from plans.models import Plan\n")
    assert _imported_apps(module) == {"plans"}


def test_no_module_grows_past_about_five_hundred_lines():
    long = sorted(
        f"{path.relative_to(ROOT)}: {n} lines"
        for app in FLOOR
        for path in _modules(app)
        if (n := len(path.read_text().splitlines())) > LARGEST_MODULE
    )
    assert long == []
