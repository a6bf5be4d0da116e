"""The pure packages stay pure: an analyst can use them without a server."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
FORBIDDEN = ("flask", "flask_smorest", "flask_sqlalchemy", "sqlalchemy", "geoalchemy2", "backend")


def imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["surveys", "analysis"])
def test_pure_package_imports_no_web_or_database_layer(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no module"
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert not offenders, sorted(offenders)


def test_layering_check_catches_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from sqlalchemy import orm\nimport flask.json\n", encoding="utf-8")
    assert {"sqlalchemy", "flask.json"} <= imported_modules(module)


SERVICES = ROOT / "backend" / "services"


@pytest.mark.parametrize("path", sorted(SERVICES.glob("*.py")), ids=lambda p: p.name)
def test_services_know_nothing_of_the_web_framework_or_the_edges(path):
    """Services take a scope, plain values and their settings; routes, commands and the job
    runner (the edges) call them, never the reverse."""
    edges = {
        "backend.resources",
        "backend.cli",
        "backend.jobs",
        "backend.webhook_jobs",
        "flask_smorest",
    }
    names = imported_modules(path)
    reversed_arrows = sorted(
        n for n in names if any(n == e or n.startswith(e + ".") for e in edges)
    )
    assert reversed_arrows == []
    assert not {n for n in names if n.split(".")[0] == "flask"}, path.name
    # The edge ends the transaction (a route, a command, a job): a service only flushes.
    assert ".commit()" not in path.read_text(encoding="utf-8"), path.name


def test_models_do_not_reach_up_to_services_or_edges():
    for path in sorted((ROOT / "backend" / "models").glob("*.py")):
        upward = {
            n
            for n in imported_modules(path)
            if n.startswith(("backend.services", "backend.resources", "backend.cli"))
        }
        assert not upward, (path.name, upward)


RESOURCES = ROOT / "backend" / "resources"
# OpenRosa speaks XML to ODK Collect, outside the OpenAPI document: no marshmallow shapes.
WITHOUT_SCHEMAS = {"openrosa"}


@pytest.mark.parametrize(
    "package",
    sorted(p for p in RESOURCES.iterdir() if (p / "__init__.py").exists()),
    ids=lambda p: p.name,
)
def test_every_resource_is_routes_and_schemas(package):
    """One layout for every resource: ``routes.py`` (the views) and ``schemas.py`` (the shapes),
    with an ``__init__`` that only names the blueprint."""
    assert (package / "routes.py").exists(), package.name
    if package.name not in WITHOUT_SCHEMAS:
        assert (package / "schemas.py").exists(), package.name
        routes = (package / "routes.py").read_text(encoding="utf-8")
        assert "(Schema)" not in routes, f"{package.name}: a schema defined among the routes"
    init = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in init.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))], (
        package.name
    )


def test_the_old_duplicates_stay_gone():
    """Each rule has one home: file downloads in extensions/downloads.py, role lists in
    services/scope.py, French numbers in analysis/french.py; no service builds a fake account."""
    backend = sorted((ROOT / "backend").rglob("*.py"))
    texts = {path: path.read_text(encoding="utf-8") for path in backend}
    disposition = [p.name for p, text in texts.items() if "Content-Disposition" in text]
    assert disposition == ["downloads.py"], disposition
    role_lists = [
        str(p.relative_to(ROOT))
        for p, text in texts.items()
        if p.parent.name in ("services", "resources") or "resources" in p.parts
        if p.name != "scope.py" and ('"animateur", "' in text or "'animateur', '" in text)
    ]
    assert role_lists == [], role_lists
    assert not [p.name for p, text in texts.items() if "_unrestricted" in text]
    formatters = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "analysis").rglob("*.py")) + backend
        if ":,." in p.read_text(encoding="utf-8") and p.name != "french.py"
    ]
    assert formatters == [], formatters
