import CommerceStore

/// The key that opens `/_admin`: made once per store, shown once, kept only as a hash.
public enum AdminKey {
    /// Makes the store's admin key if it has none; returns the key when this call made it (to be shown once).
    public static func ensure(in store: Store) async throws -> String? {
        let key = newKey()
        let made = try await store.setAdminKeyHashIfMissing { SecretHash.ofRandomSecret(key) }
        return made ? key : nil
    }

    /// Makes `key` the store's admin key (CI presets one: `PARTNER_COMMERCE_ADMIN_KEY`), replacing any other.
    public static func preset(_ key: String, in store: Store) async throws {
        guard try await !matches(key, in: store) else { return }
        try await store.replaceAdminKeyHash(SecretHash.ofRandomSecret(key))
    }

    /// Why `key` cannot be an admin key, if it cannot: one chosen by a person must still be hard to guess.
    public static func problem(with key: String) -> String? {
        guard (16...256).contains(key.utf8.count) else { return "an admin key needs 16 to 256 characters" }
        guard key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return "an admin key is printable ASCII without spaces"
        }
        return nil
    }

    /// Replaces the admin key (the old one stops working) and returns the new one.
    public static func reset(in store: Store) async throws -> String {
        let key = newKey()
        try await store.replaceAdminKeyHash(SecretHash.ofRandomSecret(key))
        return key
    }

    /// Whether `key` is the store's admin key, compared with the stored hash in constant time.
    static func matches(_ key: String, in store: Store) async throws -> Bool {
        guard !key.isEmpty, key.utf8.count <= 256, let stored = try await store.adminKeyHash() else { return false }
        return try await SecretHash.matches(key, stored: stored)
    }

    /// A prefix makes a leaked key easy to recognise in a secret scanner.
    static func newKey() -> String { "pcadmin_" + SecretHash.newSecret() }
}
