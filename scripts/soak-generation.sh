#!/usr/bin/env bash
# Soak of the bounded generator (issue 17, BENCHMARKS.md "Bounded generation"): one campaign of
# SAMPLES samples in one chemical system (Sr-Ti-O, the random baseline generator, conf's default
# screening, no pre-screen, prepare-only) through `bin/xtalflow run` in batches of BATCH samples.
# Every INTERVAL seconds it forces a full GC in the application (jcmd GC.run) and records the heap
# in use after it, the resident set, and the samples stored so far (the store's generation_batches
# table), so memory over time and samples/s can be read off one CSV. After MAX_SECONDS (0: until
# the campaign is done) the campaign is cancelled with `campaign cancel` and the heap after GC is
# recorded once more.
#
# Optional, from the environment: SOAK_PAUSE_AT_S=T pauses the campaign (`campaign pause`) at T
# seconds, records the samples stored over the next two intervals (no batch may start while it is
# paused: at most the one in flight lands) and resumes it; SOAK_KILL_AT_S=T kills the application
# with SIGKILL at T seconds and starts it again on the same store (it resumes the campaign), and at
# the end the script compares the distinct samples stored with the batches' count and looks for
# inserts the store refused as already stored.
#
# Usage: scripts/soak-generation.sh [SAMPLES=10000000] [BATCH=1000] [MAX_SECONDS=0] [INTERVAL=30] [HEAP=512m]
# Output: target/soak-generation/<UTC time>/soak.csv (elapsed_s, heap_after_gc_mb, rss_mb,
#         samples_stored, batches_stored, samples_per_s since the previous line, cpu_s: the
#         application's CPU seconds so far, a figure a shared machine's load disturbs less than
#         samples_per_s), app.log, conf/, var/; the last line gives the store's bytes per structure
#         (the database's pages over the candidates stored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES="${1:-10000000}"
BATCH="${2:-1000}"
MAX_SECONDS="${3:-0}"
INTERVAL="${4:-30}"
HEAP="${5:-512m}"
OUT="$ROOT/target/soak-generation/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT/conf"
cp "$ROOT/conf/application.properties" "$OUT/conf/"
cat > "$OUT/conf/xtalflow.yaml" <<EOF
# written by scripts/soak-generation.sh
prescreen: {enabled: false}
application:
  routes_dir: $ROOT/routes
  templates_dir: $ROOT/templates
  work_dir: $OUT/var
  inbox: $OUT/var/inbox
  outbox: $OUT/var/outbox
  status_page: {enabled: false}
  nightly: {enabled: false}
  generation: {batch_size: $BATCH, max_samples_per_system: $SAMPLES}
EOF
DB="$OUT/var/xtalflow.db"
CONF="$OUT/conf/xtalflow.yaml"

"$ROOT/bin/xtalflow" --help > /dev/null # builds target/lib once, before the clock starts
PAUSE_AT="${SOAK_PAUSE_AT_S:-0}"
KILL_AT="${SOAK_KILL_AT_S:-0}"
start_app() {
  XTALFLOW_JAVA_OPTS="-Xmx$HEAP" "$ROOT/bin/xtalflow" run --config "$CONF" >> "$OUT/app.log" 2>&1 &
  APP=$!
}
start_app
trap 'kill "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [[ -f "$DB" ]] && break; sleep 1; done
[[ -f "$DB" ]] || { echo "soak: the application did not start (see $OUT/app.log)" >&2; exit 1; }
cat > "$OUT/var/inbox/soak.yaml" <<EOF
name: soak
systems: [Sr Ti O]
samples: $SAMPLES
generator: random
EOF

sql() { sqlite3 -readonly "$DB" "$1" 2>/dev/null || echo ""; }
heap_after_gc_mb() {
  jcmd "$APP" GC.run > /dev/null 2>&1 || true
  jcmd "$APP" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%.1f", $1 / 1024}'
}
rss_mb() { ps -o rss= -p "$APP" | awk '{printf "%.1f", $1 / 1024}'; }
cpu_s() { ps -o times= -p "$APP" | tr -d ' '; }

ID=""
for _ in $(seq 1 120); do
  ID=$(sql "SELECT id FROM campaigns WHERE name = 'soak'")
  [[ -n "$ID" ]] && break
  sleep 1
done
[[ -n "$ID" ]] || { echo "soak: the campaign was not picked up (see $OUT/app.log, $OUT/var/inbox/error)" >&2; exit 1; }
echo "soak: campaign $ID, $SAMPLES samples in batches of $BATCH, heap -Xmx$HEAP; figures in $OUT/soak.csv" >&2

