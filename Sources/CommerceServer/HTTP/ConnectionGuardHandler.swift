import NIOCore
import NIOHTTPTypes

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sits first among each connection's own handlers and keeps it to its share (`ConnectionGuard`):
///
/// - on arrival it asks the table for a place, and closes the connection at once when refused;
/// - it tells the table when the connection is busy and when idle, so the oldest idle ones can make room;
/// - an answer must keep moving: a connection whose unsent answer has not drained below the channel's
///   low-water mark within `writeTimeout` is reset. A client that pipelines requests and never reads would
///   otherwise hold its socket and the kernel's send buffer (megabytes) for as long as it likes, since no other
///   timer runs while an answer is under way. While unwritable, the connection is not read from either, so a
///   client cannot queue more answers than one.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let connectionGuard: ConnectionGuard
    private var registered = false
    private var refused = false
    /// Requests whose head arrived and whose answer is not fully written.
    private var underWay = 0
    /// A read was asked for while the channel could not take more output; it is passed on once it can.
    private var readHeld = false
    private var stalled: Scheduled<Void>?

    /// Bytes of each connection's kernel send buffer (Linux doubles it for its bookkeeping).
    static let sendBuffer: SocketOptionValue = 256 * 1024

    init(connectionGuard: ConnectionGuard) {
        self.connectionGuard = connectionGuard
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        guard !refused else { return }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stalled?.cancel()
        if registered, !refused { connectionGuard.table.remove(context.channel) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stalled?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if case .head = unwrapInboundIn(data) {
            underWay += 1
            if underWay == 1 { connectionGuard.table.mark(context.channel, idle: false) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), underWay > 0 {
            underWay -= 1
            if underWay == 0 { connectionGuard.table.mark(context.channel, idle: true) }
        }
        context.write(data, promise: promise)
    }

    func read(context: ChannelHandlerContext) {
        guard context.channel.isWritable else {
            readHeld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stalled?.cancel()
            stalled = nil
            if readHeld {
                readHeld = false
                context.read()
            }
        } else if stalled == nil {
            let loop = context.eventLoop.assumeIsolated()
            stalled = loop.scheduleTask(in: connectionGuard.writeTimeout) { [self] in
                stalled = nil
                guard !context.channel.isWritable else { return }
                connectionGuard.closedStalled()
                reset(context)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard connectionGuard.admit(context.channel, address: address) else {
            refused = true
            return reset(context)
        }
        // A fixed send buffer instead of the kernel's autotuned one (up to 4 MiB): a client that does not read
        // stops its answers after a quarter of a megabyte, not after the server has made megabytes of them.
        context.channel.setOption(ChannelOptions.socketOption(.so_sndbuf), value: Self.sendBuffer).whenFailure { _ in }
    }

    /// Closes with a reset (linger 0): the kernel drops what it still holds for the peer at once, instead of
    /// keeping a dead client's unsent answer for minutes.
    private func reset(_ context: ChannelHandlerContext) {
        let channel = context.channel
        guard let socket = channel as? any SocketOptionProvider else { return channel.close(promise: nil) }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }
}
