/// Where a child's standard output or standard error goes.
public enum ChildOutput: Sendable, Hashable {
    /// To `/dev/null`.
    case discarded
    /// Straight into an open file (the child gets its own copy of the descriptor); the
    /// caller keeps `descriptor` and closes it when it likes.
    case file(descriptor: Int32)
    /// Into a pipe the reaper's thread reads, handing each chunk to the launch's
    /// ``ChildOutputHandler``.
    case pipe
}

/// Which of a child's output streams a chunk came from.
public enum ChildStream: Sendable, Hashable {
    /// Descriptor 1.
    case standardOutput
    /// Descriptor 2.
    case standardError
}

/// Receives what a child writes to the streams launched as ``ChildOutput/pipe``.
///
/// Every call is made on the reaper's one thread, in the order the bytes were read, so a
/// handler sees one call at a time; it must not block for long, since every other child's
/// output and exit waits meanwhile (writing a log file is fine, waiting on a lock held
/// across an `await` is not). ``outputEnded()`` comes last, before the child's exit is
/// delivered to ``SpawnedChild/exit()``.
public protocol ChildOutputHandler: Sendable {
    /// `chunk` was read from `stream`; it is valid only during the call.
    func received(_ chunk: UnsafeRawBufferPointer, from stream: ChildStream)
    /// The child has exited and everything it wrote has been handed over.
    func outputEnded()
}
