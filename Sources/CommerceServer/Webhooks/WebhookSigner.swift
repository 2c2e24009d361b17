import CommerceCore
import CommerceStore
import Crypto
import CryptoExtras
import Foundation
import SwiftASN1
import X509

/// Signs webhook deliveries as Partner Center does: `Authorization: Signature <base64>`, RSA-SHA256 (PKCS #1 v1.5)
/// over the body, verifiable with the certificate published at `x-ms-certificate-url`.
///
/// One RSA key and self-signed certificate per store, made by whichever node needs it first and kept as a shared
/// setting, so every node signs with the key the published certificate names.
actor WebhookSigner {
    static let settingName = "webhook-signing"
    let store: Store
    private var loaded: (key: _RSA.Signing.PrivateKey, certificatePEM: String)?

    init(store: Store) { self.store = store }

    struct Stored: Codable, Sendable {
        var keyPEM: String
        var certificatePEM: String
    }

    /// The base64 signature of `body`.
    func signature(of body: Data) async throws -> String {
        let key = try await keyAndCertificate().key
        return try key.signature(for: body, padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }

    /// The certificate, PEM-encoded, receivers verify signatures with.
    func certificatePEM() async throws -> String { try await keyAndCertificate().certificatePEM }

    private func keyAndCertificate() async throws -> (key: _RSA.Signing.PrivateKey, certificatePEM: String) {
        if let loaded { return loaded }
        var stored: Stored? = try await store.sharedSetting(Self.settingName, default: Stored?.none)
        if stored == nil {
            // Made outside the lock (an RSA key takes a while); the first node to save its pair wins, the others use it.
            let made = try Self.make(now: Date())
            stored = try await store.changeSharedSetting(Self.settingName, default: Stored?.none) { current in current ?? made }
        }
        guard let stored else { throw WebhookSigningError() }
        let pair = (try _RSA.Signing.PrivateKey(pemRepresentation: stored.keyPEM), stored.certificatePEM)
        loaded = pair
        return pair
    }

    struct WebhookSigningError: Error {}

    static func make(now: Date) throws -> Stored {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName {
            OrganizationName("PartnerCommerce")
            CommonName("PartnerCommerce webhook signing")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(key).publicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(20 * 365 * 86_400), issuer: name, subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions { Critical(KeyUsage(digitalSignature: true)) },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return Stored(keyPEM: key.pemRepresentation, certificatePEM: try certificate.serializeAsPEM().pemString)
    }
}
