import Foundation
import Platform

/// A time as ISO 8601 UTC text to the whole second (`2026-11-27T02:13:00Z`), computed from
/// the calendar arithmetic alone (Platform's `UTCTimestamp`) so no formatter or locale can
/// change the bytes the JSON writer hashes.
public enum ISO8601Text {
    /// `date` in UTC, its fraction of a second dropped.
    public static func utc(_ date: Date) -> String {
        UTCTimestamp.wholeSeconds(date)
    }
}
