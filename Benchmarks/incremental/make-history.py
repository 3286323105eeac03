#!/usr/bin/env python3
"""Writes a git fast-import stream for a taxonomy history on stdout, shaped like the real
InstructLab taxonomy's: most merged pull requests touch no leaf (docs, CI).

usage: make-history.py LEAVES MERGES

The first commit holds LEAVES skill leaves under compositional_skills/ (qna.yaml with five
seed examples, attribution.txt). Then MERGES pull requests are merged into main with
--no-ff merge commits ("Merge pull request #N ..."): every tenth edits the qna.yaml of 10
leaves, the others edit a file outside the taxonomy folders (docs/CONTRIBUTING.md or
.github/workflows/lint.yml). Deterministic: the same arguments always give the same commits.
"""
import sys

LEAVES, MERGES = int(sys.argv[1]), int(sys.argv[2])
CHANGED_PER_LEAF_MERGE = 10
out = sys.stdout.buffer
clock = 1_793_610_000
mark = 0


def leaf_path(n):
    return f"compositional_skills/domain_{n % 40:02d}/topic_{(n // 40) % 25:02d}/leaf_{n:05d}"


def qna(n, revision):
    text = f"version: 3\ncreated_by: contributor-{n % 97}\ntask_description: Answer facts of leaf {n}, revision {revision}.\nseed_examples:\n"
    for i in range(5):
        text += f"  - question: What is fact {i} of leaf {n}?\n    answer: Fact {i} of leaf {n} is {n * 7 + i + revision}.\n"
    return text.encode()


def attribution(n):
    return f"Title of work: Leaf {n}\nLink to work: https://example.com/{n}\nLicense of the work: CC-BY-4.0\nCreator names: Contributor {n % 97}\n".encode()


def data(payload):
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def commit(ref, message, author, parents, files):
    global clock, mark
    clock += 600
    mark += 1
    out.write(f"commit {ref}\nmark :{mark}\n".encode())
    ident = f"{author} <{author.lower().replace(' ', '-')}@taxonomy.example> {clock} +0000\n".encode()
    out.write(b"author " + ident + b"committer " + ident)
    data(message.encode())
    if parents:
        out.write(f"from :{parents[0]}\n".encode())
        for parent in parents[1:]:
            out.write(f"merge :{parent}\n".encode())
    for path, payload in files:
        out.write(b"M 100644 inline " + path.encode() + b"\n")
        data(payload)
    out.write(b"\n")
    return mark


files = [("README.md", b"# A generated taxonomy history for the modelbuild benchmark\n")]
for n in range(LEAVES):
    files += [(leaf_path(n) + "/qna.yaml", qna(n, 0)), (leaf_path(n) + "/attribution.txt", attribution(n))]
main = commit("refs/heads/main", "Start the taxonomy\n", "Taxonomy Maintainers", [], files)

for number in range(1, MERGES + 1):
    if number % 10 == 0:
        first = (number * 7919) % LEAVES
        leaves = [(first + step * 37) % LEAVES for step in range(CHANGED_PER_LEAF_MERGE)]
        change = [(leaf_path(n) + "/qna.yaml", qna(n, number)) for n in leaves]
        subject = f"Improve {CHANGED_PER_LEAF_MERGE} skills"
    elif number % 2:
        change = [("docs/CONTRIBUTING.md", f"How to contribute, revision {number}.\n".encode())]
        subject = "Docs: contributing guide"
    else:
        change = [(".github/workflows/lint.yml", f"# lint workflow, revision {number}\n".encode())]
        subject = "CI: bump the lint action"
    side = commit("refs/heads/pull-request", subject + "\n", f"Contributor {number % 97}", [main], change)
    main = commit(
        "refs/heads/main", f"Merge pull request #{number} from contributor-{number % 97}/pr-{number}\n\n{subject}\n",
        "Taxonomy Maintainers", [main, side], change)
out.write(b"done\n")
