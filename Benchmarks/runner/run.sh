#!/usr/bin/env bash
# The runner benchmark, side by side in one run: 1,000 trivial stages (`true`) in a wide
# and in a deep graph through modelbuild and through `ninja -j N` on the same graph; a
# no-op rebuild of the cached stages; peak memory for 1,000 and 10,000 stages.
#
# usage: Benchmarks/runner/run.sh [STAGES] [WORKERS]      (defaults: 1000 and nproc)
set -euo pipefail
cd "$(dirname "$0")/../.."

stages=${1:-1000}
workers=${2:-$(nproc)}
swift build -c release --product modelbuild >/dev/null
modelbuild=$PWD/.build/release/modelbuild
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }

# Runs a command, printing "<wall seconds> <peak RSS in MiB>".
measure() {
    local log=$work/time.log
    local start end
    start=$(seconds)
    /usr/bin/time -f '%M' -o "$log" "$@" >/dev/null 2>&1
    end=$(seconds)
    python3 -c "print(f'{$end - $start:.3f} {int(open(\"$log\").read().split()[-1]) / 1024:.1f}')"
}

printf '%-28s %10s %10s %10s %12s\n' graph ninja_s modelbuild_s ratio peak_MiB
for shape in wide deep; do
    dir=$work/$shape
    Benchmarks/runner/generate.py "$shape" "$stages" "$workers" "$dir"
    read -r ninja_time _ < <(cd "$dir" && measure ninja -j "$workers")
    read -r mb_time mb_rss < <(cd "$dir" && measure "$modelbuild" build bench --no-publish)
    ratio=$(python3 -c "print(f'{$mb_time / $ninja_time:.2f}')")
    printf '%-28s %10s %10s %10s %12s\n' "$shape $stages cold" "$ninja_time" "$mb_time" "${ratio}x" "$mb_rss"
    read -r noop_time noop_rss < <(cd "$dir" && measure "$modelbuild" build bench --no-publish)
    read -r version_time _ < <(cd "$dir" && measure "$modelbuild" --version)
    work_ms=$(python3 -c "print(f'{($noop_time - $version_time) * 1000:.0f}')")
    printf '%-28s %10s %10s %10s %12s\n' "$shape $stages no-op rebuild" "-" "$noop_time" "${work_ms}ms work" "$noop_rss"
done

big=$((stages * 10))
dir=$work/wide-big
Benchmarks/runner/generate.py wide "$big" "$workers" "$dir"
read -r big_time big_rss < <(cd "$dir" && measure "$modelbuild" build bench --no-publish)
read -r big_ninja _ < <(cd "$dir" && measure ninja -j "$workers")
ratio=$(python3 -c "print(f'{$big_time / $big_ninja:.2f}')")
printf '%-28s %10s %10s %10s %12s\n' "wide $big cold" "$big_ninja" "$big_time" "${ratio}x" "$big_rss"
