#!/usr/bin/env bash
# Start the dashboard. Without DATABASE_URL it uses the SQLite file data/styregruppe.db
# and fills it with demo data the first time. A database named by DATABASE_URL is only
# migrated: demo data and demo accounts never enter it from here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh requirements.txt
# shellcheck source=scripts/system-packages.sh
. scripts/system-packages.sh
ensure_chromium
if [ -z "${DATABASE_URL:-}" ]; then
    # The demo signs in with its own accounts' passwords; a real installation chooses (README).
    export PASSWORD_SIGN_IN="${PASSWORD_SIGN_IN:-ja}"
    .venv/bin/python -m cli demo --if-empty
    echo "Demodatabasen: log ind med 'styregruppe', 'projektleder' eller 'admin' og adgangskoden 'demo-adgangskode-2026'."
else
    .venv/bin/python -m cli migrate
fi
exec .venv/bin/streamlit run server.py \
    --server.port "${PORT:-8501}" --server.headless true --browser.gatherUsageStats false "$@"
