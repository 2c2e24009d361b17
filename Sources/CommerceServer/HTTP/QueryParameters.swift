import Hummingbird

extension Request {
    /// A query parameter by name, ignoring case (`country`, `Country`), as clients are not consistent.
    func query(_ name: String) -> String? {
        // An empty value is as absent (`seekOperation=` from the SDKs), and does not hide a value given after it.
        for (key, value) in uri.queryParameters where key.lowercased() == name.lowercased() && !value.isEmpty {
            return String(value)
        }
        return nil
    }
}
