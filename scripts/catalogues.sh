#!/usr/bin/env bash
# The interface's translations (README: Languages). `extract` collects every marked message into
# locales/messages.pot and merges it into each language's .po (new messages arrive untranslated,
# tests/test_catalogues.py then names them); `compile` (the default, run by start.sh and test.sh)
# makes the .mo files the app reads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${1:-compile} == extract ]]; then
    .venv/bin/pybabel -q extract -F babel.cfg -k n_:1,2 -k plural_pair:1,2 -k M_ --no-location --sort-output \
        --project karabakh-article-map -o locales/messages.pot .
    for lang in az hy ru; do
        if [[ -f locales/$lang/LC_MESSAGES/messages.po ]]; then
            .venv/bin/pybabel -q update -i locales/messages.pot -d locales -l "$lang" --no-fuzzy-matching
        else
            .venv/bin/pybabel -q init -i locales/messages.pot -d locales -l "$lang"
        fi
    done
fi
# Each .mo is written beside itself and renamed into place: replicas starting together (cluster.sh)
# each compile, and a server never reads a half-written catalogue.
for po in locales/*/LC_MESSAGES/messages.po; do
    .venv/bin/pybabel -q compile -i "$po" -o "${po%.po}.mo.$$"
    mv -f "${po%.po}.mo.$$" "${po%.po}.mo"
done
