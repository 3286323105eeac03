#!/usr/bin/env bash
# The runner benchmark, side by side in one run: 1,000 trivial stages (`true`) in a wide
# and in a deep graph through modelbuild and through `ninja -j N` on the same graph; a
# no-op rebuild of the cached stages; peak memory for 1,000 and 10,000 stages.
#
# Beside them, the floor: the same processes started through Platform's ProcessLauncher
# alone, as the LocalExecutor starts them (a new session, output to pipes its reaper
# reads), with no scheduling, journal, store or files (Benchmarks/SpawnBenchmark; FLOOR
# chooses another way to start them: launcher-file or subprocess). ratio is modelbuild /
# ninja; floor is floor / ninja, the part of the ratio that starting processes through the
# launcher costs by itself.
#
# Each cold time is the median of REPEATS runs (default 3), each in a fresh folder. The
# folders are removed only at the end: on ext4 without a journal, creating files soon after
# many were deleted costs far more (the allocator skips recently freed inodes), which
# would charge one run for the clean-up of the one before. TMPDIR chooses the file system.
#
# usage: Benchmarks/runner/run.sh [STAGES] [WORKERS]      (defaults: 1000 and nproc)
set -euo pipefail
cd "$(dirname "$0")/../.."

stages=${1:-1000}
workers=${2:-$(nproc)}
repeats=${REPEATS:-3}
floor_mode=${FLOOR:-launcher}
swift build -c release --product modelbuild >/dev/null
swift build -c release --product SpawnBenchmark >/dev/null
modelbuild=$PWD/.build/release/modelbuild
floor=$PWD/.build/release/SpawnBenchmark
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { python3 -c 'import time; print(f"{time.time():.3f}")'; }

# Runs a command, printing "<wall seconds> <peak RSS in MiB>".
measure() {
    local log=$work/time.log
    local start end
    start=$(seconds)
    /usr/bin/time -f '%M' -o "$log" "$@" >/dev/null 2>&1
    end=$(seconds)
    python3 -c "print(f'{$end - $start:.3f} {int(open(\"$log\").read().split()[-1]) / 1024:.1f}')"
}

median() { python3 -c 'import sys, statistics; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.3f}")' "$@"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}x')"; }

# Cold runs of SHAPE with COUNT stages: sets ninja_time, floor_time, mb_time (medians),
# mb_rss (the largest) and last (the folder of the last modelbuild run).
cold() {
    local shape=$1 count=$2 ninja_runs=() floor_runs=() mb_runs=() rss=0 time memory
    for run in $(seq "$repeats"); do
        last=$work/$shape-$count-$run
        Benchmarks/runner/generate.py "$shape" "$count" "$workers" "$last"
        read -r time _ < <(cd "$last" && measure ninja -j "$workers")
        ninja_runs+=("$time")
        floor_runs+=("$("$floor" "$shape" "$count" "$workers" "$floor_mode")")
        read -r time memory < <(cd "$last" && measure "$modelbuild" build bench --no-publish)
        mb_runs+=("$time")
        rss=$(python3 -c "print(max($rss, $memory))")
    done
    ninja_time=$(median "${ninja_runs[@]}")
    floor_time=$(median "${floor_runs[@]}")
    mb_time=$(median "${mb_runs[@]}")
    mb_rss=$rss
}

row() { printf '%-26s %9s %9s %13s %9s %9s %10s\n' "$@"; }

echo "ninja -j $workers, floor through $floor_mode, $repeats runs each (median); wide $((stages * 10)) once"
row graph ninja_s floor_s modelbuild_s ratio floor peak_MiB
for shape in wide deep; do
    cold "$shape" "$stages"
    row "$shape $stages cold" "$ninja_time" "$floor_time" "$mb_time" "$(ratio "$mb_time" "$ninja_time")" \
        "$(ratio "$floor_time" "$ninja_time")" "$mb_rss"
    read -r noop_time noop_rss < <(cd "$last" && measure "$modelbuild" build bench --no-publish)
    read -r version_time _ < <(cd "$last" && measure "$modelbuild" --version)
    work_ms=$(python3 -c "print(f'{($noop_time - $version_time) * 1000:.0f}')")
    row "$shape $stages no-op rebuild" - - "$noop_time" "${work_ms}ms work" - "$noop_rss"
done

repeats=1 cold wide $((stages * 10))
row "wide $((stages * 10)) cold" "$ninja_time" "$floor_time" "$mb_time" "$(ratio "$mb_time" "$ninja_time")" \
    "$(ratio "$floor_time" "$ninja_time")" "$mb_rss"
