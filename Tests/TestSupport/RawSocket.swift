import Foundation

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A plain TCP connection to the test server, for what an HTTP client library will not send: a body a byte at
/// a time, or bytes that are not HTTP at all.
public final class RawSocket: @unchecked Sendable {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port` from `source` (any 127.x.y.z: loopback answers them all, so a test can be
    /// several clients by address). `receiveBuffer` shrinks the socket's receive buffer before connecting.
    public init(port: Int, from source: String = "127.0.0.1", receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
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
    public func send(_ bytes: [UInt8]) async -> Bool {
        (try? await offThePool { self.sendNow(bytes) }) ?? false
    }

    @discardableResult
    public func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    /// Sends what fits without waiting; the count sent (0 when the buffers are full or the socket is gone).
    public func sendWithoutWaiting(_ text: String) -> Int {
        Array(text.utf8).withUnsafeBytes { buffer in
            #if canImport(Glibc)
                max(Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)), 0)
            #else
                max(Darwin.send(fd, buffer.baseAddress, buffer.count, MSG_DONTWAIT), 0)
            #endif
        }
    }

    /// Waits up to `seconds` for the server to close or reset the connection, reading nothing (so a server
    /// waiting for the client to read sees no progress); true when it did.
    public func closedByServer(within seconds: Double) async -> Bool {
        (try? await offThePool { self.closedByServerNow(within: seconds) }) ?? false
    }

    private func closedByServerNow(within seconds: Double) -> Bool {
        #if canImport(Glibc)
            let readHangUp: Int16 = 0x2000  // POLLRDHUP, which Glibc's module leaves out (it needs _GNU_SOURCE)
            var poller = pollfd(fd: fd, events: readHangUp, revents: 0)
            let closedEvents = readHangUp | Int16(POLLHUP) | Int16(POLLERR)
        #else
            var poller = pollfd(fd: fd, events: 0, revents: 0)
            let closedEvents = Int16(POLLHUP) | Int16(POLLERR)
        #endif
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            poller.revents = 0
            let ready = poll(&poller, 1, 100)
            if ready > 0, poller.revents & closedEvents != 0 { return true }
            // Data waiting (POLLIN alone) is left unread; poll would report it at once, so pace the loop.
            if ready > 0 { usleep(50_000) }
        }
        return false
    }

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
    public func readToEnd() async -> String {
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
public struct RawResponse {
    public var status: Int
    public var headers: String
    public var body: [String: Any]

    public init(_ text: String) throws {
        let parts = text.components(separatedBy: "\r\n\r\n")
        headers = parts.first ?? ""
        status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
        let bodyText = parts.dropFirst().joined(separator: "\r\n\r\n")
        body = (try JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any] ?? [:]
    }
}
