import Platform

extension Verifier {
    /// Compares `published.log`, which the publisher appends to under its lock after every
    /// rename, with what is published: each of `versions` must be logged once, with its
    /// manifest's kind and digest, so a version swapped for another manifest, or relabelled
    /// as another kind, is caught even when its refs were rewritten to match. With
    /// `complete`, `versions` is everything published, and a logged release that is gone
    /// is a failure too (retention never removes releases). One unlogged version that no
    /// ref names is what a publisher killed right after its rename leaves, and passes.
    public func verifyPublishedLog(versions: [String], complete: Bool) -> [VerificationFailure] {
        let catalog = ArtifactCatalog(layout: layout)
        let path = layout.publishedLog
        let log: [PublishedLogEntry]
        let lines: Int
        do {
            guard try onDisk({ try FileSystem.status(path) }) != nil else {
                return versions.isEmpty
                    ? []
                    : [VerificationFailure(
                        path: path,
                        problem: .publishedLogMismatch(
                            "missing, but \(versions.count) version\(versions.count == 1 ? " is" : "s are") published"))]
            }
            log = try catalog.publishedLog()
            lines = String(decoding: try onDisk { try FileSystem.readFile(path) }, as: UTF8.self)
                .split(separator: "\n").count
        } catch {
            return [VerificationFailure(path: path, problem: .unreadable(error.reason))]
        }
        var failures: [VerificationFailure] = []
        if lines != log.count {
            failures.append(
                VerificationFailure(
                    path: path,
                    problem: .publishedLogMismatch(
                        "\(lines - log.count) line\(lines - log.count == 1 ? " is" : "s are") not <version> <kind> <manifest digest>")))
        }
        let entries = Dictionary(grouping: log, by: \.version)
        let unlogged = versions.filter { entries[$0] == nil }
        let referenced = Set(((try? catalog.refs()) ?? [:]).values.map(\.version))
        for version in versions {
            let logged = entries[version] ?? []
            guard let entry = logged.first else {
                // A publisher killed between its rename and its log line leaves one such
                // version, which no ref names yet; its next publish logs it. Anything else
                // unlogged was not published by modelbuild.
                if unlogged.count > 1 || referenced.contains(version) {
                    failures.append(
                        VerificationFailure(
                            path: path, problem: .publishedLogMismatch("\(version) is published but not logged")))
                }
                continue
            }
            if Set(logged).count > 1 {
                failures.append(
                    VerificationFailure(
                        path: path, problem: .publishedLogMismatch("\(version) is logged \(logged.count) times, differently")))
            }
            do {
                let digest = try catalog.manifestDigest(of: version)
                let kind = try catalog.manifest(of: version).build.kind
                if entry.manifestDigest != digest {
                    failures.append(
                        VerificationFailure(
                            path: path,
                            problem: .publishedLogMismatch(
                                "\(version) was published with manifest digest \(entry.manifestDigest), but manifest.json has \(digest)")))
                }
                if entry.kind != kind {
                    failures.append(
                        VerificationFailure(
                            path: path,
                            problem: .publishedLogMismatch(
                                "\(version) was published as a \(entry.kind) build, but its manifest says \(kind)")))
                }
            } catch {
                // The version's own check reports an unreadable manifest.
            }
        }
        if complete {
            let present = Set(versions)
            for entry in log where entry.kind == .release && !present.contains(entry.version) {
                failures.append(
                    VerificationFailure(
                        path: path, problem: .publishedLogMismatch("release \(entry.version) was published but is gone")))
            }
        }
        return failures
    }
}
