#!/bin/sh
# Install the PostgreSQL server binaries the store tests start a throwaway cluster from.
#
# Idempotent and quiet: does nothing when /usr/lib/postgresql/*/bin/initdb already exists.
# Runs as root or through sudo. Debian/Ubuntu only (apt-get). The tests need no running
# service: tests/test_store.py starts its own cluster in a temp dir as the postgres user
# and stops it afterwards (or uses SITREP_TEST_POSTGRES_URL when set).
#
# Example:
#     scripts/ci-postgres.sh && .venv/bin/pip install -e '.[postgres,test]' && .venv/bin/python -m pytest tests/test_store.py
set -eu

have_server() {
    for initdb in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$initdb" ] && return 0
    done
    return 1
}

if have_server; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ci-postgres: apt-get not found; install the PostgreSQL server another way" \
         "or set SITREP_TEST_POSTGRES_URL" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "ci-postgres: need root or sudo to install postgresql" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt/dpkg (another job, unattended-upgrades) instead of failing.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >/dev/null

if ! have_server; then
    echo "ci-postgres: postgresql installed but no /usr/lib/postgresql/*/bin/initdb found" >&2
    exit 1
fi
