/// An invoice's statement as a PDF (`GET /invoices/{id}/documents/statement`): one A4 page of text in the standard
/// Helvetica font, which every reader has, so no font is embedded. Written by hand: a handful of objects and their
/// byte offsets is all a one-page text document needs.
enum StatementPDF {
    /// The document for `lines` of text, top to bottom. Characters outside printable ASCII are written as `?`.
    static func make(lines: [String]) -> [UInt8] {
        var text = "BT /F1 11 Tf 56 780 Td 16 TL"
        for (index, line) in lines.enumerated() {
            text += (index == 0 ? " " : " T* ") + "(" + escaped(line) + ") Tj"
        }
        text += " ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
        ]
        var document = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(document.count)
            document += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let table = document.count
        var trailer = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            trailer += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        trailer += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
        return document + Array(trailer.utf8)
    }

    /// A PDF string's text: backslashes and parentheses escaped, anything but printable ASCII as `?`.
    static func escaped(_ line: String) -> String {
        var out = ""
        for scalar in line.unicodeScalars {
            switch scalar {
            case "\\", "(", ")": out += "\\" + String(scalar)
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "?"
            }
        }
        return out
    }
}
