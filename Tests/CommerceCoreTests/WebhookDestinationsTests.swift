import CommerceCore
import Foundation
import Testing

/// Where webhook deliveries may go: addresses decide, checked at each delivery; loopback by default only while
/// the server listens on loopback; the rest only as the operator allows.
@Suite struct WebhookDestinationsTests {
    static func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text.trimmingCharacters(in: ["[", "]"])), "\(text)") }

    @Test func loopbackOnlyByDefault() throws {
        let policy = WebhookDestinations()
        for host in ["127.0.0.1", "127.9.9.9", "[::1]", "::ffff:127.0.0.1"] {
            #expect(policy.permits(try Self.address(host), named: nil), "\(host)")
            #expect(policy.mayRegister(host: host), "\(host)")
        }
        for host in [
            "10.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.169.254", "fe80::1", "fd00::1", "8.8.8.8", "0.0.0.0", "::", "::ffff:10.0.0.1",
        ] {
            #expect(!policy.permits(try Self.address(host), named: nil), "\(host)")
            #expect(!policy.mayRegister(host: host), "\(host)")
        }
        #expect(policy.mayRegister(host: "localhost"))
        #expect(!policy.mayRegister(host: "example.com"))
    }

    @Test func aNameThatLooksLocalIsCheckedByWhatItResolvesTo() throws {
        let policy = WebhookDestinations()
        // The hosts-file trick of issue 26: the name passes registration, its addresses never pass delivery.
        #expect(policy.mayRegister(host: "metadata.localhost"))
        #expect(!policy.permits(try Self.address("169.254.169.254"), named: "metadata.localhost"))
        #expect(!policy.permits(try Self.address("10.0.0.5"), named: "db.localhost"))
        #expect(policy.permits(try Self.address("127.0.0.1"), named: "db.localhost"))
    }

    @Test func loopbackIsRefusedWhenTheServerListensElsewhereUnlessTheOperatorAllowsIt() throws {
        let exposed = WebhookDestinations(loopbackByDefault: false)
        #expect(!exposed.permits(try Self.address("127.0.0.1"), named: nil))
        #expect(!exposed.permits(try Self.address("::1"), named: "localhost"))
        #expect(!exposed.mayRegister(host: "localhost"))
        #expect(!exposed.mayRegister(host: "127.0.0.1"))
        let allowed = WebhookDestinations(allowed: ["loopback"], loopbackByDefault: false)
        #expect(allowed.permits(try Self.address("127.0.0.1"), named: nil))
        #expect(allowed.mayRegister(host: "localhost"))
    }

    @Test func theOperatorAllowsNamesBlocksOrEveryPublicAddress() throws {
        let policy = WebhookDestinations(allowed: ["public", "10.0.0.0/8", "HOOKS.example.com", "fd12::/16"])
        for host in ["8.8.8.8", "2606:4700::1111", "10.1.2.3", "fd12:3456::1"] {
            #expect(policy.permits(try Self.address(host), named: nil), "\(host)")
        }
        for host in ["192.168.1.1", "169.254.169.254", "fe80::1", "172.16.0.1", "100.64.0.1", "224.0.0.1", "fd13::1"] {
            #expect(!policy.permits(try Self.address(host), named: nil), "\(host)")
        }
        // `public` lets any name register, and it goes wherever it resolves, if that is public.
        #expect(policy.mayRegister(host: "receiver.example.net"))
        #expect(policy.permits(try Self.address("8.8.8.8"), named: "receiver.example.net"))
        #expect(!policy.permits(try Self.address("192.168.1.1"), named: "receiver.example.net"))
        // A host the operator named may resolve into the operator's own network, never to link-local.
        #expect(policy.permits(try Self.address("192.168.1.1"), named: "hooks.example.com"))
        #expect(!policy.permits(try Self.address("169.254.169.254"), named: "hooks.example.com"))
    }

    @Test func rulesTheOperatorMistypedAllowNothing() throws {
        let policy = WebhookDestinations(allowed: ["", "/", "/8", "10.0.0.0/99", "10.0.0.0/-1", "10.0.0.0/x", "not/a/block"])
        for host in ["10.0.0.1", "8.8.8.8"] {
            #expect(!policy.permits(try Self.address(host), named: nil), "\(host)")
        }
        #expect(!policy.mayRegister(host: "example.com"))
        #expect(policy.permits(try Self.address("127.0.0.1"), named: nil))
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
