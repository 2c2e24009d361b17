import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Where `partner-commerce admin` sends its calls, and with which key: `--url`, `PARTNER_CENTER_URL`, the profile's
/// or the local `serve`; `--admin-key`, `PARTNER_COMMERCE_ADMIN_KEY` or the profile's (`admin login`).
struct AdminOptions: ParsableArguments {
    @Option(help: "The profile whose server and admin key to use (env PARTNER_CENTER_PROFILE).") var profile: String?
    @Option(help: "The server's base URL (env PARTNER_CENTER_URL; default: the profile's, or http://127.0.0.1:8080).") var url: String?
    @Option(help: "The /_admin key (env PARTNER_COMMERCE_ADMIN_KEY; default: the profile's).") var adminKey: String?

    var profileName: String { profile ?? ProcessInfo.processInfo.environment["PARTNER_CENTER_PROFILE"] ?? "default" }
}

/// The admin API over HTTP: one call, its answer printed as the server wrote it, a failure as the CLI reports any.
struct AdminClient {
    let root: String
    let key: String

    init(_ options: AdminOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let profile = try ProfileStore(environment: environment).profile(options.profileName)
        root = (options.url ?? environment["PARTNER_CENTER_URL"] ?? profile?.apiRoot ?? ClientSession.localServer)
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let key = options.adminKey ?? environment["PARTNER_COMMERCE_ADMIN_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) ?? profile?.adminKey
        else {
            throw ClientFailure.usage(
                "no admin key: pass --admin-key, set PARTNER_COMMERCE_ADMIN_KEY, or save one with `partner-commerce admin login`.")
        }
        self.key = key
    }

    /// Sends `method path?query` with a JSON body; returns the answer's body, or fails as the CLI does (exit 4 with
    /// the ApiFault, exit 5 when nothing answers).
    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: [String: Any]? = nil) async throws -> Data {
        var components = URLComponents(string: root + path)
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components?.queryItems = items }
        guard let url = components?.url?.absoluteString else { throw ClientFailure.usage("not a URL: " + root + path) }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer " + key)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(190))
        } catch {
            let text = String(describing: error)
            if text.localizedCaseInsensitiveContains("refused") {
                throw ClientFailure(
                    code: 5,
                    description: "error: nothing answers at " + root + " (connection refused). Start a server with `partner-commerce serve`, "
                        + "or point --url at one that runs.")
            }
            throw ClientFailure(code: 5, description: "error: " + root + " could not be reached: " + text)
        }
        let data = Data((try await response.body.collect(upTo: 64 << 20)).readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            var lines = ["error: HTTP " + String(response.status.code)]
            if let fault = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                lines[0] += ", code " + String(describing: fault["code"] ?? "?") + ": " + String(describing: fault["description"] ?? "")
                for item in (fault["data"] as? [Any] ?? []).prefix(50) { lines.append("  " + String(describing: item)) }
            }
            throw ClientFailure(code: 4, description: lines.joined(separator: "\n"))
        }
        return data
    }

    /// Prints an answer's JSON indented, keys sorted, as a person or `jq` reads it.
    static func show(_ data: Data) {
        guard !data.isEmpty else { return }
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        {
            print(String(decoding: pretty, as: UTF8.self))
        } else {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
