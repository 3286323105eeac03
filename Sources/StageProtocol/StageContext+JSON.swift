extension StageContext {
    /// `context.json` as modelbuild writes it for each attempt: pretty-printed, keys sorted,
    /// optional fields left out when absent (as `JSONEncoder` leaves them). Stages read it
    /// with any JSON reader, `StageContext`'s `Decodable` conformance included.
    public var json: [UInt8] {
        var json = JSONWriter(pretty: true, capacity: 1024)
        json.object { json in
            json.field("attempt", attempt)
            if let baseModel {
                json.key("baseModel")
                json.object { json in
                    json.field("name", baseModel.name)
                    json.field("path", ifPresent: baseModel.path)
                    json.field("sha256", ifPresent: baseModel.sha256)
                }
            }
            json.key("build")
            json.object { json in
                json.field("kind", build.kind)
                json.field("model", build.model)
                json.field("name", build.name)
                json.field("version", ifPresent: build.version)
            }
            json.field("inputs", inputs)
            json.field("output", output)
            json.key("params")
            json.value(.object(params))
            json.field("runID", runID)
            json.field("schemaVersion", schemaVersion)
            json.field("stage", stage)
            if let taxonomy {
                json.key("taxonomy")
                json.object { json in
                    json.field("changedLeaves", taxonomy.changedLeaves)
                    json.field("commit", taxonomy.commit)
                    json.field("leaf", ifPresent: taxonomy.leaf)
                    json.field("path", taxonomy.path)
                    if let removed = taxonomy.removedLeaves {
                        json.key("removedLeaves")
                        json.array { json in
                            for leaf in removed {
                                json.object { json in
                                    json.field("lastMetrics", leaf.lastMetrics)
                                    json.field("path", leaf.path)
                                }
                            }
                        }
                    }
                }
            }
        }
        return json.bytes
    }
}
