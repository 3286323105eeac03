#!/usr/bin/env python3
"""instructlab: a modelbuild plugin stage that runs the real InstructLab CLI.

One plugin, three steps, chosen with the `step` param:

  generate  ilab data generate --taxonomy-path <leaves> --taxonomy-base empty
                               --output-dir <output>/generated [--pipeline …]
                               [--model <teacher_model>] [--sdg-scale-factor N] …
            The taxonomy is the build's snapshot (context.json `taxonomy.path`); only the
            changed leaves (or the stage's own leaf under `foreach`, or every leaf with
            `leaves: all`) are copied into a taxonomy of their own in the work directory,
            so `--taxonomy-base empty` makes ilab read exactly those.
  train     ilab model train --data-path <the newest *train*.jsonl among the inputs>
                             --model-path <base model> --ckpt-output-dir <output>/checkpoints
                             --data-output-dir <work>/train-data [--num-epochs N] …
  evaluate  ilab model evaluate --model <the newest checkpoint among the inputs>
                                --benchmark B [--base-model <base model>]
                                --output-dir <output>/evaluation …
            A score ilab prints as `(0.62/1.0)` under `## MODEL (SCORE)` becomes the
            metric `score` in result.json.

Every run writes the command to <output>/ilab-command.json. With `dry_run: true` (or
MODELBUILD_ILAB_DRY_RUN=1 in the environment) it prints the command as one JSON list and
stops there: how the command lines are tested where ilab is not installed. Without `ilab`
on PATH, a real run fails at once (exit 127) saying what to install.

Python 3 standard library only.
"""

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_INSTALLED = 127
SCHEMA_VERSION = 1
INSTALL_HINT = "pip install instructlab"
DEFAULT_DATA_GLOB = "*train*.jsonl"

STEP_PARAMS = {
    "generate": {"pipeline", "leaves", "teacher_model", "sdg_scale_factor", "num_instructions"},
    "train": {"pipeline", "data_glob", "model_path", "epochs", "device"},
    "evaluate": {"benchmark", "model", "model_path", "judge_model"},
}


class StageError(Exception):
    """The stage cannot go on; `status` is its exit status."""

    def __init__(self, message, status=EXIT_USAGE):
        super().__init__(message)
        self.status = status


# MARK: Context


def read_context(argv):
    path = os.environ.get("MODELBUILD_CONTEXT")
    if len(argv) == 3 and argv[1] == "--context":
        path = argv[2]
    elif len(argv) != 1:
        raise StageError("usage: ilab_stage.py [--context context.json] (or MODELBUILD_CONTEXT=context.json)")
    if not path:
        raise StageError("MODELBUILD_CONTEXT is not set: this stage runs under modelbuild (or give --context)")
    try:
        with open(path, encoding="utf-8") as handle:
            context = json.load(handle)
    except (OSError, ValueError) as error:
        raise StageError(f"cannot read the context {path}: {error}")
    if context.get("schemaVersion") != SCHEMA_VERSION:
        raise StageError(f"{path}: schemaVersion {context.get('schemaVersion')!r}; this stage reads {SCHEMA_VERSION}")
    if not isinstance(context.get("output"), str):
        raise StageError(f"{path}: no output directory")
    return context


def check_params(params):
    step = params.get("step")
    if step not in STEP_PARAMS:
        raise StageError(f"params.step must be one of {', '.join(STEP_PARAMS)}, not {step!r}")
    for name in sorted(params):
        owners = [other for other, names in STEP_PARAMS.items() if name in names]
        if owners and step not in owners:
            raise StageError(f"params.{name} is for step {' and '.join(owners)}, not {step}")
    extra = params.get("extra_args", [])
    if not isinstance(extra, list) or not all(isinstance(item, (str, int, float)) for item in extra):
        raise StageError("params.extra_args must be a list of strings")
    return step


def is_dry_run(params):
    return params.get("dry_run") is True or os.environ.get("MODELBUILD_ILAB_DRY_RUN") == "1"


def base_model_path(context, params):
    if params.get("model_path"):
        return params["model_path"]
    base = context.get("baseModel") or {}
    return base.get("path")


