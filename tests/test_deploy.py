"""The deployment files say what the README promises: non-root, health check, safe shared-link config."""

import shutil
import subprocess
import textwrap
import tomllib
from pathlib import Path

from geo.io.upload import MAX_UPLOAD_BYTES

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
    # The server takes what the upload check reads: a 50 MB ACLED export (geo/io/upload.py).
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES
    assert config["theme"]["base"] == "light"
    assert config["client"]["showErrorDetails"] == "none"


HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def compose_haproxy_config() -> str:
    """The HAProxy configuration inlined in compose.yaml (its `content: |` block)."""
    compose = (REPO / "compose.yaml").read_text(encoding="utf-8")
    block = compose.split("    content: |\n", 1)[1]
    return textwrap.dedent("".join(line + "\n" for line in block.splitlines() if line.startswith("      ")))


def test_compose_has_the_cluster_scripts_topology_and_proxy_settings() -> None:
    compose = (REPO / "compose.yaml").read_text(encoding="utf-8")
    cluster = (REPO / "scripts" / "cluster.sh").read_text(encoding="utf-8")
    assert all(f"replica-{n}: *replica" in compose for n in (1, 2, 3))
    assert "--server.baseUrlPath=map" in compose and '--server.baseUrlPath "$base_path"' in cluster
    assert "--appendonly yes" in cluster and '"--appendonly", "yes"' in compose
    assert "/map/_stcore/health" in compose
    # Every proxy setting of the cluster script is in compose's configuration too (the base path
    # and addresses aside; compose adds Docker's resolver to a line), so the two topologies behave alike.
    script_lines = {
        line.strip().replace("$base_path", "map")
        for line in cluster.split("<<EOF", 1)[1].split("\nEOF", 1)[0].splitlines()
        if line.strip() and not line.strip().startswith(("#", "bind", "stats socket"))
    }
    compose_lines = [line.strip() for line in compose_haproxy_config().splitlines()]
    missing = {line for line in script_lines if not any(other.startswith(line) for other in compose_lines)}
    assert missing == set()


def test_compose_haproxy_configuration_is_valid(tmp_path: Path) -> None:
    config = tmp_path / "haproxy.cfg"
    config.write_text(compose_haproxy_config(), encoding="utf-8")
    checked = subprocess.run([HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
