#!/usr/bin/env python3
"""Writes the benchmark graphs: a builds.yaml for modelbuild and the same graph as a
build.ninja, so both tools run identical work: one `true stage NAME` process per stage.
The name makes every stage's cache key its own, as real stages' keys are; two arguments,
not one, because coreutils' `true` loads the locale when given exactly one (to answer
`--help`), which dash's built-in `true` under ninja never does.

usage: generate.py SHAPE COUNT WORKERS DIRECTORY    (SHAPE: wide | deep)
"""
import os
import sys


def main() -> None:
    shape, count, workers, directory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    os.makedirs(directory, exist_ok=True)
    names = [f"s{index}" for index in range(count)]
    needs = {name: ([names[index - 1]] if shape == "deep" and index > 0 else []) for index, name in enumerate(names)}

    lines = [
        "version: 1",
        "model: {name: bench}",
        "executor: {kind: local, workers: %d}" % workers,
        "stages:",
    ]
    for name in names:
        need = ", needs: [%s]" % needs[name][0] if needs[name] else ""
        lines.append(f"  {name}: {{run: [true, stage, {name}]{need}}}")
    lines += ["builds:", "  bench: {version: \"bench-{date}\"}", ""]
    with open(os.path.join(directory, "builds.yaml"), "w") as out:
        out.write("\n".join(lines))

    ninja = ["rule run", "  command = true stage $out", ""]
    for name in names:
        order = " || " + needs[name][0] if needs[name] else ""
        ninja.append(f"build {name}: run{order}")
    ninja.append("")
    with open(os.path.join(directory, "build.ninja"), "w") as out:
        out.write("\n".join(ninja))


if __name__ == "__main__":
    main()
