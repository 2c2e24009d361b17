import Foundation

/// The languages error descriptions are written in: English, and the Japanese and Traditional Chinese of the
/// docs pages we started from (`../shared/seeds`). The translations are resources (`Resources/Locales`), one
/// JSON object per language from English template to translated template.
public enum Translations {
    /// Every language we write, English first.
    public static let languages = ["en-US", "ja-JP", "zh-TW"]

    /// The language we answer in for an `X-Locale` value: `ja`, `ja-JP` → `ja-JP`; `zh-TW`, `zh-Hant…`, `zh-HK`,
    /// `zh-MO` → `zh-TW`; anything else, including nothing, → `en-US`.
    public static func language(for tag: String?) -> String {
        let parts = (tag ?? "").lowercased().split(separator: "-").map(String.init)
        switch parts.first {
        case "ja": return "ja-JP"
        case "zh" where parts.contains("hant") || parts.contains("tw") || parts.contains("hk") || parts.contains("mo"): return "zh-TW"
        default: return "en-US"
        }
    }

    /// `text` in `language` (one of ``languages``); English where a translation is missing.
    public static func render(_ text: LocalizedText, in language: String) -> String {
        guard language != "en-US", let translated = tables[language]?[text.template] else { return text.description }
        return LocalizedText.fill(translated, with: text.arguments)
    }

    /// The table of one language (template → translation); empty for English or when the resource is missing.
    public static func table(_ language: String) -> [String: String] { tables[language] ?? [:] }

    /// Read once, on first use.
    private static let tables: [String: [String: String]] = {
        var result: [String: [String: String]] = [:]
        for language in languages.dropFirst() {
            guard let url = Bundle.module.url(forResource: language, withExtension: "json", subdirectory: "Locales"),
                let data = try? Data(contentsOf: url), let table = try? JSONDecoder().decode([String: String].self, from: data)
            else { continue }
            result[language] = table
        }
        return result
    }()
}
