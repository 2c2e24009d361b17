import Foundation

extension StringProtocol {
    /// The text without the whitespace around it, as `trimmingCharacters(in: .whitespaces)` gives it. Headers and
    /// dates on every request go through here, so ASCII edges (the usual case) are cut without Foundation, whose
    /// bridged path costs microseconds a call on Linux.
    public func trimmingWhitespace() -> String {
        let text = Substring(self)
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while start < end {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        // Another kind of space (no-break, ideographic…) may stand at an edge: Foundation knows them all.
        if start < end, bytes[start] >= 0x80 || bytes[bytes.index(before: end)] >= 0x80 {
            return String(text).trimmingCharacters(in: .whitespaces)
        }
        return String(text.utf8[start..<end]) ?? String(text).trimmingCharacters(in: .whitespaces)
    }
}
