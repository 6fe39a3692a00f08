#!/usr/bin/env bash
# Refresh the vendored GOV.UK Frontend assets under static/vendor/govuk-frontend.
# Usage: scripts/vendor-govuk-frontend.sh [version]   (default: the version pinned below)
# Takes the compiled dist/ from the npm package; nothing is built at run time.
# The crown logo and the GDS Transport font are restricted to GOV.UK services, so they are removed.
set -euo pipefail
VERSION="${1:-5.8.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/vendor/govuk-frontend"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "govuk-frontend@$VERSION" >/dev/null && tar xzf govuk-frontend-*.tgz)
DIST="$WORK/package/dist/govuk"
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$DIST/govuk-frontend.min.css" "$DIST/govuk-frontend.min.js" "$DEST/"
cp -r "$DIST/assets" "$DEST/assets"
rm -rf "$DEST/assets/fonts" "$DEST/assets/images" "$DEST/assets/manifest.json"
# Drop the @font-face rules (they point at the removed fonts); the Arial/Helvetica stack remains.
python3 - "$DEST/govuk-frontend.min.css" <<'PY'
import re, sys
path = sys.argv[1]
css = open(path, encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = css.replace('"GDS Transport",', "").replace("GDS Transport,", "")
open(path, "w", encoding="utf-8").write(css)
PY
# The source maps are not vendored: drop the references to them (collectstatic checks them).
sed -i -E 's@/\*# sourceMappingURL=[^*]*\*/@@; s@//# sourceMappingURL=.*$@@' \
  "$DEST/govuk-frontend.min.css" "$DEST/govuk-frontend.min.js"
cp "$WORK/package/LICENSE.txt" "$DEST/LICENSE.txt" 2>/dev/null || true
echo "$VERSION" > "$DEST/VERSION"
echo "GOV.UK Frontend $VERSION vendored into $DEST"
