import Foundation

/// A request path as the router may understand it, for deciding what the journal leaves out: percent-decoded,
/// in lower case, with empty and `.` segments dropped and `..` applied. `//_admin/ui`, `/%5Fadmin/UI` and
/// `/./_admin/ui` all reach the dashboard, so all of them must be left out like `/_admin/ui` (its first load may
/// carry the admin key).
enum JournalPath {
    static func normalised(_ path: Substring) -> String {
        let decoded = String(path).removingPercentEncoding ?? String(path)
        var segments: [Substring] = []
        for segment in decoded.lowercased().split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// Whether the journal leaves a request to `path` out: reads of the journal (it would fill itself with them)
    /// and the dashboard that shows it.
    static func isExcluded(_ path: Substring) -> Bool {
        let path = normalised(path)
        return ["/_admin/requests", "/_admin/ui"].contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}

extension JournalPath {
    /// The tenant a token request names (`/{tenant}/oauth2/v2.0/token`, `/{tenant}/oauth2/token`), in lower case.
    static func tokenTenant(_ target: String) -> String? {
        let path = target.split(separator: "?", maxSplits: 1).first ?? ""
        let segments = path.split(separator: "/")
        guard segments.count >= 3, segments[1].lowercased() == "oauth2", segments.last?.lowercased() == "token" else { return nil }
        return segments[0].lowercased()
    }
}