def option(argv, flag, value):
    if value is not None and value != "":
        argv += [flag, str(value)]


# MARK: Commands


def generate_command(context, params, work_dir):
    taxonomy = context.get("taxonomy")
    if not taxonomy or not taxonomy.get("path"):
        raise StageError("step generate needs the build's taxonomy (a taxonomy: section in builds.yaml)")
    source = taxonomy["path"]
    if taxonomy.get("leaf"):
        leaves = [taxonomy["leaf"]]
    elif params.get("leaves") == "all":
        leaves = None
    else:
        leaves = taxonomy.get("changedLeaves") or []
    if leaves == []:
        return None
    taxonomy_path = source if leaves is None else stage_leaves(source, leaves, os.path.join(work_dir, "taxonomy"))
    argv = ["ilab", "data", "generate", "--taxonomy-path", taxonomy_path, "--taxonomy-base", "empty"]
    argv += ["--output-dir", os.path.join(context["output"], "generated")]
    option(argv, "--pipeline", params.get("pipeline"))
    option(argv, "--model", params.get("teacher_model"))
    option(argv, "--sdg-scale-factor", params.get("sdg_scale_factor"))
    option(argv, "--num-instructions", params.get("num_instructions"))
    return argv


def stage_leaves(source, leaves, destination):
    """A taxonomy holding only `leaves`, copied from the snapshot at `source`."""
    if os.path.isdir(destination):
        shutil.rmtree(destination)
    os.makedirs(destination)
    for leaf in leaves:
        from_path = os.path.normpath(os.path.join(source, leaf))
        if not from_path.startswith(os.path.normpath(source) + os.sep):
            raise StageError(f"leaf {leaf!r} is outside the taxonomy")
        if not os.path.isdir(from_path):
            # A removed leaf has nothing to generate from.
            continue
        shutil.copytree(from_path, os.path.join(destination, leaf))
    return destination


def train_command(context, params, work_dir):
    data = newest_match(context.get("inputs") or {}, params.get("data_glob") or DEFAULT_DATA_GLOB)
    model = base_model_path(context, params)
    if model is None:
        raise StageError("step train needs a model to start from: set model_path, or model.base in builds.yaml")
    argv = ["ilab", "model", "train", "--data-path", data, "--model-path", model]
    argv += ["--ckpt-output-dir", os.path.join(context["output"], "checkpoints")]
    argv += ["--data-output-dir", os.path.join(work_dir, "train-data")]
    option(argv, "--pipeline", params.get("pipeline"))
    option(argv, "--num-epochs", params.get("epochs"))
    option(argv, "--device", params.get("device"))
    return argv


def newest_match(inputs, pattern):
    """The last file, by input name then path, matching `pattern` (on the file name, or
    on the path within the input when the pattern holds a `/`)."""
    matches = []
    for name in sorted(inputs):
        root = inputs[name]
        for directory, folders, files in os.walk(root):
            folders.sort()
            for file in sorted(files):
                relative = os.path.relpath(os.path.join(directory, file), root)
                if fnmatch.fnmatch(relative if "/" in pattern else file, pattern):
                    matches.append(os.path.join(directory, file))
    if not matches:
        shown = ", ".join(f"{name}={inputs[name]}" for name in sorted(inputs)) or "none (list the generate stage under needs:)"
        raise StageError(f"step train: no training data matching {pattern!r} in the inputs: {shown}", EXIT_FAILED)
    return matches[-1]


def evaluate_command(context, params, work_dir):
    benchmark = params.get("benchmark")
    if not benchmark:
        raise StageError("step evaluate needs params.benchmark (mmlu, mmlu_branch, mt_bench, mt_bench_branch or dk_bench)")
    model = params.get("model") or newest_checkpoint(context.get("inputs") or {})
    argv = ["ilab", "model", "evaluate", "--model", model, "--benchmark", benchmark]
    option(argv, "--base-model", base_model_path(context, params))
    argv += ["--output-dir", os.path.join(context["output"], "evaluation")]
    option(argv, "--judge-model", params.get("judge_model"))
    taxonomy = context.get("taxonomy") or {}
    if benchmark.endswith("_branch") and taxonomy.get("path"):
        argv += ["--taxonomy-path", taxonomy["path"]]
    return argv


