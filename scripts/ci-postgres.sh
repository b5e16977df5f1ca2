#!/bin/sh
# Install the PostgreSQL server binaries the store tests start a throwaway cluster from.
#
# Idempotent and quiet: does nothing when /usr/lib/postgresql/*/bin/initdb already exists.
# Runs as root or through sudo. Debian/Ubuntu only (apt-get). The tests need no running
# service: tests/conftest.py starts its own cluster in a temp dir as the postgres user
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

sh "$(dirname "$0")/apt-install.sh" postgresql

if ! have_server; then
    echo "ci-postgres: postgresql installed but no /usr/lib/postgresql/*/bin/initdb found" >&2
    exit 1
fi
