#!/usr/bin/env bash
# Sourced by run-tests.sh: make sure Chromium, LibreOffice and a PostgreSQL server are there.
# Installs Debian packages when missing (needs root or sudo) and exports
# TEST_DATABASE_URL when it has to set up PostgreSQL itself.

# shellcheck source=scripts/system-packages.sh
. scripts/system-packages.sh

postgres_answers() {
    .venv/bin/python - "$1" <<'PY'
import sys
from sqlalchemy import create_engine, text
try:
    with create_engine(sys.argv[1]).connect() as connection:
        connection.execute(text("SELECT 1"))
except Exception:
    sys.exit(1)
PY
}

if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
    echo "Installerer Chromium ..."
    apt_install chromium
fi
# LibreOffice opens every downloadable spreadsheet (Calc: tests/test_downloads_in_libreoffice.py) and draws the
# PowerPoint in a municipality's template (Impress: tests/test_report_template.py). Each is looked for by its own
# library: a LibreOffice with Calc alone converts no presentation, and says nothing about it.
office=/usr/lib/libreoffice/program
if ! command -v soffice >/dev/null 2>&1 || [ ! -e "$office/libsclo.so" ]; then
    echo "Installerer LibreOffice Calc ..."
    apt_install libreoffice-calc-nogui
fi
if [ ! -e "$office/libsdlo.so" ]; then
    echo "Installerer LibreOffice Impress ..."
    apt_install libreoffice-impress-nogui
fi
# pdftoppm turns the report's PDF into page images for the tests.
if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "Installerer poppler-utils ..."
    apt_install poppler-utils
fi

default_url="postgresql+psycopg://postgres@127.0.0.1:5432/test"
if [ -z "${TEST_DATABASE_URL:-}" ] && ! postgres_answers "$default_url"; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "Installerer PostgreSQL ..."
        apt_install postgresql
    fi
    for version in $(ls /etc/postgresql); do
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    if ! postgres_answers "$default_url"; then
        # A fresh server asks for a password on TCP; give the test role one.
        as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
        as_root su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1 \
            || as_root su postgres -c "createdb test"
        export TEST_DATABASE_URL="postgresql+psycopg://postgres:postgres@127.0.0.1:5432/test"
    fi
fi
