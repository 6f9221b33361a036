#!/usr/bin/env bash
# Browser benchmark: builds the blob and the release site, then prints sizes
# and timings measured in headless Chromium (tests/perf/bench.mjs).
#   scripts/bench-web.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
source scripts/env.sh
cargo run --quiet --locked --profile tools -p reelgraph-build-tools -- build
trunk build --release --locked
node tests/perf/bench.mjs dist "$@"
