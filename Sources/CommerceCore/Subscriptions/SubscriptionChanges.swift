import Foundation
import PartnerCenterModels

/// What a PATCH of a subscription may change, and when (after-checkout §1–2).
///
/// The body is the whole subscription as the client read it, with some fields changed: a field left as read (or
/// absent) is no change. Fields a client cannot change are ignored when they are as read; the few a client might
/// believe it can change (its offer, term or billing cycle) are refused when changed rather than silently kept.
public enum SubscriptionChanges {
    /// Longest `friendlyName` kept.
    public static let maximumFriendlyNameLength = 128
    /// The seats a subscription whose item left the catalog may have.
    public static let quantitiesWithoutCatalog = 1...10_000

    /// What the rules need to know beyond the subscription itself.
    public struct Context: Sendable {
        public var now: Date
        /// The seats the subscription's SKU allows.
        public var quantities: ClosedRange<Int>
        /// The catalog item a scheduled next term names, or nil when it is not sold to this customer.
        public var nextTermItem: @Sendable (ScheduledNextTermInstructions.ScheduledProduct) -> CatalogItem?
        /// Whether the customer may buy: a seat increase is a purchase.
        public var purchaseGate: PurchaseGate

        public init(
            now: Date, quantities: ClosedRange<Int>, purchaseGate: PurchaseGate = .open,
            nextTermItem: @escaping @Sendable (ScheduledNextTermInstructions.ScheduledProduct) -> CatalogItem?
        ) {
            self.now = now
            self.quantities = quantities
            self.purchaseGate = purchaseGate
            self.nextTermItem = nextTermItem
        }
    }

