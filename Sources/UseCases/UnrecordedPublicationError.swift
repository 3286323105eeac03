import Platform

/// A build published its version, then could not write its build record (a full disk):
/// the version stands, whole, but the commit does not count as built, so the next run
/// builds and publishes it again.
public struct UnrecordedPublicationError: Error, CustomStringConvertible {
    /// The version published.
    public var version: String
    /// Its folder.
    public var path: String
    /// Why the record could not be written.
    public var cause: any Error

    public var description: String {
        let reason = FileSystemError(foundation: cause).map(String.init(describing:)) ?? String(describing: cause)
        return "published \(version) (\(path)), but could not record the build: \(reason); the version stands, "
            + "and the next run builds this commit again"
    }
}
