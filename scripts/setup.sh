#!/usr/bin/env bash
# Set up docbuild in this checkout on a fresh Debian: the system libraries WeasyPrint loads, the
# venv with docbuild and its test tools, and the schemas the tests validate against.
# Works as root (a container has no sudo) and as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# WeasyPrint needs Pango and HarfBuzz's subsetter (without it a PDF embeds whole fonts and its
# bytes depend on the machine); strace lets the hardening tests prove a build reads nothing
# outside the paper folder. Extra packages (CI adds a browser) come as arguments.
packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 strace "$@")

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installed only when missing, so that a second run needs neither root nor the network.
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

# The official JATS and Crossref schemas (npm and PyPI packages), pinned by SHA-256.
bash scripts/fetch_schemas.sh
