import Hummingbird

extension Request {
    /// A query parameter by name, ignoring case (`country`, `Country`), as clients are not consistent.
    func query(_ name: String) -> String? {
        for (key, value) in uri.queryParameters where key.lowercased() == name.lowercased() {
            let text = String(value)
            return text.isEmpty ? nil : text
        }
        return nil
    }
}
