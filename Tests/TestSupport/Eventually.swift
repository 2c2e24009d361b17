import Foundation
import Testing

/// Waits (bounded) until `condition` holds, checking every 50 ms; fails the test when it never does.
public func eventually(
    within seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition not met within \(seconds) s", sourceLocation: sourceLocation)
}
