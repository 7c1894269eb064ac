"""Suite-wide pytest hooks: the app-script and app-url options and the CI rule that nothing may be skipped."""

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--app-script",
        default="serve.py",
        help="Streamlit script the browser tests start, relative to the repo root (default: serve.py, as start.sh).",
    )
    parser.addoption(
        "--app-url",
        default="",
        help="A dashboard already running on loopback (e.g. the container of scripts/build_image.sh) for the "
        "browser tests' app_url instead of one they start (default: they start one).",
    )


class SkipRecorder:
    """Collects every skipped test or module so CI can refuse a run that silently left tests out."""

    def __init__(self) -> None:
        self.skipped: list[str] = []

    def _record(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        # An expected failure is reported as skipped too; only real skips hide missing coverage.
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skipped.append(f"{report.nodeid}: {reason}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._record(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._record(report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.skipped and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.skipped:
            return
        terminalreporter.write_sep("=", f"CI is set: {len(self.skipped)} skipped test(s) fail the run", red=True)
        for line in self.skipped:
            terminalreporter.write_line(f"SKIPPED {line}", red=True)


def pytest_configure(config: pytest.Config) -> None:
    # CI has everything the suite needs (../shared included), so a skip there means a test did not run.
    if os.environ.get("CI"):
        config.pluginmanager.register(SkipRecorder(), "ci-skip-recorder")
