import Foundation

extension FileSystemError {
    /// The `FileSystemError` a Foundation file error stands for (a `CocoaError` file code,
    /// or an error of `NSPOSIXErrorDomain`), with its path and `errno`; nil for any other
    /// error. So that a full disk reads `write /x: No space left on device (errno 28)`,
    /// never as a raw `NSCocoaErrorDomain` dump.
    public init?(foundation error: any Error) {
        let error = error as NSError
        let path = (error.userInfo[NSFilePathErrorKey] as? String)
            ?? (error.userInfo[NSURLErrorKey] as? URL)?.path ?? ""
        if error.domain == NSPOSIXErrorDomain {
            self.init(operation: "file operation", path: path, code: Int32(error.code))
            return
        }
        guard error.domain == NSCocoaErrorDomain else { return nil }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            self.init(operation: Self.operation(cocoaCode: error.code), path: path, code: Int32(underlying.code))
            return
        }
        guard let code = Self.errno(cocoaCode: error.code) else { return nil }
        self.init(operation: Self.operation(cocoaCode: error.code), path: path, code: code)
    }

    /// Cocoa's file-writing codes start at `fileWriteUnknown` (512); those below are reads.
    private static func operation(cocoaCode: Int) -> String {
        cocoaCode >= CocoaError.Code.fileWriteUnknown.rawValue ? "write" : "read"
    }

    private static func errno(cocoaCode: Int) -> Int32? {
        switch CocoaError.Code(rawValue: cocoaCode) {
        case .fileWriteOutOfSpace: ENOSPC
        case .fileNoSuchFile, .fileReadNoSuchFile: ENOENT
        case .fileWriteNoPermission, .fileReadNoPermission: EACCES
        case .fileWriteFileExists: EEXIST
        case .fileWriteVolumeReadOnly: EROFS
        case .fileReadTooLarge: EFBIG
        default: nil
        }
    }
}
