import CommerceCore
import Testing

/// Where webhook deliveries may go: loopback by default; the rest only as the operator allows.
@Suite struct WebhookDestinationsTests {
    @Test func loopbackOnlyByDefault() {
        let policy = WebhookDestinations()
        for host in ["localhost", "127.0.0.1", "127.9.9.9", "[::1]", "::ffff:127.0.0.1", "hooks.localhost"] {
            #expect(policy.permits(host: host), "\(host)")
        }
        for host in [
            "10.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.169.254", "fe80::1", "fd00::1", "8.8.8.8", "example.com", "0.0.0.0", "::",
            "::ffff:10.0.0.1",
        ] {
            #expect(!policy.permits(host: host), "\(host)")
        }
    }

    @Test func theOperatorAllowsNamesBlocksOrEveryPublicAddress() {
        let policy = WebhookDestinations(allowed: ["public", "10.0.0.0/8", "hooks.example.com", "fd12::/16"])
        for host in ["8.8.8.8", "2606:4700::1111", "10.1.2.3", "HOOKS.example.com", "fd12:3456::1"] {
            #expect(policy.permits(host: host), "\(host)")
        }
        for host in ["192.168.1.1", "169.254.169.254", "fe80::1", "other.example.com", "172.16.0.1", "100.64.0.1", "224.0.0.1", "fd13::1"] {
            #expect(!policy.permits(host: host), "\(host)")
        }
    }

    @Test func rulesTheOperatorMistypedAllowNothing() {
        let policy = WebhookDestinations(allowed: ["", "/", "/8", "10.0.0.0/99", "10.0.0.0/-1", "10.0.0.0/x", "not/a/block"])
        for host in ["10.0.0.1", "8.8.8.8", "example.com"] {
            #expect(!policy.permits(host: host), "\(host)")
        }
        #expect(policy.permits(host: "127.0.0.1"))
    }

    @Test func urlsMustBeHTTPWithAHostAndNoCredentials() {
        let policy = WebhookDestinations()
        #expect((try? policy.check("http://127.0.0.1:9000/hook")) != nil)
        #expect((try? policy.check("https://localhost/hook?x=1")) != nil)
        for bad in [
            "ftp://127.0.0.1/x", "http://user:pw@127.0.0.1/x", "/relative", "", "http://", String(repeating: "a", count: 3000), "http://10.0.0.1/",
        ] {
            #expect((try? policy.check(bad)) == nil, "\(bad)")
        }
    }
}
