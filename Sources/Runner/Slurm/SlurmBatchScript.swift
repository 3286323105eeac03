/// The batch script a stage attempt runs as on a Slurm node. It follows the worker
/// protocol as the local executor does: it enters the attempt's work directory, and starts
/// the stage's command with exactly the stage's environment (the allowlist,
/// `MODELBUILD_CONTEXT`, the job's secrets) plus the variables Slurm sets for the job
/// (`SLURM_*`, and the GPU lists `CUDA_VISIBLE_DEVICES`, `GPU_DEVICE_ORDINAL`,
/// `ROCR_VISIBLE_DEVICES`), which a stage on a cluster needs.
///
/// The script holds variable *names* only. The values reach the job from sbatch's own
/// environment (`--export=ALL` of an environment made of just those variables), so no
/// secret is ever written in a file under `.modelbuild`.
///
/// When the job has secrets, the stage's stdout and stderr go through a masking loop in the
/// script before Slurm writes them to the log: every occurrence of a secret's value in a
/// line becomes `***` on the node, so the log never holds the raw value. The loop is plain
/// bash (`${line//"$value"/***}` matches literally), reads line by line so `::progress`
/// lines arrive as they are printed, and costs a few MB/s of throughput, which stage logs
/// do not approach. Without secrets the stage's output goes straight to the log.
///
/// SIGTERM reaches every process of the job (``SlurmExecutor`` stops a job with
/// `scancel --signal=TERM --full`); it is meant for the stage. With secrets, the script's
/// shell waits for the stage instead of dying, and the masking loop ignores it, so what the
/// stage prints during its grace period still reaches the log.
struct SlurmBatchScript: Sendable, Hashable {
    var text: String

    /// Variables Slurm sets for a job that a stage keeps, besides `SLURM_*`.
    static let slurmJobVariables = ["CUDA_VISIBLE_DEVICES", "GPU_DEVICE_ORDINAL", "ROCR_VISIBLE_DEVICES"]

    /// - Parameters:
    ///   - command: the stage's program and arguments.
    ///   - workDirectory: the attempt's work directory.
    ///   - variables: names of the stage's variables (present in sbatch's environment).
    ///   - secrets: names of the job's secrets, whose values are masked in the output.
    ///   - description: who wrote the script for what, for a person reading it.
    init(
        command: [String], workDirectory: String, variables: [String], secrets: [String], description: String
    ) {
        let kept = (variables.sorted().map(ShellQuoting.quote) + ["SLURM_*"] + Self.slurmJobVariables)
            .joined(separator: "|")
        let commandLine = command.map(ShellQuoting.quote).joined(separator: " ")
        var lines = [
            "#!/bin/bash",
            "# \(description)",
            "# Variable values come from the job's environment (sbatch's, exported); none is written here.",
            "cd \(ShellQuoting.quote(workDirectory)) || {",
            "    echo \"modelbuild: this node cannot enter the work directory; the state directory must be on a filesystem shared by every node\" >&2",
            "    exit 1",
            "}",
            "keep=()",
            "for name in $(compgen -e); do",
            "    case \"$name\" in \(kept)) keep+=(\"$name=${!name}\") ;; esac",
            "done",
        ]
        if secrets.isEmpty {
            lines.append("exec env -i \"${keep[@]}\" \(commandLine)")
        } else {
            let names = secrets.map(ShellQuoting.quote).joined(separator: " ")
            lines += [
                "mask_secrets() {",
                "    trap '' TERM",
                "    local LC_ALL=C line value name i",
                "    local -a values=()",
                "    for name in \(names); do",
                "        value=${!name}",
                "        [ -z \"$value\" ] && continue",
                "        # longest first, so a secret holding another is masked whole",
                "        for ((i = ${#values[@]}; i > 0; i--)); do",
                "            [ ${#values[i - 1]} -ge ${#value} ] && break",
                "            values[i]=${values[i - 1]}",
                "        done",
                "        values[i]=$value",
                "    done",
                "    while IFS= read -r line || [ -n \"$line\" ]; do",
                "        for value in \"${values[@]}\"; do line=${line//\"$value\"/***}; done",
                "        printf '%s\\n' \"$line\"",
                "    done",
                "}",
                "# SIGTERM is for the stage: wait for it to end, and end as it did",
                "trap : TERM",
                "env -i \"${keep[@]}\" \(commandLine) 2>&1 | mask_secrets",
                "status=${PIPESTATUS[0]}",
                "if [ \"$status\" -gt 128 ]; then",
                "    # ended by a signal: end the same way, so Slurm records the signal",
                "    trap - \"$((status - 128))\" 2>/dev/null",
                "    kill -s \"$((status - 128))\" $$",
                "fi",
                "exit \"$status\"",
            ]
        }
        text = lines.joined(separator: "\n") + "\n"
    }
}
