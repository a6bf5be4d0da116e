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