    /// The stored subscription after `requested`, at `context.now`; throws the documented refusal otherwise.
    /// Term ends reached since the last write are worked out first, so the change applies to the current term.
    public static func apply(_ requested: Subscription, to stored: Subscription, context: Context) throws -> Subscription {
        let current = SubscriptionTerms.advance(stored, to: context.now).subscription
        let etag = current.attributes?.etag ?? SubscriptionEtag.initial(id: current.id)
        if let sent = requested.attributes?.etag, sent != etag {
            throw CommerceError(.etagNoLongerValid, "Etag is no longer valid: subscription \(current.id) changed since it was read.")
        }
        var changed = current
        try refuseReadOnlyChanges(requested, current)
        let newStatus = requested.status.flatMap { $0 == current.status ? nil : $0 }
        let newQuantity = requested.quantity.flatMap { $0 == current.quantity ? nil : $0 }
        let ended = current.status == .deleted || current.status == .expired || current.status == .disabled
        if ended {
            let asks =
                newStatus != nil || newQuantity != nil || (requested.autoRenewEnabled.map { $0 != current.autoRenewEnabled } ?? false)
                || (requested.friendlyName.map { $0 != current.friendlyName } ?? false)
                || (requested.scheduledNextTermInstructions.map { $0 != current.scheduledNextTermInstructions } ?? false)
            if asks {
                throw CommerceError(.subscriptionEnded, "Subscription \(current.id) has ended and cannot be updated.")
            }
            return current
        }
        if current.status == .pending, newStatus != nil || newQuantity != nil {
            throw CommerceError(.stillProvisioning, "Subscription \(current.id) is still being provisioned; try again later.")
        }
        if let name = requested.friendlyName, name != current.friendlyName {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count <= maximumFriendlyNameLength, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw CommerceError.invalidProperty(
                    "friendlyName", "friendlyName must be at most \(maximumFriendlyNameLength) characters, without control characters.")
            }
            changed.friendlyName = trimmed.isEmpty ? current.offerName : trimmed
        }
        if let renew = requested.autoRenewEnabled, renew != current.autoRenewEnabled {
            guard SubscriptionTerms.due(current) != nil, current.isTrial != true else {
                throw CommerceError.invalidProperty("autoRenewEnabled", "Subscription \(current.id) has no term to renew.")
            }
            changed.autoRenewEnabled = renew
        }
        if let instructions = requested.scheduledNextTermInstructions, instructions != current.scheduledNextTermInstructions {
            changed.scheduledNextTermInstructions = try nextTerm(instructions, of: current, context: context)
        }
        if let quantity = newQuantity {
            changed = try changingQuantity(of: changed, to: quantity, context: context)
        }
        if let status = newStatus {
            changed = try changingStatus(of: changed, to: status, context: context)
        }
        guard changed != current else { return current }
        changed.attributes = SubscriptionTerms.next(changed)
        return changed
    }

    static func refuseReadOnlyChanges(_ requested: Subscription, _ current: Subscription) throws {
        if let cycle = requested.billingCycle, cycle != current.billingCycle {
            throw CommerceError(
                .billingCycleChangeByOrder, "The billing cycle of subscription \(current.id) cannot be changed here; schedule it for the next term.")
        }
        if let offer = requested.offerId, offer.lowercased() != current.offerId?.lowercased() {
            throw CommerceError.invalidProperty("offerId", "The offer of subscription \(current.id) cannot be changed.")
        }
        if let term = requested.termDuration, term.uppercased() != current.termDuration?.uppercased() {
            throw CommerceError.invalidProperty(
                "termDuration", "The term of subscription \(current.id) cannot be changed; schedule it for the next term.")
        }
    }

    /// Seats: more at any time while active (each purchase refundable for its own window); fewer only while seats
    /// bought inside the window remain, newest first.
    static func changingQuantity(of subscription: Subscription, to quantity: Int, context: Context) throws -> Subscription {
        var changed = subscription
        let current = subscription.quantity ?? 0
        guard subscription.unitType != "Usage-based" else {
            throw CommerceError(.usageBasedQuantity, "Subscription \(subscription.id) is usage-based; its quantity cannot be changed.")
        }
        guard subscription.status == .active else {
            throw CommerceError(.quantityChangeWhileSuspended, "The quantity of subscription \(subscription.id) cannot change while it is suspended.")
        }
        guard context.quantities.contains(quantity) else {
            throw CommerceError(
                .quantityOutOfRange,
                "Quantity \(quantity) is outside what subscription \(subscription.id) allows (\(context.quantities.lowerBound) to \(context.quantities.upperBound)).",
                data: ["quantity"]
            )
        }
        let windowed = subscription.cancellationAllowedUntilDate != nil
        var details = (subscription.refundableQuantity?.details ?? []).filter { $0.allowedUntilDateTime > context.now }
        if quantity > current {
            try context.purchaseGate.requireAgreement()
            if windowed {
                details.append(
                    RefundableQuantityDetail(
                        quantity: quantity - current, allowedUntilDateTime: context.now.addingTimeInterval(SubscriptionTerms.refundWindow)))
            }
        } else if windowed {
            var giveBack = current - quantity
            let refundable = details.reduce(0) { $0 + $1.quantity }
            guard giveBack <= refundable else {
                throw CommerceError(
                    .decreaseWindowClosed,
                    "Subscription quantity cannot be decreased: only \(refundable) seat(s) of subscription \(subscription.id) are still inside their 7-day window."
                )
            }
            while giveBack > 0, var last = details.popLast() {
                let taken = min(giveBack, last.quantity)
                giveBack -= taken
                last.quantity -= taken
                if last.quantity > 0 { details.append(last) }
            }
        }
        changed.quantity = quantity
        changed.refundableQuantity = windowed ? RefundableQuantity(details: details) : nil
        return changed
    }

    /// `active` ↔ `suspended`, and `deleted` (cancel) for a new-commerce subscription inside its window.
    static func changingStatus(of subscription: Subscription, to status: SubscriptionStatus, context: Context) throws -> Subscription {
        var changed = subscription
        switch status {
        case .active:
            changed.status = .active
            changed.suspensionReasons = nil
        case .suspended:
            changed.status = .suspended
            changed.suspensionReasons = ["PartnerInitiated"]
        case .deleted:
            guard let until = subscription.cancellationAllowedUntilDate else {
                throw CommerceError.invalidProperty("status", "Subscription \(subscription.id) cannot be cancelled; suspend it instead.")
            }
            guard context.now <= until else {
                throw CommerceError(
                    .cancellationWindowClosed,
                    "Subscription \(subscription.id) can no longer be cancelled: its window closed at \(WireDate.format(until)).")
            }
            changed.status = .deleted
            changed.suspensionReasons = ["CustomerCancellation"]
            changed.autoRenewEnabled = false
            changed.refundableQuantity = nil
            changed.scheduledNextTermInstructions = nil
        default:
            throw CommerceError.invalidProperty("status", "A subscription's status can be set to active, suspended or deleted only.")
        }
        return changed
    }

    /// Checks what the next term is to be: a product sold to the customer, a term and cycle it offers, a quantity it allows.
    static func nextTerm(_ instructions: ScheduledNextTermInstructions, of subscription: Subscription, context: Context) throws
        -> ScheduledNextTermInstructions?
    {
        // An instruction naming nothing clears the one scheduled.
        guard instructions.product != nil || instructions.quantity != nil || instructions.customTermEndDate != nil else { return nil }
        guard SubscriptionTerms.due(subscription) != nil else {
            throw CommerceError.invalidProperty("scheduledNextTermInstructions", "Subscription \(subscription.id) has no next term to schedule.")
        }
        var checked = instructions
        var quantities = context.quantities
        if let product = instructions.product {
            guard let item = context.nextTermItem(product) else {
                throw CommerceError(
                    .invalidOfferID,
                    "The next term's product \(product.productId):\(product.skuId):\(product.availabilityId) is not in the catalog for this customer."
                )
            }
            if case .availability(_, _, let availability) = item, !availability.terms.isEmpty {
                let term = product.termDuration ?? subscription.termDuration
                let cycle = product.billingCycle ?? subscription.billingCycle
                let offered = availability.terms.contains { offer in
                    offer.duration?.uppercased() == term?.uppercased() && offer.billingCycle.map { BillingCycleType(wire: $0) } == cycle
                }
                guard offered else {
                    throw CommerceError(
                        .billingPlanNotSupported,
                        "The next term's product is not sold for term \(term ?? "none") billed \(cycle?.wireValue ?? "none").")
                }
            }
            quantities = item.minimumQuantity...max(item.minimumQuantity, item.maximumQuantity)
        }
        if let quantity = instructions.quantity, !quantities.contains(quantity) {
            throw CommerceError(
                .quantityOutOfRange, "The next term's quantity \(quantity) is outside what its SKU allows.",
                data: ["scheduledNextTermInstructions.quantity"])
        }
        if let end = instructions.customTermEndDate, let termEnd = subscription.commitmentEndDate, end <= termEnd {
            throw CommerceError(.customTermEndInvalid, "The next term's custom end date must fall after the current term ends.")
        }
        checked.customTermEndDate = instructions.customTermEndDate
        return checked
    }
}
