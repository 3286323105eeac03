import Foundation
import Synchronization
import TestSupport
import Testing

import Glibc

@testable import Registry

/// The client against a registry that takes connections and never answers (a socket that
/// listens and never accepts: the kernel completes the handshakes and buffers the requests,
/// as for a SIGSTOPped registry): a request ends once nothing has moved for the idle
/// timeout, and requests in flight end as soon as their task is cancelled.
@Suite struct SilentRegistryTests {
    @Test func aSilentRegistryEndsTheRequestAfterTheIdleTimeout() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let client = try silent.client(idleTimeout: .milliseconds(300))
        await #expect {
            _ = try await client.hasBlob("sha256:" + String(repeating: "0", count: 64))
        } throws: { error in
            let error = try #require(error as? RegistryError)
            return error.url.hasPrefix("http://127.0.0.1:\(silent.port)/v2/e2e/silent/blobs/")
                && error.message.contains("the registry at http://127.0.0.1:\(silent.port) sent nothing and took nothing for 0.3 s")
        }
    }

    /// URLSession's own timer (set a second above the watchdog's) can fire first on a
    /// loaded machine: the same silence, reported as stalled, not as a transport error.
    @Test func urlSessionsOwnTimeoutEndsTheRequestAsStalled() async {
        let ending = WatchedRequest.Ending()
        ending.sent(42)
        let result = await withCheckedContinuation { continuation in
            _ = ending.wait(continuation)
            ending.completed(response: nil, error: NSError(domain: NSURLErrorDomain, code: NSURLErrorTimedOut))
        }
        guard case .failure(.stalled(let sent, let received)) = result else {
            Issue.record("expected stalled, got \(result)")
            return
        }
        #expect(sent == 42 && received == 0)
    }

    @Test func requestsInFlightEndWhenTheirTaskIsCancelled() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let client = try silent.client(idleTimeout: .seconds(600))
        let ended = Mutex<[String]>([])
        let requests = Task {
            await withTaskGroup(of: String.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        do {
                            _ = try await client.hasBlob("sha256:" + String(repeating: String(index), count: 64))
                            return "answered"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                for await outcome in group { ended.withLock { $0.append(outcome) } }
            }
        }
        // Cancelled once requests are waiting on the silent socket, or after 10 s of trying
        // (the idle timeout is far): how many connections URLSession opens before a first
        // answer is its own choice, and every request, connected or queued, must end.
        _ = try await eventually(timeout: .seconds(10)) { silent.pendingConnections >= 1 }
        requests.cancel()
        let allEnded = try await eventually(timeout: .seconds(120)) { ended.withLock { $0.count } == 4 }
        #expect(allEnded, "requests still waiting after their task was cancelled: \(ended.withLock { $0 })")
        #expect(ended.withLock { $0 }.allSatisfy { $0.contains("HEAD cancelled: the transfer to http://127.0.0.1:\(silent.port)") })
    }
}

/// A TCP socket on 127.0.0.1 that listens and never accepts.
private struct SilentListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listening >= 0 else { throw ProcessFailure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listening, pointer, length) == 0 && listen(listening, 64) == 0
                    && getsockname(listening, pointer, &length) == 0
            }
        }
        guard bound else {
            _ = Glibc.close(listening)
            throw ProcessFailure(description: "bind/listen: errno \(errno)")
        }
        descriptor = listening
        port = UInt16(bigEndian: address.sin_port)
    }

    /// A client of repository `e2e/silent` here, without credentials.
    func client(idleTimeout: Duration) throws -> RegistryClient {
        try RegistryClient(
            target: RegistryReference(parsing: "127.0.0.1:\(port)/e2e/silent"), credentials: nil, insecure: true,
            limits: RegistryTransferLimits(idleTimeout: idleTimeout, concurrentUploads: 4))
    }

    /// Connections completed by the kernel and waiting in the backlog (from /proc/net/tcp:
    /// established sockets whose local port is this one).
    var pendingConnections: Int {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let local = String(format: ":%04X", port)
        return table.split(separator: "\n").filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[1].hasSuffix(local) && fields[3] == "01"
        }.count
    }

    func close() { _ = Glibc.close(descriptor) }
}