def newest_checkpoint(inputs):
    """The highest-numbered `checkpoints/hf_format/samples_N` among the inputs, else an
    input's `checkpoints` folder."""
    best, fallback = None, None
    for name in sorted(inputs):
        checkpoints = os.path.join(inputs[name], "checkpoints")
        hf_format = os.path.join(checkpoints, "hf_format")
        if os.path.isdir(hf_format):
            for entry in os.listdir(hf_format):
                number = re.search(r"(\d+)$", entry)
                rank = int(number.group(1)) if number else -1
                if best is None or rank > best[0]:
                    best = (rank, os.path.join(hf_format, entry))
        if fallback is None and os.path.isdir(checkpoints):
            fallback = checkpoints
    if best is not None:
        return best[1]
    if fallback is not None:
        return fallback
    raise StageError(
        "step evaluate: no checkpoints folder in the inputs; list the train stage under needs:, or set params.model",
        EXIT_FAILED,
    )


COMMANDS = {"generate": generate_command, "train": train_command, "evaluate": evaluate_command}


def build_command(context, work_dir):
    params = context.get("params") or {}
    step = check_params(params)
    argv = COMMANDS[step](context, params, work_dir)
    if argv is None:
        return step, None
    option(argv, "--gpus", params.get("gpus"))
    argv += [str(item) for item in params.get("extra_args", [])]
    return step, argv


# MARK: Running


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2)
        handle.write("\n")


def run_ilab(program, argv, work_dir):
    """Runs ilab, echoing what it prints; returns its exit status and its output lines."""
    lines = []
    with subprocess.Popen(
        [program] + argv[1:], cwd=work_dir, stdout=subprocess.PIPE, text=True, errors="replace"
    ) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line.rstrip("\n"))
    return process.returncode, lines


def evaluation_score(lines):
    """The first score after `## MODEL (SCORE)`: `/path/to/model (0.62/1.0)` → 0.62."""
    for index, line in enumerate(lines):
        if line.strip().startswith("## MODEL"):
            for following in lines[index + 1 : index + 4]:
                found = re.search(r"\(([-+0-9.eE]+)\s*/\s*[-+0-9.eE]+\)\s*$", following)
                if found:
                    return float(found.group(1))
    return None


def main(argv):
    try:
        context = read_context(argv)
        params = context.get("params") or {}
        dry_run = is_dry_run(params)
        program = shutil.which("ilab")
        if program is None and not dry_run:
            raise StageError(
                "ilab (the InstructLab CLI) is not installed: it is not on PATH "
                f"({os.environ.get('PATH', '')}). Install it with `{INSTALL_HINT}` "
                "(https://github.com/instructlab/instructlab), or set dry_run: true to see the command only.",
                EXIT_NOT_INSTALLED,
            )
        work_dir = os.getcwd()
        step, command = build_command(context, work_dir)
    except StageError as error:
        print(f"instructlab: error: {error}", file=sys.stderr)
        return error.status

    output = context["output"]
    os.makedirs(output, exist_ok=True)
    if command is None:
        print(f"instructlab: step {step}: no changed leaves, nothing to generate")
        write_json(os.path.join(output, "ilab-command.json"), {"step": step, "argv": None})
        return 0
    write_json(os.path.join(output, "ilab-command.json"), {"step": step, "argv": command, "dryRun": dry_run})
    if dry_run:
        print(json.dumps(command))
        return 0

    status, lines = run_ilab(program, command, work_dir)
    if status != 0:
        print(f"instructlab: {' '.join(command[:3])} exited with status {status}", file=sys.stderr)
        return status if status > 0 else EXIT_FAILED
    if step == "evaluate":
        score = evaluation_score(lines)
        if score is not None:
            write_json(os.path.join(output, "result.json"), {"metrics": {"score": score}})
            print(f"::metric score={score}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
