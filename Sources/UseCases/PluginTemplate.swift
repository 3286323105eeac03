import Foundation
import Platform

/// The plugin `modelbuild plugins new NAME` writes (and `modelbuild init` writes as
/// `plugins/example`): a `plugin.yaml` with a parameter of each common type and a Python 3
/// program (standard library only) that follows the worker protocol, ready for
/// `plugins check`, `plugins run` and a stage's `uses:`.
public enum PluginTemplate {
    /// Writes `plugins/<name>/` of `project`; returns the folder. Refuses an invalid name
    /// and a folder that exists, before writing anything.
    @discardableResult
    public static func write(name: String, in project: Project) throws -> URL {
        guard let first = name.first, first.isASCII, first.isLowercase,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) })
        else {
            throw RequestError(.usage, "\"\(name)\" is not a valid plugin name (expected [a-z][a-z0-9._-]*)")
        }
        let folder = project.pluginsDirectory.appendingPathComponent(name, isDirectory: true)
        let display = project.displayPluginsDirectory + "/" + name
        if FileSystem.exists(folder.path) {
            throw RequestError(.usage, "\(display) exists already; choose another name or remove it")
        }
        try FileSystem.makeDirectories(folder.path)
        try FileSystem.writeNewFile(Array(manifest(name).utf8), to: folder.appendingPathComponent("plugin.yaml").path)
        try FileSystem.writeNewFile(
            Array(program(name).utf8), to: folder.appendingPathComponent("run.py").path, permissions: 0o755)
        return folder
    }

    static func manifest(_ name: String) -> String {
        """
        # A modelbuild plugin stage, made by `modelbuild plugins new \(name)`. A stage uses it
        # with `uses: \(name)`; `modelbuild plugins run \(name) --with greeting=hi --input
        # data=SOME_FOLDER` runs it alone. docs/plugins.md explains every key.
        name: \(name)
        version: 0.1.0
        description: Summarises the files of the stages it needs
        run: [./run.py]
        params:
          greeting:
            type: string
            default: hello
            description: The first word of each summary line
          repeat:
            type: integer
            default: 1
            choices: [1, 2, 3]
            description: How many summary lines to write
          fail_on_empty:
            type: boolean
            default: false
            description: Fail when the inputs hold no file

        """
    }

    static func program(_ name: String) -> String {
        #"""
        #!/usr/bin/env python3
        """The \#(name) plugin stage, made by `modelbuild plugins new`.

        modelbuild starts it in its own work folder with MODELBUILD_CONTEXT naming
        context.json: params (with: after the defaults of plugin.yaml), inputs (upstream
        stage instance -> read-only folder), output (the only folder to write), the build
        and the taxonomy. Lines "::progress FRACTION TEXT" and "::metric NAME=VALUE" on
        standard output show live; output/result.json's metrics are published. Exit
        status 0 is success, 65 a failure no retry changes, anything else is retried as
        the stage's retry: says.
        """
        import json
        import os
        import sys


        def main():
            with open(os.environ["MODELBUILD_CONTEXT"], encoding="utf-8") as file:
                context = json.load(file)
            params = context["params"]
            inputs = sorted(context["inputs"].items())

            files = lines = 0
            for done, (stage, folder) in enumerate(inputs, start=1):
                for root, _, names in os.walk(folder):
                    for name in names:
                        files += 1
                        with open(os.path.join(root, name), "rb") as file:
                            lines += sum(1 for _ in file)
                print(f"::progress {done / len(inputs):.2f} read {stage}", flush=True)
            print(f"{len(inputs)} inputs: {files} files, {lines} lines")

            output = context["output"]
            with open(os.path.join(output, "summary.txt"), "w", encoding="utf-8") as file:
                for _ in range(params["repeat"]):
                    file.write(f"{params['greeting']}: {files} files, {lines} lines\n")
            with open(os.path.join(output, "result.json"), "w", encoding="utf-8") as file:
                json.dump({"metrics": {"input_files": files, "input_lines": lines}}, file)
            print(f"::metric inputs={len(inputs)}", flush=True)

            if params["fail_on_empty"] and files == 0:
                print("no input files, and fail_on_empty is true", file=sys.stderr)
                return 65
            return 0


        if __name__ == "__main__":
            sys.exit(main())

        """#
    }
}
