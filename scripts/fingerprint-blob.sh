#!/usr/bin/env bash
# Trunk post_build hook: ships the blob's gzip copy (written beside it by
# build-tools build; the app inflates it with DecompressionStream, so the
# download is small whether or not the host compresses it), names it after
# its content hash and points index.html's preload link at it, so a new
# deploy is never mixed with a blob an old visit left in the browser cache
# (the wasm and CSS are hashed by Trunk itself). The raw blob is not shipped.
# Runs in Trunk's staging directory before it becomes dist/.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
blob="$dir/data/reelgraph.blob"
gz="$dir/data/reelgraph.blob.gz"
if [[ ! -f "$gz" ]]; then
  echo "error: $gz is missing: build the data first (build-tools build writes it beside the blob)" >&2
  exit 1
fi
# Stale: the blob was written after its gzip copy (e.g. by an older
# build-tools). Checked on the source files: Trunk's copies get new mtimes.
src="${TRUNK_SOURCE_DIR:-.}/public/data"
if [[ -f "$src/reelgraph.blob" && -f "$src/reelgraph.blob.gz" && "$src/reelgraph.blob.gz" -ot "$src/reelgraph.blob" ]]; then
  echo "error: $src/reelgraph.blob.gz is older than reelgraph.blob beside it (stale): run build-tools build again" >&2
  exit 1
fi
hash=$(sha256sum "$gz" | cut -c1-16)
mv "$gz" "$dir/data/reelgraph-$hash.blob.gz"
rm -f "$blob"
sed -i "s#data/reelgraph\.blob\.gz#data/reelgraph-$hash.blob.gz#g" "$dir/index.html"
grep -q "reelgraph-$hash.blob.gz" "$dir/index.html" || {
  echo "error: index.html has no preload link to data/reelgraph.blob.gz to rewrite" >&2
  exit 1
}
