"""The PWA shell's weight: what a phone downloads, gzip-compressed, on its first visit, beside the
200 KB budget (ratio = budget / size: 1 or more is within budget)."""

from __future__ import annotations

import json
import pathlib
import subprocess

from bench.common import Result

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIST = ROOT / "backend" / "web" / "dist"
BUDGET_KB = 200.0


def shell_size_bytes(dist: pathlib.Path = DIST) -> tuple[int, int]:
    """(compressed bytes, number of files) of the shell the service worker precaches, as served:
    the build's .gz for text files, images as they are."""
    shell = json.loads((dist / "shell.json").read_text(encoding="utf-8"))
    total = 0
    for url in shell:
        path = dist / ("index.html" if url == "/" else url.lstrip("/"))
        gzipped = path.with_name(path.name + ".gz")
        total += (gzipped if gzipped.exists() else path).stat().st_size
    return total, len(shell)


def run() -> list[Result]:
    subprocess.run([str(ROOT / "scripts" / "build-pwa.sh")], check=True)  # no-op when up to date
    size, files = shell_size_bytes()
    return [
        Result(
            name="coquille de la PWA (premier chargement, gzip)",
            value=size / 1024,
            unit="Ko",
            baseline=BUDGET_KB,
            baseline_label="budget",
            higher_is_better=False,
            target=1.0,
            note=f"{files} fichiers",
        )
    ]
