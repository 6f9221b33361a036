#!/usr/bin/env bash
# Command 1: install what is missing, build the data blob, serve the site.
#   scripts/serve.sh [--port N]   → http://127.0.0.1:8080/ (Ctrl-C stops)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

port=8080
if [[ "${1:-}" == "--port" && -n "${2:-}" ]]; then port=$2; fi

printf '\033[1m==> building the data blob\033[0m\n'
cargo run --quiet --profile tools -p reelgraph-build-tools -- build

printf '\033[1m==> building and serving the site on http://127.0.0.1:%s/\033[0m\n' "$port"
exec trunk serve --release --port "$port"
