#!/usr/bin/env bash
# The incremental benchmark of issue 14, in two parts.
#
#   scale [LEAVES…]     (default 1000 10000 100000) For each size: a generated taxonomy
#       (Benchmarks/taxonomy/make-taxonomy.py; two thirds under compositional_skills) and
#       one `foreach: leaves` stage of `true` over compositional_skills. Measures `plan`
#       (wall and CPU seconds), the first build, a no-op build (nothing to rebuild), a
#       forced build (every stage reused), the state the first build wrote per stage (the
#       .modelbuild folder beside the taxonomy mirror and snapshots, divided by the
#       stages; where it goes is printed below the table), the largest context.json left,
#       and each step's peak RSS; then 3 leaves change and `plan`'s longest line is measured.
#   history [LEAVES [MERGES]]   (default 1000 200) A generated history
#       (make-history.py): MERGES first-parent merges of which 1 in 10 changes 10 leaves.
#       Builds the sample nightly (builds.yaml's stages: validate, generate per leaf,
#       train, safety per leaf, evaluate) after each merge (safety with `fail_on: []`: the
#       generated data of 2 leaves in 1,000 tripped an error-severity check in a first try);
#       totals the stage-seconds (the
#       journal's attempt times) and the versions published, and times each nightly.
#
# MODELBUILD chooses the binary (default: this checkout's release build, built first) and
# PROJECT_FILES the folder whose builds.yaml and plugins/ the history nightlies use (default
# this checkout's), so two versions can be compared side by side. Everything is made under one temporary
# folder (TMPDIR), removed at exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 LC_ALL=C

if [[ -z ${MODELBUILD:-} ]]; then
    (cd "$root" && swift build -c release --product modelbuild >&2)
    MODELBUILD=$root/.build/release/modelbuild
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/modelbuild-incremental-benchmark.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# Runs a command in a folder: prints "<wall seconds> <peak RSS MiB> <CPU seconds>".
measure() {
    local folder=$1 log=$work/time.log start end
    shift
    start=$(date +%s.%N)
    (cd "$folder" && /usr/bin/time -f '%M %U %S' -o "$log" "$@" >"$work/out.log" 2>&1) || {
        echo "failed: $* (in $folder)" >&2
        tail -20 "$work/out.log" >&2
        return 1
    }
    end=$(date +%s.%N)
    python3 -c "t = open(\"$log\").read().split()[-3:]; print(f'{$end - $start:.2f} {int(t[0]) / 1024:.0f} {float(t[1]) + float(t[2]):.2f}')"
}

# The state under .modelbuild/ beside the mirror and the snapshots, in bytes (du's
# apparent sizes, folders included).
state_bytes() {
    (cd "$1/.modelbuild" && du -sb --exclude=taxonomy.git --exclude=snapshots --exclude=sample-taxonomy . | cut -f1)
}

# A bare taxonomy repository at $1 from a fast-import stream on stdin, main checked out nowhere.
import_taxonomy() {
    git init --quiet --bare "$1"
    git -C "$1" fast-import --quiet
    git -C "$1" symbolic-ref HEAD refs/heads/main
}

scale() {
    printf '%-8s %7s %9s %9s %9s %9s %9s %9s %11s %11s %9s\n' leaves stages plan_s plan_cpu first_s noop_s forced_s \
        peak_MiB state_B/stage context_B plan_line
    for leaves in "$@"; do
        local dir=$work/scale-$leaves stages
        mkdir -p "$dir/project"
        python3 "$root/Benchmarks/taxonomy/make-taxonomy.py" "$leaves" 1 | import_taxonomy "$dir/taxonomy.git"
        git -C "$dir/taxonomy.git" update-ref -d refs/heads/pull-request
        cat >"$dir/project/builds.yaml" <<YAML
version: 1
model: {name: bench}
taxonomy: {url: $dir/taxonomy.git, branch: main, folders: [compositional_skills]}
executor: {kind: local, workers: $(nproc)}
stages:
  leaf: {run: ["true"], foreach: leaves}
builds:
  bench: {version: "bench-{date}"}
YAML
        (cd "$dir/project" && "$MODELBUILD" taxonomy sync >/dev/null)
        read -r plan_s plan_rss plan_cpu < <(measure "$dir/project" "$MODELBUILD" plan bench --no-fetch)
        read -r first_s first_rss _ < <(measure "$dir/project" "$MODELBUILD" build bench)
        stages=$(grep -c '"event":"job.succeeded"' "$dir"/project/.modelbuild/runs/*/journal.jsonl || true)
        local state context
        state=$(state_bytes "$dir/project")
        breakdown "$dir/project" "$stages" >"$work/breakdown-$leaves.txt"
        read -r noop_s noop_rss _ < <(measure "$dir/project" "$MODELBUILD" build bench)
        read -r forced_s forced_rss _ < <(measure "$dir/project" "$MODELBUILD" build bench --force)
        context=$(find "$dir"/project/.modelbuild/runs/*/contexts -name '*.json' -printf '%s\n' 2>/dev/null | sort -n | tail -1)
        # Three leaves change; plan's longest line.
        local clone=$work/clone-$leaves
        git clone --quiet "$dir/taxonomy.git" "$clone"
        for leaf in $(cd "$clone" && git ls-files 'compositional_skills/*/qna.yaml' | head -3); do
            echo "# changed" >>"$clone/$leaf"
        done
        git -C "$clone" -c user.name=bench -c user.email=bench@localhost commit --quiet -am "Change three leaves"
        git -C "$clone" push --quiet origin main
        (cd "$dir/project" && "$MODELBUILD" plan bench >"$work/plan.txt")
        local longest
        longest=$(awk '{ if (length($0) > max) max = length($0) } END { print max }' "$work/plan.txt")
        local peak
        peak=$(printf '%s\n' "$plan_rss" "$first_rss" "$noop_rss" "$forced_rss" | sort -n | tail -1)
        printf '%-8s %7s %9s %9s %9s %9s %9s %9s %11s %11s %9s\n' "$leaves" "$stages" "$plan_s" "$plan_cpu" "$first_s" \
            "$noop_s" "$forced_s" "$peak" "$((state / (stages > 0 ? stages : 1)))" "${context:-0}" "$longest"
        rm -rf -- "$dir" "$clone"
    done
    for leaves in "$@"; do
        cat "$work/breakdown-$leaves.txt"
    done
}

