import CommerceCore
import Foundation
import Testing

/// The catalogue of Partner Center errors (`PartnerCenterErrorCode`): every entry is translated, names a status the
/// table gives it, and no source outside the catalogue writes a code of its own.
@Suite struct ErrorCatalogueTests {
    @Test func everyEntryHasItsMeaningInEveryLanguage() {
        for language in Translations.languages.dropFirst() {
            let table = Translations.table(language)
            for entry in PartnerCenterErrorCode.all {
                #expect(table[entry.meaning.template] != nil, "\(language) lacks the meaning of \(entry)")
            }
        }
    }

    @Test func eachCodeAndStatusIsOneEntry() {
        let pairs = PartnerCenterErrorCode.all.map { "\($0.code)/\($0.status)" }
        #expect(Set(pairs).count == pairs.count, "two entries share a code and status: \(pairs)")
        #expect(PartnerCenterErrorCode.all.allSatisfy { (400...599).contains($0.status) })
    }

    /// A Partner Center code written anywhere but the catalogue is a second place to keep it. Entra's own codes
    /// (the token endpoints' `AADSTS` numbers, in `OAuth/`) are Entra's table, not Partner Center's.
    @Test func noSourceWritesACodeOfItsOwn() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        let pattern = try NSRegularExpression(pattern: #"code: [0-9]{3,}"#)
        var found: [String] = []
        for file in files where !file.hasSuffix("PartnerCenterErrorCode.swift") && !file.contains("/OAuth/") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.append("\(file): \((text as NSString).substring(with: match.range))")
            }
        }
        #expect(found.isEmpty, "codes outside the catalogue: \(found)")
        #expect(files.count > 100, "the scan read \(files.count) files")
    }
}
