import Platform

import InstructLabValidation

/// Something in the taxonomy's tree that modelbuild refuses to read as a leaf: it is
/// reported on its path and never followed.
public struct TaxonomyLeafProblem: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// `qna.yaml` is a symbolic link.
        case symlinkedLeafFile
        /// `qna.yaml` is a folder.
        case leafFileIsAFolder
        /// A submodule (gitlink) sits where a leaf or a leaf's folder could be.
        case submodule
        /// The leaf file is named `qna.yml`; InstructLab reads only `qna.yaml`.
        case misnamedLeafFile
        /// `qna.yaml` is over the size limit (`TaxonomyLayout.maxLeafBytes`).
        case leafFileTooLarge
        /// The path has an absolute, empty, `.`, `..` or `.git` component.
        case unsafePath
        /// A configured taxonomy folder is a file, symlink or submodule.
        case folderIsNotADirectory
    }

    /// The path concerned, from the taxonomy's root, exactly as stored in git.
    public let path: String
    /// What is wrong.
    public let kind: Kind
    /// A sentence for a person.
    public let message: String

    /// Creates a problem from its parts.
    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }

    /// `<path>: <message>`.
    public var description: String { "\(PrintableText.escaping(path)): \(message)" }

    /// True when the problem's path is `folder` or lies below it, by whole components
    /// (a problem in `a/bc` is not inside `a/b`).
    public func isInside(_ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder + "/")
    }

    static func symlink(_ path: String) -> Self {
        Self(
            path: path, kind: .symlinkedLeafFile,
            message: "qna.yaml is a symbolic link; modelbuild reads leaves only from regular files and never follows links")
    }

    static func folderNamedLeafFile(_ path: String) -> Self {
        Self(path: path, kind: .leafFileIsAFolder, message: "qna.yaml is a folder, not a file")
    }

    static func submodule(_ path: String) -> Self {
        Self(
            path: path, kind: .submodule,
            message: "this is a submodule (a link to another repository); modelbuild does not follow submodules, so no leaf inside it is read")
    }

    static func misnamed(_ path: String) -> Self {
        Self(
            path: path, kind: .misnamedLeafFile,
            message: "the leaf file is named qna.yml; InstructLab reads only files named qna.yaml, so rename it")
    }

    static func tooLarge(_ path: String, size: Int, limit: Int) -> Self {
        Self(path: path, kind: .leafFileTooLarge, message: TaxonomyLayout.tooLargeMessage(size: size, limit: limit))
    }

    static func unsafe(_ path: String, _ reason: String) -> Self {
        Self(path: path, kind: .unsafePath, message: "unsafe path (\(reason)); it is not read")
    }
}
