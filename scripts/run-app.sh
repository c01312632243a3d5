#!/usr/bin/env bash
# Start the dashboard. Without DATABASE_URL it uses the SQLite file data/styregruppe.db
# and fills it with demo data the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh requirements.txt
# shellcheck source=scripts/system-packages.sh
. scripts/system-packages.sh
ensure_chromium
.venv/bin/python -m data_access demo --if-empty
echo "Log ind med demokontoen 'styregruppe', 'projektleder' eller 'admin' og adgangskoden 'demo-adgangskode-2026'."
exec .venv/bin/streamlit run app.py \
    --server.port "${PORT:-8501}" --server.headless true --browser.gatherUsageStats false "$@"
