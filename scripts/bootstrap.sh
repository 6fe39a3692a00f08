#!/usr/bin/env bash
# Install the system packages the project needs (Debian/Ubuntu). `make test` and `make bench`
# run this first. When nothing is missing it only checks (no apt-get) and prints one line.
#   As root (CI, containers): apt-get installs whatever is missing.
#   Otherwise, where `sudo -n true` works (no password needed): the same through sudo -n.
#   Otherwise: stops at once with a non-zero status, printing the one command to run.
# redis-server and postgresql: throwaway test services (scripts/with_services.py);
# poppler-utils: pdftotext in PDF tests; chromium + fonts-liberation: browser tests;
# gettext: msgfmt compiles the translation catalogues (scripts/messages.py).
set -euo pipefail

wanted=(redis-server poppler-utils chromium fonts-liberation gettext)
missing=()

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "bootstrap: no dpkg-query or apt-get here, so nothing is checked or installed." >&2
    echo "  The tests need a PostgreSQL server, redis-server, pdftotext (poppler), Chromium" >&2
    echo "  and the Liberation fonts; install them with this system's package manager." >&2
    exit 0
fi

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Any PostgreSQL server version will do. Looked for where scripts/with_services.py looks:
# PG_BIN when set, else /usr/lib/postgresql/<version>/bin, else initdb on PATH.
postgres_present() {
    if [ -n "${PG_BIN:-}" ]; then
        [ -x "$PG_BIN/initdb" ]
        return
    fi
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null
}

for package in "${wanted[@]}"; do
    installed "$package" || missing+=("$package")
done
postgres_present || missing+=(postgresql)
# `python3 -m venv` needs ensurepip, which Debian ships separately.
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v make >/dev/null || missing+=(make)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "bootstrap: system packages present."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "bootstrap: missing system packages: ${missing[*]}" >&2
    echo "Install them with this command (then run make test again):" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

# Wait for another apt or dpkg run (unattended upgrades, a background install) to finish.
apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
echo "bootstrap: installing ${missing[*]}"
"${as_root[@]}" "${apt_get[@]}" update </dev/null
"${as_root[@]}" "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null
echo "bootstrap: done."
