#!/usr/bin/env bash
# Sourced by the start and test scripts: install Debian packages the dashboard needs when missing.
# Needs root or sudo to install; without either it says what is missing and goes on.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_updated=""
apt_install() {
    if [ -z "$apt_updated" ]; then
        as_root apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# Chromium draws the report's charts and prints its PDF (BROWSER_PATH may name another).
ensure_chromium() {
    if [ -n "${BROWSER_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then
        return 0
    fi
    echo "Installerer Chromium (til rapportens grafer og PDF) ..."
    apt_install chromium || echo "Chromium kunne ikke installeres: rapporten (PowerPoint og PDF) virker først, når Debian-pakken 'chromium' er installeret."
}
