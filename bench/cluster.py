"""scripts/cluster.sh from Python, for the cluster browser tests and the class-room bench: started on
free loopback ports in a folder of its own, stopped (SIGTERM, as Ctrl-C) when the block ends."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.measure import REPO_ROOT

START_TIMEOUT_S = 180
FIRST_CLUSTER_PORT = 10_000  # above the well-known and common service ports
STOP_TIMEOUT_S = 30
# The proxy checks each replica every second and takes it out after two failed checks.
PROXY_WAIT_S = 20.0


def free_port_range(count: int) -> int:
    """A loopback port with the `count` ports above it free too (the proxy's, then one per replica),
    below the system's ephemeral range: the replicas bind seconds after this check, and a port the
    system hands out meanwhile (another test's server or browser, asking for port 0) could take
    one of them ("Port … is not available", seen with two test workers)."""
    low_ephemeral = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for _ in range(50):
        port = random.randrange(FIRST_CLUSTER_PORT, low_ephemeral - count - 1)
        try:
            for other in range(port, port + count + 1):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", other))
        except OSError:
            continue
        return port
    raise RuntimeError("no free range of loopback ports")


@dataclass
class Cluster:
    url: str  # the proxy's address of the app, without the trailing slash
    state_dir: Path

    def pid(self, role: str) -> int:
        return int((self.state_dir / "pids" / role).read_text())

    def proxy_states(self) -> dict[str, str]:
        """Each replica's state as the proxy sees it (UP, DOWN …), from its admin socket."""
        with socket.socket(socket.AF_UNIX) as admin:
            admin.connect(str(self.state_dir / "haproxy.sock"))
            admin.sendall(b"show stat\n")
            answer = b""
            while chunk := admin.recv(65536):
                answer += chunk
        rows = csv.DictReader(io.StringIO(answer.decode().lstrip("# ")))
        return {row["svname"]: row["status"] for row in rows if row["svname"].startswith("replica-")}

    def wait_for_proxy_states(self, wanted: dict[str, str]) -> None:
        deadline = time.monotonic() + PROXY_WAIT_S
        while (states := self.proxy_states()) and any(states[name] != state for name, state in wanted.items()):
            if time.monotonic() > deadline:
                raise AssertionError(f"the proxy sees {states}, not {wanted}")
            time.sleep(0.2)


@contextlib.contextmanager
def running_cluster(replicas: int, state_dir: Path) -> Iterator[Cluster]:
    """`scripts/cluster.sh --replicas N` on free loopback ports; yields once it says where it serves.
    Raises RuntimeError, with the script's output, if it does not start or does not stop cleanly."""
    port = free_port_range(replicas)
    output = state_dir / "cluster.out"
    with output.open("wb") as log:
        process = subprocess.Popen(
            [str(REPO_ROOT / "scripts" / "cluster.sh"), "--replicas", str(replicas), "--port", str(port),
             "--state-dir", str(state_dir)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "Serving the map at" not in output.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"scripts/cluster.sh did not start:\n{output.read_text(errors='replace')}")
            time.sleep(0.2)
        yield Cluster(f"http://127.0.0.1:{port}/map", state_dir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
