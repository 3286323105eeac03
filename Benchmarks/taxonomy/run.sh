#!/usr/bin/env bash
# Taxonomy sync + change detection, modelbuild against the git command line, side by side.
#
# usage: Benchmarks/taxonomy/run.sh [LEAVES [MERGES [REPEATS [WINDOW]]]]   (default 10000 1000 3 MERGES/10)
#
# Generates a taxonomy repository with LEAVES leaves and MERGES first-parent merge commits
# (git fast-import), serves it with `git daemon` on 127.0.0.1, and for each transport (the
# local path, and git:// through the daemon) measures, REPEATS times (median reported):
#   clone        modelbuild taxonomy sync (first time)   vs  git clone --mirror --no-local
#   fetch+diff   modelbuild taxonomy sync + taxonomy diff --base OLD
#                                                         vs  git fetch + git diff --name-only OLD NEW
# where the remote moves from OLD (WINDOW merges before the end) to NEW between the two.
# Builds modelbuild in release mode first. Needs git (with git-daemon), python3, and a
# free port on 127.0.0.1. Everything it makes is under one temporary folder, removed at exit.
set -euo pipefail

leaves=${1:-10000}
merges=${2:-1000}
repeats=${3:-3}
window=${4:-$((merges / 10))}
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 LC_ALL=C

work=$(mktemp -d "${TMPDIR:-/tmp}/modelbuild-taxonomy-benchmark.XXXXXX")
daemon=''
cleanup() {
    if [[ -n $daemon ]]; then
        kill "$daemon" 2>/dev/null || true
        wait "$daemon" 2>/dev/null || true
    fi
    rm -rf -- "$work"
}
trap cleanup EXIT

echo "building modelbuild (release)…" >&2
(cd "$root" && swift build -c release --product modelbuild >&2)
modelbuild=$root/.build/release/modelbuild

echo "generating $leaves leaves and $merges merges…" >&2
upstream=$work/upstream/taxonomy.git
git init -q --bare "$upstream"
python3 "$here/make-taxonomy.py" "$leaves" "$merges" | git -C "$upstream" fast-import --quiet --done
git -C "$upstream" update-ref -d refs/heads/pull-request
git -C "$upstream" gc -q
new=$(git -C "$upstream" rev-parse main)
old=$(git -C "$upstream" rev-list --first-parent main | sed -n "$((window + 1))p")
changed_files=$(git -C "$upstream" diff --name-only "$old" "$new" | wc -l)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git daemon --reuseaddr --export-all --base-path="$work/upstream" --listen=127.0.0.1 --port="$port" "$work/upstream" &
daemon=$!
for _ in $(seq 50); do
    git ls-remote "git://127.0.0.1:$port/taxonomy.git" >/dev/null 2>&1 && break
    sleep 0.1
done

# now_ms: a monotonic-enough wall clock in milliseconds.
now_ms() { date +%s%3N; }
# timed OUTPUT_VAR command…: runs the command quietly and stores its wall time in ms.
timed() {
    local var=$1 start
    shift
    start=$(now_ms)
    "$@" >/dev/null 2>&1 || { echo "benchmark command failed: $*" >&2; "$@" >&2 || true; exit 1; }
    printf -v "$var" '%s' $(($(now_ms) - start))
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
ratio() { python3 -c "print(f'{$1 / max($2, 1):.2f}')"; }

mb_fetch_diff() { # project
    "$modelbuild" taxonomy sync --config "$1/builds.yaml" && "$modelbuild" taxonomy diff --config "$1/builds.yaml" --base "$old"
}
git_fetch_diff() { # mirror
    git -C "$1" fetch --quiet && git -C "$1" diff --name-only "$old" "$new"
}

printf '\n%s leaves, %s first-parent merges; fetch+diff covers the last %s merges (%s changed files)\n' \
    "$leaves" "$merges" "$window" "$changed_files"
printf '%-8s %-11s %12s %10s %8s\n' transport step modelbuild git ratio
for transport in local daemon; do
    if [[ $transport == local ]]; then url=$upstream; else url=git://127.0.0.1:$port/taxonomy.git; fi
    mb_clone=() git_clone=() mb_update=() git_update=()
    for rep in $(seq "$repeats"); do
        project=$work/$transport-$rep
        mkdir -p "$project"
        printf 'version: 1\nmodel: {name: bench}\ntaxonomy: {url: "%s"}\nstages:\n  validate: {uses: builtin/validate}\nbuilds:\n  nightly: {}\n' \
            "$url" >"$project/builds.yaml"
        git -C "$upstream" update-ref refs/heads/main "$old"
        timed t "$modelbuild" taxonomy sync --config "$project/builds.yaml"
        mb_clone+=("$t")
        # --no-local: without it git hard-links a local repository's objects instead of fetching.
        timed t git clone --quiet --mirror --no-local "$url" "$project/git-mirror.git"
        git_clone+=("$t")
        git -C "$upstream" update-ref refs/heads/main "$new"
        timed t mb_fetch_diff "$project"
        mb_update+=("$t")
        timed t git_fetch_diff "$project/git-mirror.git"
        git_update+=("$t")
    done
    a=$(median "${mb_clone[@]}") b=$(median "${git_clone[@]}")
    printf '%-8s %-11s %10sms %8sms %7sx\n' "$transport" clone "$a" "$b" "$(ratio "$a" "$b")"
    a=$(median "${mb_update[@]}") b=$(median "${git_update[@]}")
    printf '%-8s %-11s %10sms %8sms %7sx\n' "$transport" fetch+diff "$a" "$b" "$(ratio "$a" "$b")"
done
echo "(ratio: modelbuild time / git time; below 1 means modelbuild is faster)"
