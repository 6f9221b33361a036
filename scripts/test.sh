#!/usr/bin/env bash
# Command 2: install what is missing and run every test.
#   1. formatting and lints (native and wasm32), actionlint on the workflows
#   2. native tests: cargo test --workspace (shared core, build-tools, doctests)
#   3. browser tests: wasm-bindgen-test in headless Chromium
#   4. end to end: build the blob and the release site, drive it in Chromium
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
source scripts/env.sh

started=$SECONDS
stage() { printf '\n\033[1m==> [%ss] %s\033[0m\n' "$((SECONDS - started))" "$*"; }

stage "format and lints"
node --test tests/workflows/
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Benches are native only (criterion does not build for wasm32).
cargo clippy -p reelgraph --target wasm32-unknown-unknown --lib --bins --tests --locked -- -D warnings

stage "native tests"
cargo test --workspace --locked

stage "browser tests (wasm-bindgen-test, headless Chromium)"
# --tests: doctests would "pass" on wasm without running (TOOLCHAIN.md); they
# run natively above.
cargo test -p reelgraph --target wasm32-unknown-unknown --tests --locked

stage "end-to-end tests (release site in headless Chromium)"
cargo run --quiet --locked --profile tools -p reelgraph-build-tools -- build
trunk build --release --locked
trunk build --release --locked --public-url /reelgraph/ --dist target/dist-subpath
node --test tests/e2e/

stage "all tests passed"
