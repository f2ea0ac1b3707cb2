# Shared by the benchmark scripts: measure CMD… runs a command under /usr/bin/time -v and
# prints "wall_seconds peak_rss_mb". Needs BENCH_DIR.
measure() {
    local log="$BENCH_DIR/time.log"
    /usr/bin/time -v "$@" > "$BENCH_DIR/out.log" 2> "$log"
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident set size' "$log" | awk -F': ' '{printf "%.0f", $2/1024}')
    echo "$wall $rss"
}
