import CommerceStore

/// The key that opens `/_admin`: made once per store, shown once, kept only as a hash.
public enum AdminKey {
    /// Makes the store's admin key if it has none; returns the key when this call made it (to be shown once).
    public static func ensure(in store: Store) async throws -> String? {
        let key = newKey()
        let made = try await store.setAdminKeyHashIfMissing { SecretHash.ofRandomSecret(key) }
        return made ? key : nil
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
