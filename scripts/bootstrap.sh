#!/usr/bin/env bash
# Install the system packages the project needs (Debian/Ubuntu).
#   As root: apt-get installs whatever is missing (nothing to do when all are present).
#   Otherwise: prints the command to run and exits non-zero only if something is missing.
# redis-server and postgresql: throwaway test services (scripts/with_services.py);
# poppler-utils: pdftotext in PDF tests; chromium + fonts-liberation: browser tests.
set -euo pipefail

wanted=(redis-server poppler-utils chromium fonts-liberation)
missing=()

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

for package in "${wanted[@]}"; do
    installed "$package" || missing+=("$package")
done
# Any PostgreSQL server version will do; scripts/with_services.py finds its binaries.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# `python3 -m venv` needs ensurepip, which Debian ships separately.
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v make >/dev/null || missing+=(make)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "bootstrap: all system packages are present."
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing system packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
echo "bootstrap: done."
