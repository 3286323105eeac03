#!/usr/bin/env bash
# The real-taxonomy benchmark of issue 16: a generated taxonomy of LEAVES leaves, a third
# of them version-3 knowledge leaves whose documents live in a local document repository
# (25 Markdown files), built as the sample nightly (builds.yaml's stages: validate,
# generate per leaf, train, safety per leaf, evaluate, with both folders), then again after
# one merge that adds 8 leaves and edits 2 (a 10-leaf change).
#
# usage: Benchmarks/knowledge/run.sh [LEAVES]   (default 1000)
#
# For each nightly: wall time, peak RSS, the time from the last stage's end to the end of
# the command (publishing: hashing, blobs, the version folder, signing, pages, refs) and
# the published manifest's size (and, on standard error, the four slowest stages). MODELBUILD chooses the binary (default: this checkout's
# release build, built first). Everything is made under one temporary folder, removed at exit.
set -euo pipefail
leaves=${1:-1000}
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 LC_ALL=C
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost

if [[ -z ${MODELBUILD:-} ]]; then
    (cd "$root" && swift build -c release --product modelbuild >&2)
    MODELBUILD=$root/.build/release/modelbuild
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/modelbuild-knowledge-benchmark.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# The document repository: docs/topic_00.md … topic_24.md, 40 paragraphs each.
git init --quiet --initial-branch=main "$work/documents"
mkdir "$work/documents/docs"
for ((topic = 0; topic < 25; topic++)); do
    {
        printf '# Topic %d\n\n' "$topic"
        for ((paragraph = 0; paragraph < 40; paragraph++)); do
            printf 'Topic %d paragraph %d says that measurement %d of topic %d is %d.\n\n' \
                "$topic" "$paragraph" "$paragraph" "$topic" $((topic * 100 + paragraph))
        done
    } >"$work/documents/docs/$(printf 'topic_%02d.md' "$topic")"
done
git -C "$work/documents" add -A
git -C "$work/documents" commit --quiet -m "Documents"
commit=$(git -C "$work/documents" rev-parse HEAD)

# The taxonomy: main at the first commit; tip is one merge later (8 leaves added, 2 edited).
git init --quiet --bare "$work/taxonomy.git"
python3 "$root/Benchmarks/taxonomy/make-taxonomy.py" "$leaves" 1 "$work/documents" "$commit" |
    git -C "$work/taxonomy.git" fast-import --quiet
git -C "$work/taxonomy.git" symbolic-ref HEAD refs/heads/main
git -C "$work/taxonomy.git" update-ref -d refs/heads/pull-request
tip=$(git -C "$work/taxonomy.git" rev-parse main)
git -C "$work/taxonomy.git" update-ref refs/heads/main "$tip^1"

mkdir "$work/project"
sed -e "s|url: .modelbuild/sample-taxonomy|url: $work/taxonomy.git|" \
    -e "s|^    foreach: leaves                 # safety|    with: {fail_on: []}\n    foreach: leaves                 # safety|" \
    "$root/builds.yaml" >"$work/project/builds.yaml"
cp -R "$root/plugins" "$work/project/plugins"

# Builds the nightly; prints "<wall s> <peak MiB> <publish s> <manifest bytes> <stages run> <stages reused>".
nightly() {
    local start end
    start=$(date +%s.%N)
    (cd "$work/project" && /usr/bin/time -f '%M' -o "$work/rss" "$MODELBUILD" build nightly --progress plain >"$work/out.log" 2>&1) || {
        tail -30 "$work/out.log" >&2
        return 1
    }
    end=$(date +%s.%N)
    python3 - "$work/project" "$start" "$end" "$(tail -1 "$work/rss")" "$work/out.log" <<'PY'
import datetime, json, os, re, sys
project, start, end, rss, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = os.path.join(project, ".modelbuild/runs")
run = sorted(os.listdir(runs))[-1]
def seconds(time):
    return datetime.datetime.fromisoformat(time.replace("Z", "+00:00")).timestamp()
last, started, spent = None, {}, {}
for line in open(os.path.join(runs, run, "journal.jsonl")):
    record = json.loads(line)
    if record.get("event") == "job.started":
        started[record["job"]] = seconds(record["time"])
    if record.get("event") in ("job.succeeded", "job.failed", "job.reused") and record.get("time"):
        last = record["time"]
        if record["job"] in started:
            spent[record["job"]] = seconds(record["time"]) - started[record["job"]]
stages_end = seconds(last)
slowest = sorted(spent.items(), key=lambda item: -item[1])[:4]
print("  slowest stages: " + ", ".join(f"{job} {time:.1f}s" for job, time in slowest), file=sys.stderr)
builds = os.path.join(project, "artifacts/lab-model/builds")
newest = max(os.listdir(builds), key=lambda v: os.stat(os.path.join(builds, v)).st_mtime)
manifest = os.path.getsize(os.path.join(builds, newest, "manifest.json"))
summary = re.search(r"(\d+) run, (\d+) reused", open(out).read())
print(f"{end - start:.1f} {rss / 1024:.0f} {end - stages_end:.1f} {manifest} {summary.group(1)} {summary.group(2)}")
PY
}

printf '%-34s %8s %9s %10s %14s %6s %7s\n' nightly wall_s peak_MiB publish_s manifest_bytes run reused
read -r wall peak publish manifest ran reused < <(nightly)
printf '%-34s %8s %9s %10s %14s %6s %7s\n' "first ($leaves leaves)" "$wall" "$peak" "$publish" "$manifest" "$ran" "$reused"
git -C "$work/taxonomy.git" update-ref refs/heads/main "$tip"
read -r wall peak publish manifest ran reused < <(nightly)
printf '%-34s %8s %9s %10s %14s %6s %7s\n' "after a 10-leaf change" "$wall" "$peak" "$publish" "$manifest" "$ran" "$reused"
