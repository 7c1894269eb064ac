"""The room panel's join link: a clean URL students can reach, or a warning when they cannot."""

from __future__ import annotations

import pytest

from classroom import join_base


@pytest.mark.parametrize(
    ("url", "listen", "server_address", "lan", "base", "warned"),
    [
        ("http://192.168.1.20:8501/", "", "localhost", "192.168.1.20", "http://192.168.1.20:8501/", False),
        ("https://maps.example.org/map/?mode=present", "", "", None, "https://maps.example.org/map/", False),
        # Opened as localhost: the machine's network address when the server listens on every interface.
        ("http://localhost:8501/?step=3", "", "localhost", "192.168.1.20", "http://192.168.1.20:8501/", False),
        ("http://127.0.0.1:8501/", "0.0.0.0", "localhost", "10.0.0.5", "http://10.0.0.5:8501/", False),
        ("http://[::1]:8501/", "", "localhost", "10.0.0.5", "http://10.0.0.5:8501/", False),
        # browser.serverAddress set to a network name wins.
        ("http://localhost:8501/", "", "classroom-pc.local", "10.0.0.5", "http://classroom-pc.local:8501/", False),
        # Listening on loopback only, or no network: the link stays, with a warning.
        ("http://127.0.0.1:8765/", "127.0.0.1", "localhost", "10.0.0.5", "http://127.0.0.1:8765/", True),
        ("http://localhost:8501/", "", "localhost", None, "http://localhost:8501/", True),
        ("", "", "", None, "", True),
    ],
)  # fmt: skip
def test_the_join_link_reaches_phones_or_warns(url, listen, server_address, lan, base, warned) -> None:
    found, warning = join_base(url, listen, server_address, lan)
    assert found == base
    assert found.isascii() and "\u2060" not in found
    assert bool(warning) is warned
    if warned and url:
        assert "phones and other computers cannot open" in warning
