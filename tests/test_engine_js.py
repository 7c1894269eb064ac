"""The map engine's modules (static/engine/) under their own unit tests, tests/js/*.test.js, run with
Node's own test runner: here, so that `.ci/run` runs them with the rest (scripts/test.sh installs
Debian's nodejs when Node is missing)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
JS_TESTS = sorted((REPO / "tests" / "js").glob("*.test.js"))


def test_the_engine_modules_pass_their_node_tests() -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node is missing: scripts/test.sh installs Debian's nodejs package"
    assert JS_TESTS
    # The view cases' test has the export write the engine's data with this interpreter.
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(
        [node, "--test", *map(str, JS_TESTS)], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.MULTILINE)
    assert passed and int(passed.group(1)) >= len(JS_TESTS), report
    assert re.search(r"^# fail 0$", result.stdout, re.MULTILINE), report
