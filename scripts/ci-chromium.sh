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
sh "$(dirname "$0")/apt-install.sh" chromium
if [ ! -x /usr/bin/chromium ]; then
    echo "ci-chromium: chromium installed but /usr/bin/chromium is missing" >&2
    exit 1
fi
