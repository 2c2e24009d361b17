import AsyncHTTPClient
import Foundation
import Logging
import PartnerCenterModels

/// A client for Partner Center's REST API, or any server of it (this one), navigated as the .NET SDK is:
/// `partner.customers.byID(c).carts.byID(k).checkout()`.
///
/// Every call carries one `MS-RequestId` on all of its attempts and a fresh one on the next call, so retries
/// (``RetryPolicy``) cannot buy twice; refusals throw ``PartnerCenterError``.
public struct PartnerCenterClient: Sendable {
    public let environment: PartnerCenterEnvironment
    public let retry: RetryPolicy
    /// `X-Locale`, the language of descriptions and error messages.
    public let locale: String
    /// `MS-PartnerCenter-Application`, the caller's name in the service's telemetry.
    public let applicationName: String?
    /// One correlation id per client, as the SDKs send it, so a session's calls can be found together.
    public let correlationID: String
    let credentials: any AccessTokenProvider
    let http: HTTPClient
    let logger: Logger
    /// Set on a previewing copy: calls are reported here and not sent.
    var preview: (@Sendable (PreparedRequest) -> Void)?
    /// A preview still sends GETs: a write made from a read (an update, a cart's new line) shows as it would be sent.
    var previewSendsReads = false

    /// - Parameters:
    ///   - environment: Microsoft's cloud, or `.server("http://127.0.0.1:8080")`.
    ///   - credentials: asked for a token before every attempt.
    ///   - logger: each attempt is logged at `debug`, with the `Authorization` header redacted.
    public init(
        environment: PartnerCenterEnvironment, credentials: some AccessTokenProvider, retry: RetryPolicy = .standard, locale: String = "en-US",
        applicationName: String? = nil, correlationID: String? = nil, httpClient: HTTPClient = .partnerCenter,
        logger: Logger = Logger(label: "PartnerCenterClient")
    ) {
        self.environment = environment
        self.credentials = credentials
        self.retry = retry
        self.locale = locale
        self.applicationName = applicationName
        self.correlationID = correlationID ?? UUID().uuidString.lowercased()
        self.http = httpClient
        self.logger = logger
    }

    /// A client for the server at `baseURL` with tokens from `accessToken`.
    public init(
        baseURL: String, httpClient: HTTPClient = .partnerCenter, retry: RetryPolicy = .standard, locale: String = "en-US",
        accessToken: @escaping @Sendable () async throws -> String
    ) {
        self.init(environment: .server(baseURL), credentials: AccessTokenFunction(accessToken), retry: retry, locale: locale, httpClient: httpClient)
    }

    /// A copy that sends nothing, not even a token request: each call is handed to `report` as it would be sent,
    /// then fails with ``RequestNotSent``. With `sendingReads`, GETs are sent (with a token): an update shows the
    /// write it would make from what it read.
    public func previewing(sendingReads: Bool = false, _ report: @escaping @Sendable (PreparedRequest) -> Void) -> PartnerCenterClient {
        var copy = self
        copy.preview = report
        copy.previewSendsReads = sendingReads
        return copy
    }

    /// The API root, without `/v1`.
    public var baseURL: String { environment.apiRoot }

    /// The partner's customers: `customers.create(…)`, `.get()`, `.all()`, `.byID(id)`.
    public var customers: CustomerCollectionOperations { CustomerCollectionOperations(client: self) }

    /// The agreements customers can accept (the .NET SDK's `AgreementDetails`).
    public var agreementDetails: AgreementDetailsOperations { AgreementDetailsOperations(client: self) }

    /// The new-commerce catalog: `products.byCountry("US").byTargetView("OnlineServices").get()`.
    public var products: ProductCatalogOperations { ProductCatalogOperations(client: self) }

    /// The legacy offer catalog: `offers.byCountry("US").get()`.
    public var offers: OfferCatalogOperations { OfferCatalogOperations(client: self) }

    /// The partner's webhook registration, validation events and delivery log.
    public var webhooks: WebhookOperations { WebhookOperations(client: self) }
}
