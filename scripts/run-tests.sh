#!/usr/bin/env bash
# The whole test suite: lint, unit, database (SQLite and PostgreSQL), app and browser tests.
# Extra arguments go to pytest, e.g. scripts/run-tests.sh -k metrics
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh requirements-dev.txt
# shellcheck source=scripts/test-services.sh
. scripts/test-services.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
