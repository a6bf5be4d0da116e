"""The front end's layout holds: ``shared/`` imports from neither app, and neither app from the other
(backend/web/README.md says where each module goes)."""

from __future__ import annotations

import pathlib
import re

import pytest

from tests.conftest import ROOT

WEB = ROOT / "backend" / "web"
IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}/[^"']+)["']""")
ALLOWED = {"app": {"app", "shared"}, "console": {"console", "shared"}, "shared": {"shared"}}


def relative_imports(path: pathlib.Path) -> list[pathlib.Path]:
    text = path.read_text(encoding="utf-8")
    return [(path.parent / spec).resolve() for spec in IMPORT.findall(text)]


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_each_folder_imports_only_what_it_may(folder):
    files = sorted((WEB / folder).rglob("*.js"))
    assert files, f"backend/web/{folder} has no module"
    offenders = []
    for path in files:
        for target in relative_imports(path):
            assert target.is_file(), f"{path.relative_to(ROOT)} imports a missing {target}"
            owner = target.relative_to(WEB).parts[0]
            if owner not in ALLOWED[folder]:
                offenders.append(f"{path.relative_to(WEB)} → {target.relative_to(WEB)}")
    assert not offenders, offenders


def test_the_check_sees_an_import_across_the_apps(tmp_path):
    module = tmp_path / "shared" / "m.js"
    module.parent.mkdir()
    module.write_text('import { x } from "../app/outbox.js";\nconst y = await import("./z.js");\n')
    assert relative_imports(module) == [
        (tmp_path / "app" / "outbox.js").resolve(),
        (tmp_path / "shared" / "z.js").resolve(),
    ]
