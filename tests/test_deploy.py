"""The deployment files say what the README promises: non-root, health check, safe shared-link config."""

import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from geo.io.upload import MAX_UPLOAD_BYTES

REPO = Path(__file__).resolve().parents[1]
# hadolint, the Dockerfile linter, comes in a wheel (requirements-dev.txt) beside this Python.
HADOLINT = Path(sys.executable).parent / "hadolint"


def test_dockerfile_runs_the_readme_setup_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in dockerfile.splitlines()]

    # Docker users get the official Python image; scripts/build_image.sh passes a local Debian one.
    assert "ARG BASE_IMAGE=python:3.11-slim" in lines and "FROM ${BASE_IMAGE}" in lines
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


def test_dockerfile_passes_hadolint() -> None:
    linted = subprocess.run(
        [str(HADOLINT), "--no-color", str(REPO / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def dockerfile_instruction(keyword: str) -> str:
    """The last `keyword` instruction of the Dockerfile, continuation lines joined."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line for line in text.splitlines() if line.startswith(keyword + " ")][-1]


def json_form(instruction: str) -> list[str]:
    """The exec (JSON) form after an instruction's `CMD`, e.g. ["bash", "scripts/start.sh", ...]."""
    return json.loads(instruction.split("CMD ", 1)[1])


def compose_list(key: str) -> list[str]:
    """A flow list of compose.yaml's replica (`command: [...]`, `test: [...]`), possibly over lines."""
    compose = (REPO / "compose.yaml").read_text(encoding="utf-8")
    start = compose.index(f"{key}: [") + len(key) + 2
    return json.loads(compose[start : compose.index("]", start) + 1])


def test_image_and_compose_start_the_app_as_start_sh_on_the_port_they_health_check() -> None:
    start_sh = (REPO / "scripts" / "start.sh").read_text(encoding="utf-8")
    image_command = json_form(dockerfile_instruction("CMD"))
    compose_command = compose_list("command")

    # Both go through start.sh (its set-up, then `streamlit run serve.py` with their arguments).
    assert image_command[:2] == compose_command[:2] == ["bash", "scripts/start.sh"]
    assert 'streamlit run serve.py "$@"' in start_sh
    # Compose is the image's command behind the proxy at /map/, nothing else changed.
    assert compose_command == [*image_command, "--server.baseUrlPath=map"]
    assert dockerfile_instruction("EXPOSE") == "EXPOSE 8501" and "--server.port=8501" in image_command

    image_check = json_form(dockerfile_instruction("HEALTHCHECK"))
    compose_check = compose_list("test")
    assert compose_check[0] == "CMD" and compose_check[1:] == [
        *image_check[:2],
        image_check[2].replace("8501/_stcore/health", "8501/map/_stcore/health"),
    ]
    assert "http://127.0.0.1:8501/_stcore/health" in image_check[2]


def test_image_build_script_passes_a_local_base_to_the_dockerfile() -> None:
    script = (REPO / "scripts" / "build_image.sh").read_text(encoding="utf-8")
    assert "debootstrap" in script and '--build-arg BASE_IMAGE="$base_image"' in script
    # Its run uses the image's own command on loopback, on the port the health check asks.
    assert "bash scripts/start.sh --server.port=8501 --server.address=127.0.0.1 --server.headless=true" in script