# Where the first build's state goes: bytes a stage for each part of .modelbuild/.
breakdown() {
    local state=$1/.modelbuild stages=$2 parts=""
    for part in runs/*/journal.jsonl runs/*/contexts store/entries store keys.json keys.txt ingredients.log builds \
        leaf-verdicts.json changes; do
        local bytes
        bytes=$(cd "$state" && du -scb $part 2>/dev/null | tail -1 | cut -f1 || true) # a part may not exist
        parts+=" ${part#runs/\*/} $((bytes / (stages > 0 ? stages : 1)))"
    done
    echo "$(basename "$(dirname "$1")") first build, state bytes a stage:$parts"
}

history() {
    local leaves=${1:-1000} merges=${2:-200} dir=$work/history
    mkdir -p "$dir/project"
    python3 "$here/make-history.py" "$leaves" "$merges" | import_taxonomy "$dir/taxonomy.git"
    git -C "$dir/taxonomy.git" update-ref -d refs/heads/pull-request
    sed -e "s|url: .modelbuild/sample-taxonomy|url: $dir/taxonomy.git|" \
        -e "s|folders: \[compositional_skills, knowledge\]|folders: [compositional_skills]|" \
        -e "s|^    foreach: leaves                 # safety|    with: {fail_on: []}\n    foreach: leaves                 # safety|" \
        "${PROJECT_FILES:-$root}/builds.yaml" >"$dir/project/builds.yaml"
    cp -R "${PROJECT_FILES:-$root}/plugins" "$dir/project/plugins"
    local first
    first=$(git -C "$dir/taxonomy.git" rev-list --max-parents=0 main)
    local commits=($(git -C "$dir/taxonomy.git" rev-list --first-parent --reverse main | tail -n +2))
    git -C "$dir/taxonomy.git" update-ref refs/heads/tip main
    git -C "$dir/taxonomy.git" update-ref refs/heads/main "$first"
    local walls=() nightly=0 rss=0 wall peak
    read -r wall peak _ < <(measure "$dir/project" "$MODELBUILD" build nightly)
    echo "first nightly ($leaves leaves): ${wall}s, peak ${peak} MiB"
    local changed_walls=() quiet_walls=()
    for commit in "${commits[@]}"; do
        git -C "$dir/taxonomy.git" update-ref refs/heads/main "$commit"
        read -r wall peak _ < <(measure "$dir/project" "$MODELBUILD" build nightly)
        if git -C "$dir/taxonomy.git" diff --quiet "$commit^1" "$commit" -- compositional_skills; then
            quiet_walls+=("$wall")
        else
            changed_walls+=("$wall")
        fi
        rss=$(python3 -c "print(max($rss, $peak))")
    done
    python3 - "$dir/project" "${#commits[@]}" "${changed_walls[*]}" "${quiet_walls[*]}" "$rss" <<'PY'
import json, os, statistics, sys, datetime
project, merges, changed, quiet, rss = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), sys.argv[5]
def seconds(start, end):
    parse = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()
total = 0.0
runs = sorted(os.listdir(os.path.join(project, ".modelbuild/runs")))
per_run = []
for run in runs:
    path = os.path.join(project, ".modelbuild/runs", run, "journal.jsonl")
    if not os.path.exists(path):
        continue
    started, spent = {}, 0.0
    for line in open(path):
        record = json.loads(line)
        key = (record.get("job"), record.get("attempt"))
        if record.get("event") == "job.started":
            started[key] = record.get("time")
        elif record.get("event") in ("job.succeeded", "job.failed") and key in started and record.get("time"):
            spent += seconds(started[key], record["time"])
    per_run.append(spent)
    total += spent
versions = len(os.listdir(os.path.join(project, "artifacts/lab-model/builds")))
print(f"merges {merges}: {len(changed)} change leaves, {len(quiet)} do not")
print(f"runs recorded {len(per_run)}; stage-seconds in all {total:.1f} (first build {per_run[0] if per_run else 0:.1f})")
print(f"versions published {versions}")
if changed:
    print(f"nightly after a 10-leaf merge: median {statistics.median(map(float, changed)):.2f}s, max {max(map(float, changed)):.2f}s")
if quiet:
    print(f"nightly after a merge touching no leaf: median {statistics.median(map(float, quiet)):.2f}s, max {max(map(float, quiet)):.2f}s")
print(f"peak RSS {rss} MiB")
PY
}

case ${1:-scale} in
scale)
    shift || true
    [[ $# -gt 0 ]] || set -- 1000 10000 100000
    scale "$@"
    ;;
history) shift; history "$@" ;;
*) echo "usage: $0 scale [LEAVES…] | history [LEAVES [MERGES]]" >&2; exit 2 ;;
esac
