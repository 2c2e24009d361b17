import Hummingbird

/// Counts every answered request and its latency into `ServerMetrics`, by the route family the router matched.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        // The route template is known only once the router has matched, after `next`.
        metrics.record(
            family: ServerMetrics.family(of: context.endpointPath), method: request.method.rawValue, status: Int(response.status.code),
            nanoseconds: nanoseconds
        )
        return response
    }
}
