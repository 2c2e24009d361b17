import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A plain TCP connection to the test server, for what an HTTP client library will not send: a body a byte at
/// a time, or bytes that are not HTTP at all.
final class RawSocket: @unchecked Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        // Reads give up after 20 s, so a server that never answers fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends the bytes; false once the server has closed the connection. Off the cooperative threads, like every
    /// call here that can block: a send waits while the socket's buffer is full, and two tests blocking Swift's
    /// two cooperative threads (on 2 cores) would stall every in-process server until the read timeout.
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        (try? await offThePool { self.sendNow(bytes) }) ?? false
    }

    @discardableResult
    func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    private func sendNow(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            #if canImport(Glibc)
                Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) == buffer.count
            #else
                Darwin.send(fd, buffer.baseAddress, buffer.count, 0) == buffer.count
            #endif
        }
    }

    /// Everything the server sends until it closes the connection (or the read times out), read off the
    /// cooperative threads: the server needs them to answer.
    func readToEnd() async -> String {
        (try? await offThePool { self.readToEndNow() }) ?? ""
    }

    private func readToEndNow() -> String {
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// The status line and JSON body of a raw HTTP/1.1 response.
struct RawResponse {
    var status: Int
    var headers: String
    var body: [String: Any]

    init(_ text: String) throws {
        let parts = text.components(separatedBy: "\r\n\r\n")
        headers = parts.first ?? ""
        status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
        let bodyText = parts.dropFirst().joined(separator: "\r\n\r\n")
        body = (try JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any] ?? [:]
    }
}
