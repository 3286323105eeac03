import Foundation
import Subprocess
import SystemPackage

/// A real `git http-backend` behind HTTP basic authentication on 127.0.0.1, for tests of
/// private https remotes: a small Python server (the standard library's `http.server`)
/// checks the `Authorization` header and runs git's own CGI for every request it admits.
/// Every request is logged (method, path, whether it carried the right credentials) so a
/// test can see what the client sent.
public struct GitHTTPServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    let logPath: String

    /// `http://127.0.0.1:<port>/<repository>`.
    public func url(_ repository: String) -> String { "http://127.0.0.1:\(port)/\(repository)" }

    /// The request log so far: one line per request, `METHOD path authorised|refused`.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    static let script = #"""
        import base64, os, subprocess, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        root, user, password, log_path, fail_first = sys.argv[1:6]
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        unavailable = [int(fail_first)]

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def serve(self):
                if unavailable[0] > 0:
                    unavailable[0] -= 1
                    with open(log_path, "a") as log:
                        log.write(f"{self.command} {self.path} unavailable\n")
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                authorised = self.headers.get("Authorization") == expected
                with open(log_path, "a") as log:
                    log.write(f"{self.command} {self.path} {'authorised' if authorised else 'refused'}\n")
                if not authorised:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="taxonomy"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                body = self.body()
                env = {
                    "GIT_PROJECT_ROOT": root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
                    "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": user,
                    "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
                    "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                    "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                }
                out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
                head, _, payload = out.partition(b"\r\n\r\n")
                status, headers = 200, []
                for line in head.decode().split("\r\n"):
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}

/// Serves the bare repositories under `root` over http on 127.0.0.1, admitting only
/// requests with `username`:`password`, while `body` runs; the server is killed after.
/// The first `unavailableRequests` requests get 503 Service Unavailable (logged as
/// `unavailable`), as from a remote that is briefly down.
public func withGitHTTPServer<T: Sendable>(
    serving root: URL, username: String, password: String, unavailableRequests: Int = 0,
    _ body: (GitHTTPServer) async throws -> T
) async throws -> T {
    let scratch = root.deletingLastPathComponent()
    let scriptPath = scratch.appendingPathComponent("git-http-server.py").path
    let logPath = scratch.appendingPathComponent("git-http-server.log").path
    let portPath = scratch.appendingPathComponent("git-http-server.port").path
    try GitHTTPServer.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let portFile = try FileDescriptor.open(
        FilePath(portPath), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    var outcome: Result<T, any Error>?
    _ = try await Subprocess.run(
        .name("python3"), arguments: [scriptPath, root.path, username, password, logPath, String(unavailableRequests)], input: .none,
        output: .fileDescriptor(portFile, closeAfterSpawningProcess: true), error: .discarded
    ) { execution in
        let pid = execution.processIdentifier.value
        defer { kill(pid, SIGKILL) }
        do {
            let giveUp = Date().addingTimeInterval(60)
            var port: Int?
            while port == nil {
                port = (try? String(contentsOfFile: portPath, encoding: .utf8))
                    .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                guard port != nil else {
                    guard Date() < giveUp else { throw ProcessFailure(description: "the git http server did not start") }
                    try await Task.sleep(for: .milliseconds(20))
                    continue
                }
            }
            outcome = .success(try await body(GitHTTPServer(port: port ?? 0, logPath: logPath)))
        } catch {
            outcome = .failure(error)
        }
    }
    guard let outcome else { throw ProcessFailure(description: "the git http server ended before the test ran") }
    return try outcome.get()
}
