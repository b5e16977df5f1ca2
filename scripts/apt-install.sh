#!/bin/sh
# Install Debian packages with apt-get, as root or through sudo, quietly, waiting for a
# concurrent apt/dpkg (another job, unattended-upgrades) instead of failing.
#
# Example:
#     scripts/apt-install.sh chromium
set -eu

if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-install: apt-get not found; install $* another way" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "apt-install: need root or sudo to install $*" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
