"""The deployment files say what the README promises: non-root, health check, safe shared-link config."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_dockerfile_runs_the_readme_setup_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in dockerfile.splitlines()]

    assert any(line.startswith("FROM python:3.11-slim") for line in lines)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert "scripts/start.sh --setup-only" in dockerfile
    assert "/_stcore/health" in dockerfile and "HEALTHCHECK" in dockerfile
    assert '"scripts/start.sh"' in dockerfile and (REPO / "scripts" / "start.sh").is_file()


def test_streamlit_config_is_set_for_a_shared_link() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["maxUploadSize"] == 10
    assert config["theme"]["base"] == "light"
    assert config["client"]["showErrorDetails"] == "none"
