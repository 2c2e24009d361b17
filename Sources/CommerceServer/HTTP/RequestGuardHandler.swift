import CommerceCore
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import PartnerCenterModels

/// Sits in each connection's pipeline, after HTTP parsing and before Hummingbird, and answers two failures
/// that never reach a route, as Partner Center's `ApiFault` JSON instead of NIO's empty 400 or a hung socket:
///
/// - a request NIO cannot parse (headers over the bound, a malformed request line): 400 / 800002;
/// - a request whose body does not arrive whole within `deadline` of its head (a client sending a byte at a
///   time): 408 / 800002. A connection with no request under way for `idleDeadline` (idle keep-alive, or
///   headers trickling in) is closed without an answer.
///
/// Either way the connection is closed: after a parse error or a stalled body nothing more on it can be trusted.
final class RequestGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let deadline: TimeAmount
    private let idleDeadline: TimeAmount
    /// A request head arrived and its end has not.
    private var receiving = false
    /// Requests received whole and not answered yet (more than one when a client pipelines).
    private var unanswered = 0
    /// We answered a failure and are closing.
    private var closed = false
    private var timer: Scheduled<Void>?

    init(deadline: TimeAmount, idleDeadline: TimeAmount) {
        self.deadline = deadline
        self.idleDeadline = idleDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closed else { return }
        switch unwrapInboundIn(data) {
        case .head:
            receiving = true
            // The body's clock starts with its head.
            arm(context)
        case .body:
            break
        case .end:
            receiving = false
            unanswered += 1
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !closed {
            unanswered = max(unanswered - 1, 0)
            // Nothing left to answer or receive: the connection is idle, and the clock for the next request starts.
            if !receiving, unanswered == 0 { arm(context) }
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, !closed else {
            context.fireErrorCaught(error)
            return
        }
        answer(context, status: .badRequest, description: "The request could not be read as HTTP/1.1 (its headers may exceed the server's limits).")
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let loop = context.eventLoop.assumeIsolated()
        timer = loop.scheduleTask(in: receiving ? deadline : idleDeadline) { [self] in
            timer = nil
            guard !closed else { return }
            if receiving {
                answer(
                    context, status: .requestTimeout,
                    description: "The request did not arrive whole within \(deadline.nanoseconds / 1_000_000_000) seconds.")
            } else if unanswered == 0 {
                closed = true
                context.close(promise: nil)
            }
        }
    }

    /// Writes a complete `ApiFault` response below Hummingbird and closes the connection.
    private func answer(_ context: ChannelHandlerContext, status: HTTPResponse.Status, description: String) {
        closed = true
        timer?.cancel()
        let body =
            (try? PartnerCenterJSON.makeEncoder().encode(ApiFault(code: PartnerCenterErrorCode.invalidInput.code, description: description, data: [])))
            ?? Data()
        var head = HTTPResponse(status: status)
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        head.headerFields[.contentLength] = String(body.count)
        head.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
