#!/usr/bin/env bash
# Fuzzes the readers with Jazzer's standalone driver (libFuzzer engine), one target at a time:
#
#   scripts/fuzz.sh [TARGET...|all] [--execs N] [--max-time S] [--no-build]
#                                      (default: all, 1000000 executions each, no time limit)
#
# TARGET (one or more, run in turn) is a class of src/test/java/org/xtalflow/fuzz (CifFuzz,
# PoscarFuzz, VasprunFuzz, OutcarFuzz, OszicarFuzz, EntryJsonFuzz, EntryCsvFuzz, InputSetFuzz,
# ClusterProfileFuzz, ResultsArchiveFuzz, CampaignSpecFuzz, IncarFuzz, KpointsFuzz, GpawResultFuzz);
# --max-time stops a target after S seconds even if it has not reached N executions. Each run
# starts from src/test/resources/fuzz/TARGET/ (the seeds and the corpus kept so far), works in
# target/fuzz/corpus/TARGET/, writes every finding into the seed folder as crash-, timeout- or
# oom-<sha1> (so FuzzRegressionTest replays it in every normal test run until it is fixed) and at
# the end replaces the seed folder's sha1-named inputs by a minimal set over it and the working
# corpus (libFuzzer's merge; named seeds and findings stay). One line per target goes
# to target/fuzz/summary.tsv: target, executions, seconds, exec/s, findings.
# --no-build uses the classes as built (no Maven run). CPU is shared: run it niced
# (nice -n 10 scripts/fuzz.sh ...).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(CifFuzz PoscarFuzz VasprunFuzz OutcarFuzz OszicarFuzz EntryJsonFuzz EntryCsvFuzz InputSetFuzz
     ClusterProfileFuzz ResultsArchiveFuzz CampaignSpecFuzz IncarFuzz KpointsFuzz GpawResultFuzz)
targets=()
execs=1000000
build=1
maxtime=0
while [ $# -gt 0 ]; do
    case "$1" in
        --execs) execs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --max-time) maxtime="$2"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        all) targets=("${ALL[@]}"); shift ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
for t in "${targets[@]}"; do
    [ -d "src/test/resources/fuzz/$t" ] || { echo "unknown fuzz target $t (known: ${ALL[*]})" >&2; exit 2; }
done

if [ "$build" = 1 ]; then mvn -o -q -B test-compile; fi
mkdir -p target/fuzz
if [ ! -s target/fuzz/classpath.txt ] || [ pom.xml -nt target/fuzz/classpath.txt ]; then
    mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz/classpath.txt
fi
# a snapshot of the classes, so that a build during a long run does not change them under it
snap="target/fuzz/classes-$$"
mkdir -p "$snap"
cp -r target/classes "$snap/main"
cp -r target/test-classes "$snap/test"
trap 'rm -rf "$snap"' EXIT
CP="$snap/test:$snap/main:$(cat target/fuzz/classpath.txt)"
jazzer() {
    java -Xmx1g -cp "$CP" com.code_intelligence.jazzer.Jazzer --instrumentation_includes='org.xtalflow.**' "$@"
}

# Keeps the seed folder small: libFuzzer's merge into an empty folder picks, from the seeds and the
# working corpus, the smallest inputs that together reach every feature seen; they replace the
# sha1-named inputs of the seed folder. Named seeds and findings (crash-, timeout-, oom-, leak-)
# stay as they are. If the merge fails, the seed folder is left alone.
minimize_corpus() {
    local t="$1" seeds="$2" work="$3" min="target/fuzz/min/$1"
    rm -rf "$min"; mkdir -p "$min"
    # (slow-unit- files go to target/fuzz, not into a corpus folder)
    if jazzer --target_class="org.xtalflow.fuzz.$t" -merge=1 -artifact_prefix=target/fuzz/ "$min" "$seeds" "$work" \
            > "target/fuzz/$t.merge.log" 2>&1 && [ -n "$(ls -A "$min")" ]; then
        find "$seeds" -maxdepth 1 -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -delete
        cp "$min"/* "$seeds"/
        # a named seed or a finding kept under its own name is not kept twice under its sha1
        for f in "$seeds"/*; do
            [[ "$(basename "$f")" =~ ^[0-9a-f]{40}$ ]] && continue
            rm -f "$seeds/$(sha1sum < "$f" | cut -d' ' -f1)"
        done
    else
        echo "$t: corpus merge failed (see target/fuzz/$t.merge.log); seed folder unchanged" >&2
    fi
}

for t in "${targets[@]}"; do
    seeds="src/test/resources/fuzz/$t"
    work="target/fuzz/corpus/$t"
    log="target/fuzz/$t.log"
    mkdir -p "$work"
    cp -n "$seeds"/* "$work"/ 2>/dev/null || true
    # libFuzzer names its findings crash-, timeout-, oom- or leak-<sha1> (a slow-unit- is only slow)
    findings_re='^(crash|timeout|oom|leak)-'
    before=$(ls "$seeds" | grep -cE "$findings_re" || true)
    echo "fuzzing $t for $execs executions (log: $log)"
    start=$(date +%s)
    set +e
    jazzer --target_class="org.xtalflow.fuzz.$t" --keep_going=50 --reproducer_path=target/fuzz -runs="$execs" -max_total_time="$maxtime" -timeout=120 -rss_limit_mb=3072 \
        -artifact_prefix="$seeds/" "$work" > "$log" 2>&1
    rc=$?
    set -e
    end=$(date +%s)
    minimize_corpus "$t" "$seeds" "$work"
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
    runs=$(echo "$done_line" | awk '{print $2}')
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    secs=$((end - start))
    rate=$(awk -v r="${runs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
    after=$(ls "$seeds" | grep -cE "$findings_re" || true)
    findings=$((after - before))
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "${runs:-0}" "$secs" "$rate" "$findings" | tee -a target/fuzz/summary.tsv
    if [ "$findings" -gt 0 ] || [ "$rc" -ne 0 ]; then
        echo "$t: $findings finding(s), exit $rc; see $log and the new files in $seeds" >&2
    fi
done
