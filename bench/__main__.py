"""`make bench`: runs every ``bench/bench_*.py`` module's ``run()`` and prints the ratios.

``python -m bench [name-fragment …]`` runs only the modules whose name contains a fragment.
"""

from __future__ import annotations

import importlib
import json
import pathlib
import sys
import traceback

HERE = pathlib.Path(__file__).parent


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(fragment in n for fragment in argv)]
    results, failures = [], 0
    for name in names:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            for result in module.run():
                print("  " + result.line(), flush=True)
                results.append(result)
        except Exception:  # a broken benchmark is reported, the others still run
            failures += 1
            traceback.print_exc()
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(
            [r.__dict__ | {"ratio": r.ratio, "verdict": r.verdict} for r in results],
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
