#!/usr/bin/env bash
# Refresh the vendored front-end packages from npm.
#
# The packages are committed under static/vendor/ (and axe-core under tests/e2e/vendor/) so that
# neither the build nor the running application needs Node. To upgrade, change a version below,
# run `scripts/vendor_static.sh`, look at the diff and commit it.
set -euo pipefail

DKFDS_VERSION="11.2.0"
HTMX_VERSION="2.0.11"
AXE_VERSION="4.14.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
E2E_VENDOR="$ROOT/tests/e2e/vendor"

command -v npm >/dev/null || { echo "npm is needed to refresh vendored packages" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# npm pack <pkg>@<version> -> $WORK/<name>/package/...
fetch() {
    local spec="$1" name="$2" tarball
    tarball="$(cd "$WORK" && npm pack --silent "$spec" | tail -n 1)"
    mkdir -p "$WORK/$name"
    tar -xzf "$WORK/$tarball" -C "$WORK/$name"
}

fetch "dkfds@$DKFDS_VERSION" dkfds
fetch "htmx.org@$HTMX_VERSION" htmx
fetch "axe-core@$AXE_VERSION" axe

# --- DKFDS ----------------------------------------------------------------------------------
DK="$WORK/dkfds/package/dist"
rm -rf "$VENDOR/dkfds"
mkdir -p "$VENDOR/dkfds/css" "$VENDOR/dkfds/js" "$VENDOR/dkfds/fonts"

# Source maps are copied too: the minified files name them, browsers fetch them with the
# developer tools open, and ManifestStaticFilesStorage refuses a sourceMappingURL it cannot find.
cp "$DK/css/dkfds.min.css" "$DK/css/dkfds.min.css.map" "$VENDOR/dkfds/css/"
cp "$DK/js/dkfds.min.js" "$DK/js/dkfds.min.js.map" "$VENDOR/dkfds/js/"
# The stylesheet points at many of the icons in img/svg-icons/; the sprite all-svg-icons.svg is
# what our templates <use>.
cp -R "$DK/img" "$VENDOR/dkfds/img"
cp "$WORK/dkfds/package/LICENSE.md" "$VENDOR/dkfds/LICENSE.md"

# Only the font files the stylesheet refers to (url(../fonts/...)), at the same relative paths,
# plus the licence that sits next to them.
fonts="$(grep -oE 'url\(["'\'']?\.\./fonts/[^)"'\''?#]+' "$DK/css/dkfds.min.css" \
    | sed -E 's/^url\(["'\'']?\.\.\/fonts\///' | sort -u)"
if [ -z "$fonts" ]; then
    echo "found no font references in dkfds.min.css" >&2
    exit 1
fi
while IFS= read -r font; do
    mkdir -p "$VENDOR/dkfds/fonts/$(dirname "$font")"
    cp "$DK/fonts/$font" "$VENDOR/dkfds/fonts/$font"
    licence="$DK/fonts/$(dirname "$font")/license.txt"
    if [ -f "$licence" ]; then
        cp "$licence" "$VENDOR/dkfds/fonts/$(dirname "$font")/license.txt"
    fi
done <<<"$fonts"

# Every url(../...) in the stylesheet must resolve, or collectstatic's manifest step fails.
missing=0
while IFS= read -r ref; do
    if [ ! -f "$VENDOR/dkfds/$ref" ]; then
        echo "dkfds.min.css refers to missing ../$ref" >&2
        missing=1
    fi
done < <(grep -oE 'url\(["'\'']?\.\./[^)"'\''?#]+' "$VENDOR/dkfds/css/dkfds.min.css" \
    | sed -E 's/^url\(["'\'']?\.\.\///' | sort -u)
[ "$missing" -eq 0 ] || exit 1

# --- htmx -----------------------------------------------------------------------------------
rm -rf "$VENDOR/htmx"
mkdir -p "$VENDOR/htmx"
cp "$WORK/htmx/package/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
cp "$WORK/htmx/package/LICENSE" "$VENDOR/htmx/LICENSE"

# --- axe-core (end-to-end tests only; never served) -----------------------------------------
mkdir -p "$E2E_VENDOR"
cp "$WORK/axe/package/axe.min.js" "$E2E_VENDOR/axe.min.js"
cp "$WORK/axe/package/LICENSE" "$E2E_VENDOR/axe-core.LICENSE"

# --- Record what is vendored ----------------------------------------------------------------
{
    echo "# Written by scripts/vendor_static.sh; do not edit by hand."
    echo "dkfds $DKFDS_VERSION"
    echo "htmx.org $HTMX_VERSION"
    echo "axe-core $AXE_VERSION (tests/e2e/vendor/axe.min.js)"
    echo
    echo "# sha256"
    (cd "$ROOT" && sha256sum \
        static/vendor/dkfds/css/dkfds.min.css \
        static/vendor/dkfds/js/dkfds.min.js \
        static/vendor/htmx/htmx.min.js \
        tests/e2e/vendor/axe.min.js)
} >"$VENDOR/VERSIONS.txt"

echo "Vendored dkfds $DKFDS_VERSION, htmx.org $HTMX_VERSION, axe-core $AXE_VERSION."
