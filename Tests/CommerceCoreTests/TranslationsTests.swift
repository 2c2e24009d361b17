import CommerceCore
import Foundation
import Testing

/// Every description the server can emit has a Japanese and a Traditional Chinese translation (issue 9).
///
/// Descriptions are `LocalizedText`, which only a literal can make, so the sources hold all of them: this reads
/// every Swift literal of CommerceCore, CommerceStore and CommerceServer that reads as a sentence (a space in it,
/// ending in `.`, `:`, `)` or an interpolation), turns `\(…)` into `{0}`, `{1}`, … as `LocalizedText` does, and
/// requires each to be a key of both translation files. It over-approximates (a few strings that never reach a
/// client are translated too), so a new description cannot slip through untranslated.
@Suite struct TranslationsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Files whose sentences are SQL, operator-facing start-up and store messages, fulfilment reasons kept for the
    /// operator, demo names, the dashboard's notices (the page is in English) or an invoice statement's lines (a PDF
    /// in the standard font, which writes Latin text only), never a client's error.
    static let skippedFiles: Set<String> = [
        "Migrations.swift", "DemoData.swift", "PostgresEngine.swift", "PostgresURL.swift", "SQLiteEngine.swift", "StoreError.swift",
        "PartnerCommerceServer.swift", "FulfilmentWorker.swift", "DashboardActions.swift", "InvoiceStatement.swift",
    ]
    /// Entra's token endpoints answer in Entra's English, as Entra does; a header value is not a description. The
    /// engines' and the SQLite connection layer's messages are the store's own, answered to clients as an internal
    /// error. `record`, `replay` and `drift` speak to the developer running them, in English as the CLI does; what a
    /// replay answers is the recorded answer, in the language it was recorded in.
    static let skippedFolders = ["/OAuth/", "/SQLite/", "/Engine/", "/Recording/"]
    static let skippedLiterals: Set<String> = ["OAuth realm=urn:cpsvc:cpid:{0}"]

    static func sourceTemplates() throws -> Set<String> {
        var templates = Set<String>()
        for module in ["CommerceCore", "CommerceStore", "CommerceServer"] {
            let folder = root.appendingPathComponent("Sources/\(module)")
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let name = (file as NSString).lastPathComponent
                guard !skippedFiles.contains(name), !skippedFolders.contains(where: { "/\(file)".contains($0) }) else { continue }
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for literal in literals(in: text) where isSentence(literal) && !skippedLiterals.contains(literal) {
                    templates.insert(literal)
                }
            }
        }
        return templates
    }

    static func isSentence(_ text: String) -> Bool {
        guard text.contains(" "), let first = text.first, first.isLetter || first == "'" || first == "{" else { return false }
        // The store's statements (hot statements are literals) are SQL, not descriptions.
        if ["SELECT ", "INSERT ", "UPDATE ", "DELETE "].contains(where: text.hasPrefix) { return false }
        return text.hasSuffix(".") || text.hasSuffix(":") || text.hasSuffix(")") || text.range(of: #"\{\d+\}$"#, options: .regularExpression) != nil
    }

    /// The single-line string literals of Swift source, interpolations written as `{n}`. Comments, raw (`#"…"#`)
    /// and multi-line literals are skipped: no description is written as one.
    static func literals(in source: String) -> [String] {
        let characters = Array(source)
        var result: [String] = []
        var index = 0
        func starts(_ text: String, at position: Int) -> Bool {
            let pattern = Array(text)
            return position + pattern.count <= characters.count && Array(characters[position..<position + pattern.count]) == pattern
        }
        while index < characters.count {
            if starts("//", at: index) {
                while index < characters.count, characters[index] != "\n" { index += 1 }
            } else if starts("\"\"\"", at: index) {
                index += 3
                while index < characters.count, !starts("\"\"\"", at: index) { index += 1 }
                index += 3
            } else if starts("#\"", at: index) {
                index += 2
                while index < characters.count, !starts("\"#", at: index) { index += 1 }
                index += 2
            } else if characters[index] == "\"" {
                index += 1
                var literal = ""
                var arguments = 0
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count, characters[index + 1] == "(" {
                        var depth = 1
                        index += 2
                        while index < characters.count, depth > 0 {
                            switch characters[index] {
                            case "(": depth += 1
                            case ")": depth -= 1
                            case "\"":
                                index += 1
                                while index < characters.count, characters[index] != "\"" {
                                    if characters[index] == "\\" { index += 1 }
                                    index += 1
                                }
                            default: break
                            }
                            index += 1
                        }
                        literal += "{\(arguments)}"
                        arguments += 1
                    } else if characters[index] == "\\", index + 1 < characters.count {
                        literal.append(characters[index])
                        literal.append(characters[index + 1])
                        index += 2
                    } else {
                        literal.append(characters[index])
                        index += 1
                    }
                }
                index += 1
                result.append(literal)
            } else {
                index += 1
            }
        }
        return result
    }

    static func placeholders(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"\{\d+\}"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) }.sorted()
    }

    @Test func everyDescriptionInTheSourcesIsTranslated() throws {
        let templates = try Self.sourceTemplates()
        #expect(templates.count > 80, "the scan found \(templates.count) descriptions; it should find every one")
        #expect(templates.contains("Order ID {0} not found."))
        for language in Translations.languages.dropFirst() {
            let table = Translations.table(language)
            let missing = templates.filter { table[$0] == nil }.sorted()
            #expect(missing.isEmpty, "\(language) lacks: \(missing)")
        }
    }

    @Test func translationsKeepEveryPlaceholderAndNoneIsStale() throws {
        let templates = try Self.sourceTemplates()
        for language in Translations.languages.dropFirst() {
            let table = Translations.table(language)
            #expect(!table.isEmpty, "\(language) did not load")
            for (english, translated) in table {
                #expect(Self.placeholders(english) == Self.placeholders(translated), "\(language): \(english)")
                #expect(translated != english, "\(language) leaves '\(english)' untranslated")
                #expect(templates.contains(english), "\(language) translates '\(english)', which no source says any more")
            }
        }
    }

    @Test func interpolationBecomesATemplate() {
        let id = "ab12"
        let text: LocalizedText = "Order ID \(id) not found."
        #expect(text.template == "Order ID {0} not found.")
        #expect(text.description == "Order ID ab12 not found.")
        #expect(Translations.render(text, in: "ja-JP") == "注文 ID ab12 が見つかりません。")
        #expect(Translations.render(text, in: "zh-TW") == "找不到訂單識別碼 ab12。")
        #expect(Translations.render(text, in: "en-US") == "Order ID ab12 not found.")
        // An argument that looks like a placeholder is not filled again.
        let tricky: LocalizedText = "Order ID \("{0}") not found."
        #expect(Translations.render(tricky, in: "ja-JP") == "注文 ID {0} が見つかりません。")
    }

    @Test(arguments: [
        ("ja-JP", "ja-JP"), ("ja", "ja-JP"), ("JA-jp", "ja-JP"), ("zh-TW", "zh-TW"), ("zh-Hant", "zh-TW"), ("zh-Hant-TW", "zh-TW"),
        ("zh-HK", "zh-TW"),
        ("zh-CN", "en-US"), ("zh", "en-US"), ("en-GB", "en-US"), ("fr-FR", "en-US"), ("", "en-US"),
    ])
    func languagesAreChosenFromTheLocale(_ tag: String, _ expected: String) {
        #expect(Translations.language(for: tag) == expected)
    }
}
