#!/usr/bin/env python3
"""Writes a git fast-import stream for a taxonomy-shaped repository on stdout.

usage: make-taxonomy.py LEAVES MERGES [DOCUMENT_REPO DOCUMENT_COMMIT]

The first commit holds LEAVES - 8 * MERGES leaves; then MERGES pull requests are merged
into main with --no-ff merge commits (subject "Merge pull request #N ..."), each adding
8 leaves and editing 2 existing ones (one qna.yaml, one attribution.txt), so main ends
with LEAVES leaves and MERGES first-parent merges. Every leaf is a folder with a
qna.yaml and an attribution.txt, under compositional_skills/ (two thirds) or knowledge/.
With DOCUMENT_REPO and DOCUMENT_COMMIT, knowledge leaves are version-3 knowledge leaves
(five contexts of three questions each) whose documents are `docs/topic_NN.md` in that
repository at that commit (Benchmarks/knowledge/run.sh makes one); without them, every
leaf is a skill-shaped leaf.
The pull requests' branch is left at refs/heads/pull-request; delete it after importing.
Deterministic: the same arguments always give the same commits.
"""
import sys

LEAVES, MERGES = int(sys.argv[1]), int(sys.argv[2])
DOCUMENTS = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None
ADDED_PER_MERGE = 8
INITIAL = LEAVES - ADDED_PER_MERGE * MERGES
assert INITIAL > 0, "LEAVES must exceed 8 * MERGES"

out = sys.stdout.buffer
clock = 1_793_610_000
mark = 0


def next_mark():
    global mark
    mark += 1
    return mark


def leaf_path(n):
    root = "knowledge" if n % 3 == 2 else "compositional_skills"
    return f"{root}/domain_{n % 40:02d}/topic_{(n // 40) % 25:02d}/leaf_{n:05d}"


def qna(n, revision):
    if DOCUMENTS and leaf_path(n).startswith("knowledge/"):
        return knowledge_qna(n, revision)
    text = (
        f"version: 3\ncreated_by: contributor-{n % 97}\n"
        f"task_description: Leaf {n}, revision {revision}.\nseed_examples:\n"
    )
    for i in range(5):
        text += f"  - question: What is fact {i} of leaf {n}?\n    answer: Fact {i} of leaf {n} is {n * 7 + i + revision}.\n"
    return text.encode()


def knowledge_qna(n, revision):
    repo, commit = DOCUMENTS
    topic = (n // 40) % 25
    text = (
        f"version: 3\ncreated_by: contributor-{n % 97}\ndomain: domain_{n % 40:02d}\n"
        f"document_outline: Facts about leaf {n}, revision {revision}.\nseed_examples:\n"
    )
    for c in range(5):
        text += f"  - context: |\n      Leaf {n} keeps fact group {c}; its value is {n * 11 + c + revision}.\n"
        text += "    questions_and_answers:\n"
        for q in range(3):
            text += (
                f"      - question: What is fact {q} of group {c} of leaf {n}?\n"
                f"        answer: Fact {q} of group {c} of leaf {n} is {n * 13 + c * 3 + q + revision}.\n")
    text += f"document:\n  repo: {repo}\n  commit: {commit}\n  patterns:\n    - docs/topic_{topic:02d}.md\n"
    return text.encode()


def attribution(n, revision):
    return f"Title of work: Leaf {n}\nLink to work: https://example.com/{n}\nRevision: {revision}\nLicense of the work: CC-BY-4.0\nCreator names: Contributor {n % 97}\n".encode()


def data(payload):
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def modify(path, payload):
    out.write(b"M 100644 inline " + path.encode() + b"\n")
    data(payload)


def commit(ref, message, author, parents, files):
    global clock
    clock += 600
    m = next_mark()
    out.write(f"commit {ref}\nmark :{m}\n".encode())
    ident = f"{author} <{author.lower().replace(' ', '-')}@taxonomy.example> {clock} +0000\n"
    out.write(b"author " + ident.encode())
    out.write(b"committer " + ident.encode())
    data(message.encode())
    if parents:
        out.write(f"from :{parents[0]}\n".encode())
        for parent in parents[1:]:
            out.write(f"merge :{parent}\n".encode())
    for path, payload in files:
        modify(path, payload)
    out.write(b"\n")
    return m


files = []
for n in range(INITIAL):
    files.append((leaf_path(n) + "/qna.yaml", qna(n, 0)))
    files.append((leaf_path(n) + "/attribution.txt", attribution(n, 0)))
files.append(("README.md", b"# A generated taxonomy for the modelbuild benchmark\n"))
main = commit("refs/heads/main", "Start the taxonomy\n", "Taxonomy Maintainers", [], files)

next_leaf = INITIAL
for number in range(1, MERGES + 1):
    change = []
    for _ in range(ADDED_PER_MERGE):
        change.append((leaf_path(next_leaf) + "/qna.yaml", qna(next_leaf, 0)))
        change.append((leaf_path(next_leaf) + "/attribution.txt", attribution(next_leaf, 0)))
        next_leaf += 1
    edited = (number * 7919) % next_leaf
    change.append((leaf_path(edited) + "/qna.yaml", qna(edited, number)))
    fixed = (number * 104729) % next_leaf
    change.append((leaf_path(fixed) + "/attribution.txt", attribution(fixed, number)))
    side = commit("refs/heads/pull-request", f"Add eight leaves ({number})\n", f"Contributor {number % 97}", [main], change)
    main = commit(
        "refs/heads/main", f"Merge pull request #{number} from contributor-{number % 97}/batch-{number}\n\nAdd eight leaves\n",
        "Taxonomy Maintainers", [main, side], change)
out.write(b"done\n")
