#!/usr/bin/env bash
# Trunk post_build hook: names the blob after its content hash and points
# index.html's preload link at it, so a new deploy is never mixed with a blob
# an old visit left in the browser cache (the wasm and CSS are hashed by
# Trunk itself). Runs in Trunk's staging directory before it becomes dist/.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
blob="$dir/data/reelgraph.blob"
if [[ ! -f "$blob" ]]; then
  echo "error: $blob is missing: build the data first (build-tools build)" >&2
  exit 1
fi
hash=$(sha256sum "$blob" | cut -c1-16)
mv "$blob" "$dir/data/reelgraph-$hash.blob"
sed -i "s#data/reelgraph\.blob#data/reelgraph-$hash.blob#g" "$dir/index.html"
grep -q "reelgraph-$hash.blob" "$dir/index.html" || {
  echo "error: index.html has no preload link to rewrite" >&2
  exit 1
}