echo "elapsed_s,heap_after_gc_mb,rss_mb,samples_stored,batches_stored,samples_per_s,cpu_s" > "$OUT/soak.csv"
start=$(date +%s)
last_t=$start
last_n=0
while kill -0 "$APP" 2>/dev/null; do
  sleep "$INTERVAL"
  now=$(date +%s)
  n=$(sql "SELECT COALESCE(SUM(samples), 0) FROM generation_batches WHERE campaign_id = '$ID'")
  b=$(sql "SELECT COUNT(*) FROM generation_batches WHERE campaign_id = '$ID'")
  n=${n:-$last_n}
  rate=$(awk -v dn=$((n - last_n)) -v dt=$((now - last_t)) 'BEGIN { printf "%.1f", (dt > 0 ? dn / dt : 0) }')
  echo "$((now - start)),$(heap_after_gc_mb),$(rss_mb),$n,${b:-0},$rate,$(cpu_s)" | tee -a "$OUT/soak.csv" >&2
  last_t=$now
  last_n=$n
  status=$(sql "SELECT status FROM campaigns WHERE id = '$ID'")
  [[ "$status" == "DONE" ]] && break
  stored() { sql "SELECT COALESCE(SUM(samples), 0) FROM generation_batches WHERE campaign_id = '$ID'"; }
  if (( PAUSE_AT > 0 && now - start >= PAUSE_AT )); then
    PAUSE_AT=0
    "$ROOT/bin/xtalflow" campaign pause "$ID" --config "$CONF" >&2 || true
    sleep "$INTERVAL"; p1=$(stored); sleep "$INTERVAL"; p2=$(stored)
    echo "$(( $(date +%s) - start )),,,$p2,,paused: $p1 then $p2 samples one interval later," | tee -a "$OUT/soak.csv" >&2
    "$ROOT/bin/xtalflow" campaign resume "$ID" --config "$CONF" >&2 || true
    last_t=$(date +%s); last_n=$p2
  fi
  if (( KILL_AT > 0 && now - start >= KILL_AT )); then
    KILL_AT=0
    k1=$(stored)
    kill -9 "$APP"; wait "$APP" 2>/dev/null || true
    k2=$(stored)
    t0=$(date +%s)
    start_app
    for _ in $(seq 1 120); do
      [[ "$(sql "SELECT COALESCE(SUM(samples), 0) FROM generation_batches WHERE campaign_id = '$ID'")" -gt "$k2" ]] && break
      sleep 1
    done
    echo "$(( $(date +%s) - start )),,,$(stored),,kill -9 at $k1 (stored after the kill: $k2); generating again $(( $(date +%s) - t0 )) s after the restart," | tee -a "$OUT/soak.csv" >&2
    last_t=$(date +%s); last_n=$(stored)
  fi
  if (( MAX_SECONDS > 0 && now - start >= MAX_SECONDS )); then
    "$ROOT/bin/xtalflow" campaign cancel "$ID" --config "$CONF" >&2 || true
    sleep 5
    echo "$(( $(date +%s) - start )),$(heap_after_gc_mb),$(rss_mb),$n,${b:-0},cancelled,$(cpu_s)" | tee -a "$OUT/soak.csv" >&2
    break
  fi
done
total=$(( $(date +%s) - start ))
n=$(sql "SELECT COALESCE(SUM(samples), 0) FROM generation_batches WHERE campaign_id = '$ID'")
echo "soak: $n of $SAMPLES samples stored in ${total} s ($(awk -v n="$n" -v t="$total" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }') samples/s); status $(sql "SELECT status FROM campaigns WHERE id = '$ID'"); max heap after GC $(cut -d, -f2 "$OUT/soak.csv" | tail -n +2 | sort -n | tail -1) MB"
structures=$(sql "SELECT COUNT(*) FROM candidates WHERE campaign_id = '$ID'")
# the store refuses a (system, sample, set) twice (unique index): a restart that drew stored samples
# again would show as refused inserts in the log, or as more batch samples than distinct samples
distinct=$(sql "SELECT COUNT(DISTINCT sample_index) FROM candidates WHERE campaign_id = '$ID'")
refused=$(grep -c -i "UNIQUE constraint" "$OUT/app.log" || true)
echo "soak: ${structures:-0} structures of ${distinct:-?} distinct samples (batches say $n); inserts refused as already stored: ${refused:-0}"
# the database's pages as a reader sees them (those still in the WAL included)
bytes=$(( $(sql "PRAGMA page_count") * $(sql "PRAGMA page_size") ))
echo "soak: store $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB for ${structures:-0} structures: $(awk -v b="$bytes" -v n="${structures:-0}" 'BEGIN { printf "%.0f", (n > 0 ? b / n : 0) }') bytes per structure"
