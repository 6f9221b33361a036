#!/usr/bin/env bash
# Installs what the two README commands need, skipping every tool that is
# already there at the pinned version (so a second run takes seconds).
#
#   scripts/setup.sh            tools to build and serve the site
#   scripts/setup.sh --browser  … plus Chromium and chromedriver for the tests
#
# Pinned versions (see ../shared/TOOLCHAIN.md for why these):
#   trunk 0.21.14 (0.22 needs a newer rustc than ours)
#   wasm-bindgen-cli = the wasm-bindgen crate in Cargo.lock
#   wasm-opt from npm binaryen 132 (Debian's binaryen 108 produces a blank page)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

TRUNK_VERSION=0.21.14
want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    as_root apt-get update -qq
    apt_updated=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# wasm-bindgen's CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  step "installing trunk $TRUNK_VERSION (about 6 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

wb_version=$(wasm_bindgen_version)
if [[ -z "$wb_version" ]]; then
  echo "error: no wasm-bindgen entry in Cargo.lock" >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]]; then
  step "installing wasm-bindgen-cli $wb_version (about 3 minutes, once)"
  # Not --locked: its lock file names a webpki-roots the registry lacks.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if ! command -v npm >/dev/null; then
  step "installing Node.js and npm (for wasm-opt and the browser tests)"
  apt_install nodejs npm
fi

# npm ci only when package-lock.json changed since the last install.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$lock_sum" ]]; then
  step "installing node tools (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.lock-sha256
fi

if $want_browser && ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  step "installing Chromium and chromedriver from apt"
  apt_install chromium chromium-driver
fi
