import Foundation

/// Base64url without padding, as JWT segments are written: tests forge and take apart tokens with it.
public func base64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
        of: "=", with: "")
}
