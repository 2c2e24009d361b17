import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The SDK's shared HTTP client. Unlike `HTTPClient.shared` it does not keep retrying a refused connection
    /// until the request's deadline: ``RetryPolicy`` decides about retries, so a server that is down is reported
    /// after its attempts, not after their whole time limit. Process-wide and never shut down, as `.shared` is.
    public static let partnerCenter: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
