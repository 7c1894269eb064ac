"""A private, throw-away Redis for the tests and the load bench: Debian's `redis-server` on a unix
socket in a temporary folder (no TCP port, nothing saved to disk), stopped when the block ends.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
START_TIMEOUT_S = 10


class RedisServer:
    def __init__(self, folder: Path, debug_command: bool = False):
        self.debug_command = debug_command  # DEBUG SLEEP, for a test of a slow Redis (local clients only)
        self.socket = folder / "redis.sock"
        self.log = folder / "redis.log"
        self.url = f"unix://{self.socket}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if not Path(REDIS_SERVER).exists():
            raise RuntimeError(f"redis-server not found at {REDIS_SERVER!r}: scripts/test.sh installs it")
        command = [
            REDIS_SERVER, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--save", "", "--appendonly", "no", "--logfile", str(self.log), "--dir", str(self.socket.parent),
        ]  # fmt: skip
        if self.debug_command:
            command += ["--enable-debug-command", "local"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log.read_text(errors="replace") if self.log.exists() else ""
                raise RuntimeError(f"redis-server did not start (exit code {self.process.poll()!r}):\n{log}")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def running_redis(debug_command: bool = False) -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="redis-") as folder:
        server = RedisServer(Path(folder), debug_command)
        server.start()
        try:
            yield server
        finally:
            server.stop()
