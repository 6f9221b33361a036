#!/usr/bin/env bash
# build-tools at scale: synthetic MovieLens-format data of 1 M, 5 M and 25 M
# ratings (`build-tools synth`), then `build-tools build --no-content` on
# each under /usr/bin/time -v. Prints, per size, wall time, CPU time, peak
# memory and ratings per second of each stage (parse, rating neighbours,
# blob) as the build's own summary times them. Item-kNN cosine is forced
# (--max-ease-items 0) so every size measures the same model, the one build
# uses for catalogues too large for EASE.
#
# Data goes to target/bench-scale/ (about 870 MB for all three sizes) and is
# reused by later runs with the same sizes and seed; it is never committed.
#
#   scripts/bench-scale.sh            # all three sizes
#   SIZES="1" scripts/bench-scale.sh  # only 1 M (sizes: 1, 5, 25)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1 5 25"}
SEED=${SEED:-1}
OUT=target/bench-scale

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (apt package 'time')" >&2
    apt-get install -y time >/dev/null
fi

cargo build --profile tools -p reelgraph-build-tools >&2
BIN=target/tools/build-tools
EXTRA=()
if "$BIN" build --help | grep -q -- --max-ease-items; then
    EXTRA+=(--max-ease-items 0)
fi
mkdir -p "$OUT"

# millions of ratings → movies, users (ML-25M's shape: 25 M, 62 k, 162 k)
params() {
    case "$1" in
        1) echo "1000000 10000 6500" ;;
        5) echo "5000000 30000 32000" ;;
        25) echo "25000000 60000 160000" ;;
        *) echo "unknown size $1 (1, 5 or 25)" >&2; exit 2 ;;
    esac
}

rate() { # ratings, milliseconds → ratings per second (millions)
    awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.1f M/s", n / ms / 1000; else print "-" }'
}

printf '%-8s %-7s %-7s | %8s %8s %9s | %-20s %-20s %-20s | %s\n' \
    ratings movies users wall cpu "peak RSS" "parse" "neighbours (CF)" "blob (write)" "parse+CF"
for size in $SIZES; do
    read -r n movies users <<<"$(params "$size")"
    data="$OUT/synth-${size}m-seed$SEED"
    stamp="$data/.synth-$n-$movies-$users-$SEED"
    if [ ! -f "$stamp" ]; then
        rm -rf "$data"
        "$BIN" synth --out "$data" --ratings "$n" --movies "$movies" --users "$users" \
            --seed "$SEED" >&2
        touch "$stamp"
    fi
    log="$OUT/build-${size}m.log"
    /usr/bin/time -v "$BIN" build --data "$data" --no-content "${EXTRA[@]}" \
        --out "$OUT/x-${size}m.blob" >"$log" 2>&1
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f s", s }' "$log")
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 }
        END { printf "%.1f s", u + s }' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f MB", $2 / 1024 }' "$log")
    read -r parse cf write <<<"$(sed -n 's/.*time *parse \([0-9]*\) ms, neighbours \([0-9]*\) ms, content [0-9]* ms, write \([0-9]*\) ms.*/\1 \2 \3/p' "$log")"
    printf '%-8s %-7s %-7s | %8s %8s %9s | %-20s %-20s %-20s | %s\n' \
        "$n" "$movies" "$users" "$wall" "$cpu" "$rss" \
        "$((parse)) ms $(rate "$n" "$parse")" \
        "$((cf)) ms $(rate "$n" "$cf")" \
        "$((write)) ms $(rate "$n" "$write")" \
        "$(awk -v a="$parse" -v b="$cf" 'BEGIN { printf "%.1f s", (a + b) / 1000 }')"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
