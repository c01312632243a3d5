#!/usr/bin/env bash
# The whole test suite: lint, unit, database (SQLite and PostgreSQL), app and browser tests.
#   scripts/run-tests.sh           everything CI checks
#   scripts/run-tests.sh --fast    the fast lane: pure, SQLite and app tests (no browser, PostgreSQL or benchmark)
# Other arguments go to pytest, e.g. scripts/run-tests.sh -k metrics
set -euo pipefail
cd "$(dirname "$0")/.."
lane=()
if [[ "${1:-}" == "--fast" ]]; then
    shift
    lane=(-m fast -n auto --dist loadgroup)  # one worker per core; tests sharing a costly fixture on one of them
fi
scripts/setup-env.sh requirements-dev.txt
if [[ ${#lane[@]} -eq 0 ]]; then
    # shellcheck source=scripts/test-services.sh
    . scripts/test-services.sh
    # The whole run tries many more generated examples in the property-based tests (tests/conftest.py).
    export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"
fi
.venv/bin/ruff check .
if [[ ${#lane[@]} -eq 0 && $# -eq 0 ]]; then
    # Everything on one worker per core. The benchmark's small run checks that every measure still runs, not its
    # figures (those are taken alone: python -m bench), so it shares the cores; it starts first (tests/conftest.py).
    .venv/bin/python -m pytest -n auto --dist loadgroup
else
    .venv/bin/python -m pytest "${lane[@]}" "$@"
fi
