import PartnerCenterModels
import Testing

/// The one-pass shape check that keeps deep nesting and huge strings away from the parser and the store.
@Suite struct JSONBoundsTests {
    let bounds = JSONBounds(maximumDepth: 4, maximumStringBytes: 8)

    @Test func acceptsWhatFits() throws {
        try bounds.check(Array(#"{"a":[[{"b":"12345678"}]]}"#.utf8))
        // Brackets and quotes inside strings are text, not structure.
        try bounds.check(Array(#"{"a":"[[[[[\"{"}"#.utf8))
    }

    @Test func refusesDeepNesting() {
        #expect(throws: JSONBounds.Violation.tooDeep(limit: 4)) { try bounds.check(Array("[[[[[]]]]]".utf8)) }
        #expect(throws: JSONBounds.Violation.tooDeep(limit: 32)) {
            try JSONBounds.requests.check(Array(String(repeating: "[", count: 10_000).utf8))
        }
    }

    @Test func refusesLongStringsKeysIncluded() {
        #expect(throws: JSONBounds.Violation.stringTooLong(limit: 8)) { try bounds.check(Array(#"{"a":"123456789"}"#.utf8)) }
        #expect(throws: JSONBounds.Violation.stringTooLong(limit: 8)) { try bounds.check(Array(#"{"123456789":1}"#.utf8)) }
    }

    @Test func refusesHugeArraysAndObjects() throws {
        let small = JSONBounds(maximumDepth: 4, maximumStringBytes: 16, maximumElements: 3)
        try small.check(Array("[1,2,3]".utf8))
        try small.check(Array(#"[[1,2,3],[1,2,3],{"a":1,"b":2,"c":3}]"#.utf8))
        #expect(throws: JSONBounds.Violation.tooManyElements(limit: 3)) { try small.check(Array("[1,2,3,4]".utf8)) }
        #expect(throws: JSONBounds.Violation.tooManyElements(limit: 3)) { try small.check(Array(#"{"a":1,"b":2,"c":3,"d":4}"#.utf8)) }
        // Commas inside strings are text.
        try small.check(Array(#"["a,b,c,d,e"]"#.utf8))
    }

    @Test func malformedInputIsLeftToTheParser() throws {
        try bounds.check(Array("]]]]]]\"".utf8))
        try bounds.check([0xFF, 0xFE, 0x00])
    }
}
