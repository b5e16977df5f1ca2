#!/bin/sh
# Install Debian's Chromium, the browser the Playwright tests (tests/test_browser.py) drive.
#
# Idempotent and quiet: does nothing when /usr/bin/chromium exists. Runs as root or through
# sudo; Debian/Ubuntu only (apt-get). Playwright's own browser downloads are never used.
#
# Example:
#     scripts/ci-chromium.sh && .venv/bin/python -m pytest tests/test_browser.py
set -eu

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ci-chromium: apt-get not found; install Chromium at /usr/bin/chromium another way" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "ci-chromium: need root or sudo to install chromium" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt/dpkg (another job, unattended-upgrades) instead of failing.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
    echo "ci-chromium: chromium installed but /usr/bin/chromium is missing" >&2
    exit 1
fi
