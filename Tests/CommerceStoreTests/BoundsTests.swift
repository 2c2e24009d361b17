import CommerceStore
import Foundation
import TestSupport
import Testing

/// What the store keeps bounded or decides once (issue 9).
@Suite struct StoreBoundsTests {
    @Test(arguments: TestEngine.all) func aUserKeepsAtMostTheNewestRefreshTokens(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { (store, _) async throws in
            let start = Date(timeIntervalSince1970: 1_767_225_600)
            let extra = 5
            for index in 0..<(Store.maximumRefreshTokensPerUser + extra) {
                let at = start.addingTimeInterval(Double(index))
                try await store.addRefreshToken(
                    RefreshTokenRecord(
                        tokenHash: "hash-\(index)", partnerID: "p", clientID: "c", userID: "user-1", scope: "s", createdAt: at,
                        expiresAt: at.addingTimeInterval(86_400)
                    )
                )
            }
            try await store.addRefreshToken(
                RefreshTokenRecord(
                    tokenHash: "other", partnerID: "p", clientID: "c", userID: "user-2", scope: "s", createdAt: start,
                    expiresAt: start.addingTimeInterval(86_400))
            )
            for index in 0..<extra { #expect(try await store.refreshToken(hash: "hash-\(index)") == nil) }
            #expect(try await store.refreshToken(hash: "hash-\(extra)") != nil)
            #expect(try await store.refreshToken(hash: "hash-\(Store.maximumRefreshTokensPerUser + extra - 1)") != nil)
            #expect(try await store.refreshToken(hash: "other") != nil)
            #expect(try await store.contents()["refresh_tokens"]?.count == Store.maximumRefreshTokensPerUser + 1)
        }
    }

    @Test(arguments: TestEngine.all) func aChoiceIsSettledByTheFirstCaller(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { (store, _) async throws in
            #expect(try await store.settleOnce("demo-data", proposing: "no") == "no")
            #expect(try await store.settleOnce("demo-data", proposing: "yes") == "no")
        }
    }

    @Test func aContinuationTokenThatIsNotOursIsRefused() {
        for token in ["", "not-a-token", String(repeating: "A", count: 4096), "fHx8", "MjAyNnwtMXx4"] {
            #expect(PageCursor(token: token) == nil, "\(token)")
        }
    }
}
