/// One error Partner Center answers (spec §7.2): the code its `ApiFault` carries, the HTTP status that comes with
/// it, and what the code means. Every refusal the server gives names one of these, so a code and its status are
/// written in one place; the refusal's own description says what went wrong in the case at hand.
public struct PartnerCenterErrorCode: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let status: Int
    /// What the code means, as the error table words it: a description key, translated like every description.
    public let meaning: LocalizedText

    init(_ code: Int, _ status: Int, _ meaning: LocalizedText) {
        self.code = code
        self.status = status
        self.meaning = meaning
    }

    public var description: String { String(status) + "/" + String(code) + " " + meaning.description }

    /// The kind of refusal the status is, for the rules' errors (``CommerceError``).
    public var kind: CommerceError.Kind {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 500...: .internalFailure
        default: .invalidInput
        }
    }
}

extension PartnerCenterErrorCode {
    // The request as a whole.
    public static let invalidInput = Self(800002, 400, "Invalid request input.")
    public static let invalidProperty = Self(3000, 400, "A property of the request is not valid.")
    public static let propertyInUse = Self(3000, 409, "A property's value is already in use.")
    public static let propertyNotFound = Self(3000, 404, "What a property names was not found.")
    public static let conflictingRequest = Self(800002, 409, "The request conflicts with the resource's state.")
    public static let methodNotAllowed = Self(800002, 405, "The method is not allowed on this resource.")
    public static let bodyTooLarge = Self(800002, 413, "The request body is too large.")
    public static let unsupportedMediaType = Self(800002, 415, "The request's content type is not supported.")
    public static let unparsableEnum = Self(900126, 400, "An enum value could not be parsed.")
    public static let invalidCustomerID = Self(900118, 400, "The customer id is not valid.")
    public static let notFound = Self(1000, 404, "The resource was not found.")
    public static let unexpected = Self(800003, 500, "An unexpected service error occurred.")
    public static let upstreamUnreachable = Self(0, 502, "The upstream server could not be reached.")

    // Who is calling.
    public static let tokenMissing = Self(800001, 401, "The partner token is missing from the request.")
    public static let accessDenied = Self(400, 401, "Access is denied.")
    public static let appCredentialsNotAllowed = Self(2032, 403, "The resource cannot be accessed with application credentials.")
    public static let roleNotAllowed = Self(900150, 403, "The user's role does not allow this operation.")
    public static let noRelationship = Self(20002, 403, "The partner has no commerce relationship with the customer.")
    public static let tenantNotFound = Self(60003, 404, "The tenant was not found.")
    public static let mpnIDNotFound = Self(800015, 404, "The partner has no MPN id.")
    public static let customerCapReached = Self(800018, 400, "The partner has as many customers as the sandbox allows.")

    // Carts and orders.
    public static let cartNotFound = Self(800008, 404, "Unable to retrieve the cart.")
    public static let cartItemsInvalid = Self(800009, 400, "There are errors in the cart's items.")
    public static let cartAlreadyOrdered = Self(800065, 400, "The cart has been checked out and cannot be changed.")
    public static let invalidOfferID = Self(800004, 400, "The offer id is not valid.")
    public static let notSoldInCountry = Self(800070, 400, "It is not available in this country.")
    public static let lineNumbersInvalid = Self(800071, 400, "The line item numbers are not valid.")
    public static let subscriptionCapReached = Self(800066, 403, "The customer has as many subscriptions as it may.")
    public static let parentSubscriptionInvalid = Self(800029, 400, "The parent subscription is not valid.")
    public static let orderNotFound = Self(20000, 404, "The order id was not found.")

    // Subscriptions.
    public static let subscriptionNotFound = Self(20003, 404, "The subscription was not found.")
    public static let quantityChangeWhileSuspended = Self(2001, 400, "The quantity cannot change while the subscription is suspended.")
    public static let quantityOutOfRange = Self(2002, 400, "The quantity is outside the allowed minimum and maximum.")
    public static let subscriptionEnded = Self(2011, 400, "A subscription that has ended cannot be updated.")
    public static let billingCycleChangeByOrder = Self(2054, 400, "The billing cycle must be changed through an order update.")
    public static let etagNoLongerValid = Self(2055, 409, "The ETag is no longer valid.")
    public static let usageBasedQuantity = Self(800027, 403, "The quantity of a usage-based subscription cannot be changed.")
    public static let stillProvisioning = Self(900278, 409, "The subscription is still being provisioned.")
    public static let decreaseWindowClosed = Self(800090, 400, "Seats can be removed only inside their cancellation window.")
    public static let cancellationWindowClosed = Self(800091, 400, "The cancellation window has closed.")
    public static let billingPlanNotSupported = Self(10013, 400, "The billing plan is not supported.")
    public static let customTermEndInvalid = Self(10016, 400, "The custom term end date is not valid.")

    // Agreements and money (billing spec)
    public static let noCustomerAgreement = Self(13605, 403, "The customer has not accepted the Microsoft Customer Agreement.")
    public static let agreementExists = Self(600061, 409, "A partner confirmed agreement already exists for the customer.")

    /// Every entry, for the tests that check each has its translations and a distinct name.
    public static let all: [PartnerCenterErrorCode] = [
        invalidInput, invalidProperty, propertyInUse, propertyNotFound, conflictingRequest, methodNotAllowed, bodyTooLarge, unsupportedMediaType,
        unparsableEnum,
        invalidCustomerID, notFound, unexpected, upstreamUnreachable, tokenMissing, accessDenied, appCredentialsNotAllowed, roleNotAllowed,
        noRelationship, tenantNotFound, mpnIDNotFound, customerCapReached, cartNotFound, cartItemsInvalid,
        cartAlreadyOrdered, invalidOfferID,
        notSoldInCountry, lineNumbersInvalid, subscriptionCapReached, parentSubscriptionInvalid, orderNotFound, subscriptionNotFound,
        quantityChangeWhileSuspended, quantityOutOfRange, subscriptionEnded, billingCycleChangeByOrder, etagNoLongerValid, usageBasedQuantity,
        stillProvisioning, decreaseWindowClosed, cancellationWindowClosed, billingPlanNotSupported, customTermEndInvalid,
        noCustomerAgreement, agreementExists,
    ]
}
