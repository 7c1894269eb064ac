#!/usr/bin/env bash
# Start the dashboard: create .venv and install requirements.txt when needed, then run Streamlit.
# Extra arguments go to `streamlit run` (e.g. --server.port 8502); `--setup-only` installs and stops
# (the Dockerfile uses it at build time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -x .venv/bin/python ]]; then
    "$(command -v python3.11 || command -v python3)" -m venv .venv
fi
# Reinstall only when the requirements changed since the last successful install.
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt)
if [[ ! -f $stamp || $(<"$stamp") != "$wanted" ]]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    printf '%s\n' "$wanted" >"$stamp"
fi

if [[ ${1:-} == --setup-only ]]; then
    exit 0
fi
# The interface's translations: locales/*.po compiled to the .mo files the app reads.
scripts/catalogues.sh
# serve.py: the dashboard, with new pages from one address let in at a bounded rate (admission.py).
exec .venv/bin/python -m streamlit run serve.py "$@"
