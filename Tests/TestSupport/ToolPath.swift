import Foundation

/// Where a test tool is: `$name` when set (a relative path is taken from the package root,
/// as the tests run tools from folders of their own), else `fallback` under the package root.
func toolPath(environment name: String, fallback: String) -> String {
    let path = ProcessInfo.processInfo.environment[name] ?? fallback
    return path.hasPrefix("/") ? path : packageRoot.appendingPathComponent(path).path
}
