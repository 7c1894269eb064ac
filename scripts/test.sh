#!/usr/bin/env bash
# Lint and run every test, browser tests included. Extra arguments go to pytest.
# Sets up .venv from requirements-dev.txt and finds a Chromium on the first run; later runs skip both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -x .venv/bin/python ]]; then
    "$(command -v python3.11 || command -v python3)" -m venv .venv
fi
# requirements-dev.txt includes requirements.txt, so a change to either reinstalls.
stamp=.venv/.requirements-dev.sha256
wanted=$(sha256sum requirements.txt requirements-dev.txt)
if [[ ! -f $stamp || $(<"$stamp") != "$wanted" ]]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
    printf '%s\n' "$wanted" >"$stamp"
fi

# Debian's Chromium first: Playwright's own browser download needs hosts that CI cannot reach.
if [[ -z ${CHROMIUM_PATH:-} ]]; then
    if [[ -x /usr/bin/chromium ]]; then
        CHROMIUM_PATH=/usr/bin/chromium
    elif [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq chromium >/dev/null
        CHROMIUM_PATH=/usr/bin/chromium
    else
        .venv/bin/playwright install chromium
        CHROMIUM_PATH=""
    fi
fi
export CHROMIUM_PATH

# The class-room tests start their own private Redis from Debian's redis-server, and the cluster
# tests (scripts/cluster.sh) Debian's HAProxy in front of the replicas.
for package in redis-server haproxy; do
    if ! command -v "$package" >/dev/null && [[ ! -x /usr/bin/$package && ! -x /usr/sbin/$package ]]; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq "$package" >/dev/null
        else
            echo "$package is missing: install Debian's $package package (the room and cluster tests start it)" >&2
            exit 1
        fi
    fi
done

# The map engine's modules have unit tests of their own (tests/js/), run by Node from Debian's nodejs.
if ! command -v node >/dev/null && ! command -v nodejs >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq nodejs >/dev/null
    else
        echo "node is missing: install Debian's nodejs package (the engine's unit tests run on it)" >&2
        exit 1
    fi
fi

# The interface's translations: locales/*.po compiled to the .mo files the app reads.
scripts/catalogues.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Two workers (pytest-xdist), a test file each at a time: the browser tests spend most of their time
# waiting on a server or a browser, so two files at once use the machine's two cores.
exec .venv/bin/python -m pytest -p no:cacheprovider -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
