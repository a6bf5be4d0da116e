"""The front end's unit tests (node's own test runner, backend/web/tests/*.test.js) pass: the pure
modules — survey engine, outbox sending rules, French formats, CSV — without a browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from tests.pwa.conftest import PWA


def test_the_front_end_unit_tests_pass(built_pwa):  # built_pwa: node_modules are installed
    node = shutil.which("node")
    assert node, "node is missing: run scripts/install-system.sh test"
    result = subprocess.run(
        [node, "--test", "tests/"],
        cwd=PWA,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_OPTIONS": ""},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    passed = int(re.search(r"^# pass (\d+)$", output, re.M).group(1))
    assert passed >= 18, output[-2000:]
