#!/usr/bin/env bash
# Builds the fuzz harnesses with libFuzzer and AddressSanitizer and runs each one.
#
#   Tests/Fuzz/run.sh [--runs N] [--time SECONDS] [--release] [TARGET...]
#
# TARGET is any of FuzzMIME FuzzMultipart FuzzSanitizer FuzzForm FuzzJSON (default: all, one
# after the other). --runs is libFuzzer's -runs per target (default 1000000); --time stops a
# target after that many seconds even if it has not done --runs executions (default: no limit).
# --release builds with -O (Swift's bounds, overflow and precondition checks stay on, only
# `assert` goes): a slower build, 2-4 times more executions per second. Default: debug.
#
# The build goes to .build-fuzz (its own scratch path: the sanitizer flags would otherwise
# force a rebuild of .build). New coverage-increasing inputs go to .build-fuzz/corpus/TARGET, so
# later runs start where earlier ones stopped; the seeds in Tests/Fuzz/corpus/TARGET are only
# read. A crash, a broken invariant (the harness traps), a timeout (-timeout, 10 s per input) or
# running out of memory (-rss_limit_mb) is saved as Tests/Fuzz/crashes/TARGET/crash-… (or
# timeout-…, oom-…), kept between runs and ignored by git; the script then goes on with the
# next target and exits 1 at the end. Reproduce one with
#   .build-fuzz/debug/TARGET Tests/Fuzz/crashes/TARGET/crash-…
# or, without sanitizers, `swift build` and .build/debug/TARGET FILE.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ALL=(FuzzMIME FuzzMultipart FuzzSanitizer FuzzForm FuzzJSON)
RUNS=1000000
TIME=0
CONFIG=debug
TARGETS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --runs=*) RUNS="${1#*=}"; shift ;;
        --time) TIME="$2"; shift 2 ;;
        --time=*) TIME="${1#*=}"; shift ;;
        --release) CONFIG=release; shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        Fuzz*) TARGETS+=("$1"); shift ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")
for target in "${TARGETS[@]}"; do
    [[ " ${ALL[*]} " == *" $target "* ]] || { echo "run.sh: no fuzz target '$target'" >&2; exit 2; }
done

if ! command -v swift >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swift ] && PATH="/opt/swift/usr/bin:$PATH" || { echo "run.sh: no swift on PATH" >&2; exit 2; }
fi

# Largest input libFuzzer makes per target: mail and HTML need room, the header parsers do not.
max_len() {
    case "$1" in
        FuzzMIME) echo 16384 ;;
        FuzzMultipart|FuzzSanitizer) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

cd "$ROOT" || exit 2
# --sanitize=fuzzer makes SwiftPM compile executables as libraries, so that libFuzzer's main is
# the entry point; -DTAQUILLA_FUZZ removes the harnesses' own replay @main. SwiftPM hands the
# compiler only the last of several --sanitize values, so both sanitizers go in one -sanitize=
# through -Xswiftc (which comes last). Only the fuzz products are built: the taquilla
# executable has a main.swift and cannot link this way.
mkdir -p .build-fuzz
for target in "${TARGETS[@]}"; do
    echo "== building $target ($CONFIG, libFuzzer + AddressSanitizer, .build-fuzz)"
    swift build -c "$CONFIG" --scratch-path .build-fuzz --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DTAQUILLA_FUZZ \
        --product "$target" >.build-fuzz/build.log 2>&1
    status=$?
    grep -vE '^\[[0-9]+/[0-9]+\]|Cannot export local symbol|^Building for|^Build complete' .build-fuzz/build.log
    [ "$status" -eq 0 ] || { echo "run.sh: building $target failed" >&2; exit 2; }
done

failed=()
summary=()
for target in "${TARGETS[@]}"; do
    work=".build-fuzz/corpus/$target"
    crashes="Tests/Fuzz/crashes/$target"
    mkdir -p "$work" "$crashes"
    dict=()
    [ -f "Tests/Fuzz/dict/$target.dict" ] && dict=(-dict="Tests/Fuzz/dict/$target.dict")
    limit=()
    [ "$TIME" != 0 ] && limit=(-max_total_time="$TIME")
    log=".build-fuzz/$target.log"
    echo "== fuzzing $target: up to $RUNS runs${limit:+, $TIME s}; log in $log"
    # Leak checking is off: the Swift runtime keeps metadata and caches alive on purpose. Short
    # allocation stacks and a smaller quarantine double the speed (Swift allocates a lot). The
    # Swift runtime's own backtracer is off: it copies the crashed stack with memcpy, which ASan
    # reports as a second, bogus error; libFuzzer and ASan print the stack instead.
    SWIFT_BACKTRACE=enable=no \
    ASAN_OPTIONS="detect_leaks=0:malloc_context_size=5:quarantine_size_mb=64${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        ".build-fuzz/$CONFIG/$target" -runs="$RUNS" "${limit[@]}" -max_len="$(max_len "$target")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "${dict[@]}" "$work" "Tests/Fuzz/corpus/$target" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    line="$target: ${runs:-?} executions, ${speed:-?} exec/s, $cov, corpus $(ls "$work" | wc -l) files"
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        line="$line — FAILED (exit $status)"
        grep -E 'invariant broken|Fatal error|ERROR: (AddressSanitizer|libFuzzer)|Test unit written' "$log" | head -8 | sed 's/^/    /'
        grep -E '^ +#[0-9]+ ' "$log" | head -12 | swift demangle --simplified | sed 's/^/    /'
    fi
    echo "$line"
    summary+=("$line")
done

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs kept in Tests/Fuzz/crashes/, logs in .build-fuzz/)" >&2
    exit 1
fi
