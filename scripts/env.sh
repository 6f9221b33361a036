# Sourced by the other scripts: the environment every build and test uses.
# shellcheck shell=bash

# cargo-installed tools (trunk, wasm-bindgen) and npm-installed wasm-opt.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Trunk must use the tools installed by setup.sh and never go online for
# itself: no update check; tool versions are pinned in Trunk.toml.
export TRUNK_SKIP_VERSION_CHECK=true
# Browser tests: the runner drives Debian's chromedriver/Chromium headless.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
