import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
    import Glibc
#endif

/// The certificate authority `serve --tls` makes once, in the store's folder, and the server certificate it signs
/// for `localhost`, `127.0.0.1` and `::1`: clients that refuse an `http://` authority (MSAL, azure-identity, the .NET
/// SDK's token code) trust the CA's file and talk to the server over HTTPS.
public enum LocalCertificateAuthority {
    /// Where the files are, in the folder given to ``ensure(in:now:)``.
    public struct Files: Sendable, Equatable {
        /// The CA's certificate: what clients trust (PEM).
        public var authority: String
        /// The server's certificate followed by the CA's (PEM), and its private key (PKCS #8 PEM, readable by the owner only).
        public var certificateChain: String
        public var privateKey: String
    }

    /// The server certificate lasts a year; a start within a month of its end makes a new one under the same CA,
    /// which clients keep trusting. The CA lasts ten years.
    static let serverLifetime: TimeInterval = 365 * 86_400
    static let renewalMargin: TimeInterval = 30 * 86_400
    static let authorityLifetime: TimeInterval = 10 * 365 * 86_400

    /// Makes whatever is missing or about to expire in `folder`, and returns where the files are.
    public static func ensure(in folder: String, now: Date = Date()) throws -> Files {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let files = Files(
            authority: folder + "/ca.pem", certificateChain: folder + "/server.pem", privateKey: folder + "/server-key.pem"
        )
        let authorityKeyPath = folder + "/ca-key.pem"
        let (authority, authorityKey) =
            try loadAuthority(files.authority, key: authorityKeyPath, now: now)
            ?? makeAuthority(certificatePath: files.authority, keyPath: authorityKeyPath, now: now)
        if try !serverCertificateIsCurrent(files.certificateChain, under: authority, now: now) {
            try makeServerCertificate(files, authority: authority, authorityKey: authorityKey, now: now)
        }
        return files
    }

    private static func loadAuthority(_ path: String, key keyPath: String, now: Date) throws -> (Certificate, P256.Signing.PrivateKey)? {
        guard FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: keyPath) else { return nil }
        let certificate = try Certificate(pemEncoded: try String(contentsOfFile: path, encoding: .utf8))
        let key = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: keyPath, encoding: .utf8))
        // An expired CA is made anew: clients must trust the new file.
        return certificate.notValidAfter > now.addingTimeInterval(renewalMargin) ? (certificate, key) : nil
    }

    private static func makeAuthority(certificatePath: String, keyPath: String, now: Date) throws -> (Certificate, P256.Signing.PrivateKey) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("PartnerCommerce")
            CommonName("PartnerCommerce local CA " + UUID().uuidString.prefix(8))
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(key).publicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(authorityLifetime), issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PrivateKey(key).publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        try write(key.pemRepresentation, to: keyPath, secret: true)
        try write(try certificate.serializeAsPEM().pemString, to: certificatePath, secret: false)
        return (certificate, key)
    }

    private static func serverCertificateIsCurrent(_ path: String, under authority: Certificate, now: Date) throws -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let first = try? PEMDocument.parseMultiple(pemString: text).first, let certificate = try? Certificate(pemDocument: first)
        else { return false }
        return certificate.issuer == authority.subject && certificate.notValidAfter > now.addingTimeInterval(renewalMargin)
    }

    private static func makeServerCertificate(_ files: Files, authority: Certificate, authorityKey: P256.Signing.PrivateKey, now: Date) throws {
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(key).publicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(serverLifetime), issuer: authority.subject,
            subject: try DistinguishedName { CommonName("localhost") }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
                ])
                try AuthorityKeyIdentifier(keyIdentifier: authority.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey)
        )
        try write(key.pemRepresentation, to: files.privateKey, secret: true)
        try write(try certificate.serializeAsPEM().pemString + "\n" + authority.serializeAsPEM().pemString, to: files.certificateChain, secret: false)
    }

    /// Writes a file whole (a crash leaves the old one or the new one); a secret is readable by its owner only, from the start.
    private static func write(_ text: String, to path: String, secret: Bool) throws {
        let temporary = path + ".tmp-\(UUID().uuidString.prefix(8))"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: secret ? 0o600 : 0o644])
        else { throw CocoaError(.fileWriteUnknown) }
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
