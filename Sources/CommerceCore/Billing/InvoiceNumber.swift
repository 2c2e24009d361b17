/// Invoice ids as Partner Center writes them: `G` and nine digits (`G000024135`), drawn from the server's id
/// generator so a seeded run repeats them.
extension IDGenerator {
    public func invoiceNumber() -> String {
        let drawn = UInt64(hex(15), radix: 16) ?? 0
        let digits = String(drawn % 1_000_000_000)
        return "G" + String(repeating: "0", count: 9 - digits.count) + digits
    }
}
