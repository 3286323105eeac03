import Glibc

/// An account in this machine's user database, as `getpwnam_r(3)` reads it (so
/// `/etc/passwd`, or whatever the name service switch names).
public struct UserAccount: Sendable, Hashable {
    /// The login name.
    public var name: String
    /// Its user id.
    public var userID: UInt32
    /// Its primary group id.
    public var groupID: UInt32
    /// Its home folder.
    public var home: String

    /// The account called `name`; nil when the database has none by that name or cannot
    /// be read.
    public static func named(_ name: String) -> UserAccount? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var size = max(Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX))), 1024)
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            // The entry's strings point into the buffer: read them while it is held.
            let (result, account) = buffer.withUnsafeMutableBufferPointer { bytes in
                let result = getpwnam_r(name, &entry, bytes.baseAddress!, bytes.count, &found)
                guard result == 0, found != nil else { return (result, nil as UserAccount?) }
                return (
                    result,
                    UserAccount(
                        name: String(cString: entry.pw_name), userID: entry.pw_uid, groupID: entry.pw_gid,
                        home: String(cString: entry.pw_dir))
                )
            }
            if result == ERANGE, size < 1 << 20 {
                size *= 2
                continue
            }
            return account
        }
    }

    /// Whether this account may pass through (search) a folder with `status`, as the
    /// kernel decides for a process with the account's user id and primary group, when
    /// that user is not root.
    public func canSearch(_ status: FileStatus) -> Bool {
        let bits: UInt32 =
            if status.owner == userID { 0o100 } else if status.group == groupID { 0o010 } else { 0o001 }
        return status.permissions & bits != 0
    }
}
