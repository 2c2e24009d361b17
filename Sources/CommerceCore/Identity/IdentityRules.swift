import Foundation

/// What a new partner or partner user must look like, wherever it comes from (the `/_admin` API or the CLI).
public enum IdentityRules {
    /// A tenant id as a lower-case GUID, or 400 / 3000 naming `field`.
    public static func guid(_ text: String, field: String) throws -> String {
        guard let uuid = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw CommerceError.invalidProperty(field, "'\(text)' is not a GUID.")
        }
        return uuid.uuidString.lowercased()
    }

    /// A partner's name, trimmed: 1 to 256 characters.
    public static func partnerName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 256 else {
            throw CommerceError.invalidProperty("name", "A partner needs a name of 1 to 256 characters.")
        }
        return trimmed
    }

    /// A sign-in name, trimmed: `name@domain.example`, at most 256 characters, no spaces.
    public static func userPrincipalName(_ text: String) throws -> String {
        let upn = text.trimmingCharacters(in: .whitespaces)
        let parts = upn.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), upn.count <= 256, !upn.contains(" ") else {
            throw CommerceError.invalidProperty("userPrincipalName", "The user name must look like name@domain.example.")
        }
        return upn
    }

    /// The roles named, in any spelling, without repeats; `AdminAgent` when none is named.
    public static func roles(_ names: [String]) throws -> [PartnerRole] {
        var roles: [PartnerRole] = []
        for name in names {
            guard let role = PartnerRole(lenient: name) else {
                let known = PartnerRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommerceError.invalidProperty("roles", "Unknown role '\(name)'; roles are \(known).")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles.isEmpty ? [.adminAgent] : roles
    }

    /// A password of 8 to 256 characters.
    public static func password(_ password: String) throws {
        guard password.count >= 8, password.count <= 256 else {
            throw CommerceError.invalidProperty("password", "A password needs 8 to 256 characters.")
        }
    }
}
