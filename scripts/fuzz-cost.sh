#!/usr/bin/env bash
# Measures what one execution of a Jazzer target costs, for before/after comparisons of a speed fix:
#
#   scripts/fuzz-cost.sh TARGET RUNS [CLASSES_FIRST]
#
# Runs TARGET (a class of src/test/java/org/xtalflow/fuzz) for RUNS executions with a fixed seed
# (-seed=1) over a copy of its committed seed folder without the findings, and prints Jazzer's
# exec/s and the JVM's CPU time (user + system, from /proc/PID/stat) per execution between
# libFuzzer's INITED line and the end: on a shared machine exec/s follows the load, CPU time per
# execution much less so. CLASSES_FIRST (a folder of .class files) goes first on the class path:
# compile the old version of the changed classes there to measure "before" with the same corpus.
# Uses the classes as built (mvn -o -q -B test-compile) and scripts/fuzz.sh's class path file;
# writes only under target/fuzz/cost/. Run it niced on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,13p' "$0"; exit 2; }
t="$1"; runs="$2"; first="${3:-}"
[ -d "src/test/resources/fuzz/$t" ] || { echo "unknown fuzz target $t" >&2; exit 2; }
[ -s target/fuzz/classpath.txt ] || { echo "no target/fuzz/classpath.txt: run scripts/fuzz.sh once" >&2; exit 2; }
out="target/fuzz/cost/$t"
rm -rf "$out"; mkdir -p "$out/corpus" "$out/artifacts"
git archive HEAD "src/test/resources/fuzz/$t" | tar -x -C "$out" --strip-components=4
mv "$out/$t"/* "$out/corpus"/ && rmdir "$out/$t"
rm -f "$out/corpus"/crash-* "$out/corpus"/timeout-* "$out/corpus"/oom-* "$out/corpus"/leak-*
cp -r target/classes "$out/main"
cp -r target/test-classes "$out/test"
CP="${first:+$first:}$out/test:$out/main:$(cat target/fuzz/classpath.txt)"
log="$out/jazzer.log"
java -Xmx1g -cp "$CP" com.code_intelligence.jazzer.Jazzer --instrumentation_includes='org.xtalflow.**' \
    --target_class="org.xtalflow.fuzz.$t" --keep_going=1000 --reproducer_path="$out/artifacts" -seed=1 -runs="$runs" \
    -timeout=120 -artifact_prefix="$out/artifacts/" "$out/corpus" > "$log" 2>&1 &
pid=$!
ticks=$(getconf CLK_TCK)
cpu0=""; runs0=""; last=0
while kill -0 "$pid" 2> /dev/null; do
    if c=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null); then last=$c; fi
    if [ -z "$cpu0" ] && grep -q INITED "$log"; then
        cpu0=$last
        runs0=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    sleep 0.2
done
wait "$pid" || true
done_line=$(grep -E '^Done [0-9]+ runs' "$log" || true)
[ -n "$done_line" ] && [ -n "$cpu0" ] || { echo "$t: no complete run, see $log" >&2; exit 1; }
total=$(echo "$done_line" | awk '{ print $2 }')
awk -v t="$t" -v d="$done_line" -v a="$last" -v b="$cpu0" -v r="$total" -v q="$runs0" -v k="$ticks" \
    -v l="$(cut -d' ' -f1 /proc/loadavg)" -v f="$(grep -c '== Java Exception' "$log" || true)" \
    'BEGIN { printf "%s: %s; CPU %.3f ms per execution after INITED (#%d); load %s; findings %d\n", t, d, (a - b) * 1000 / k / (r - q), q, l, f }'
