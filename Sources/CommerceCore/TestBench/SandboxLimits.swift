import PartnerCenterModels

/// Partner Center's integration sandbox caps (`serve --sandbox-limits`), so the paths the real sandbox forces on an
/// integration can be tested here: 75 customers per partner, 5 subscriptions per customer, 25 licences per subscription.
public struct SandboxLimits: Sendable, Equatable {
    public var customersPerPartner: Int
    public var subscriptionsPerCustomer: Int
    public var licencesPerSubscription: Int

    public init(customersPerPartner: Int = 75, subscriptionsPerCustomer: Int = 5, licencesPerSubscription: Int = 25) {
        self.customersPerPartner = customersPerPartner
        self.subscriptionsPerCustomer = subscriptionsPerCustomer
        self.licencesPerSubscription = licencesPerSubscription
    }

    /// The integration sandbox's own figures.
    public static let partnerCenter = SandboxLimits()

    /// `lines` with `SandboxLimitExceeded` (10009) on each line past a cap: more licences than a subscription may
    /// hold, or a subscription past the customer's allowance (`existing` it owns already, each line and add-on
    /// making one). Lines with an error of their own keep it and use none of the allowance.
    func check(_ lines: [CartLineItem], existing: Int, context: CartContext) -> [CartLineItem] {
        var subscriptions = existing
        func limited(_ line: CartLineItem) -> CartLineItem {
            var line = line
            guard line.error == nil else { return line }
            if let quantity = line.quantity, quantity > licencesPerSubscription {
                line.error = context.lineError(
                    .sandboxLimitExceeded,
                    "The integration sandbox allows at most \(licencesPerSubscription) licences per subscription; this line asks for \(quantity)."
                )
                return line
            }
            subscriptions += 1
            if subscriptions > subscriptionsPerCustomer {
                line.error = context.lineError(
                    .sandboxLimitExceeded, "The integration sandbox allows at most \(subscriptionsPerCustomer) subscriptions per customer."
                )
            }
            return line
        }
        return lines.map { line in
            var line = limited(line)
            line.addonItems = line.addonItems?.map(limited)
            if line.error == nil, line.addonItems?.contains(where: { $0.error != nil }) == true {
                line.error = context.lineError(
                    .sandboxLimitExceeded, "The integration sandbox allows at most \(subscriptionsPerCustomer) subscriptions per customer.")
            }
            return line
        }
    }
}
