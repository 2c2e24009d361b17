import Foundation
import PartnerCenterModels

/// Orders placed without a cart (`POST /customers/{id}/orders`, after-checkout §5): legacy offers only, checked by
/// the same rules a cart line is, placed as one legacy order that completes at once.
public enum DirectOrders {
    /// Most lines one order may carry (as a cart).
    public static let maximumLines = 50

    /// The order `request` asks for, with its subscriptions; throws the documented refusal otherwise.
    public static func plan(_ request: Order, context: CartContext, ids: some IDGenerator) throws(CommerceError) -> PlannedOrder {
        try context.purchaseGate.requireAgreement()
        let requested = request.lineItems
        guard (1...maximumLines).contains(requested.count) else {
            throw CommerceError.invalidRequest("An order needs 1 to \(maximumLines) line items.", data: ["lineItems"])
        }
        let numbers = requested.map(\.lineItemNumber)
        guard Set(numbers) == Set(0..<requested.count) else {
            throw CommerceError(
                .lineNumbersInvalid, "Line item numbers must run from 0 to \(requested.count - 1), each once.", data: ["lineItems"])
        }
        var lines: [CartLineItem] = []
        for (index, line) in requested.sorted(by: { $0.lineItemNumber < $1.lineItemNumber }).enumerated() {
            guard let offerID = line.offerId, !offerID.isEmpty else {
                throw CommerceError.invalidProperty("lineItems[\(index)].offerId", "offerId is required.")
            }
            guard let item = context.resolve(offerID) else {
                if context.catalog.offer(offerID) != nil {
                    throw CommerceError(.notSoldInCountry, "Offer \(offerID) is not available in country \(context.market.country).")
                }
                throw CommerceError(.invalidOfferID, "Offer id \(offerID) is not valid.", data: ["lineItems[\(index)].offerId"])
            }
            guard item.isLegacy else {
                throw CommerceError(
                    .invalidOfferID, "\(offerID) is in the modern catalog: buy it through a cart.", data: ["lineItems[\(index)].offerId"])
            }
            var cartLine = CartLineItem(
                id: index, catalogItemId: offerID, quantity: line.quantity ?? 0,
                billingCycle: request.billingCycle ?? item.supportedBillingCycles.first, friendlyName: line.friendlyName,
                provisioningContext: line.parentSubscriptionId.map { ["parentSubscriptionId": $0] }
            )
            if let partner = line.partnerIdOnRecord { cartLine.participants = [CartParticipant(key: .transactionReseller, value: partner)] }
            lines.append(cartLine)
        }
        let evaluated = CartRules.flattened(try CartRules.evaluate(lines, context: context))
        if let broken = evaluated.first(where: { $0.error != nil }), let error = broken.error {
            let index = broken.id ?? 0
            switch error.errorCode {
            case .sandboxLimitExceeded:
                throw CommerceError(.subscriptionCapReached, "The customer has as many subscriptions as it may: \(error.errorDescription)")
            case .subscriptionIsNotValid:
                throw CommerceError(
                    .parentSubscriptionInvalid, "Line item \(index): \(error.errorDescription)", data: ["lineItems[\(index)].parentSubscriptionId"])
            default:
                throw CommerceError.invalidRequest("Line item \(index): \(error.errorDescription)", data: ["lineItems[\(index)]"])
            }
        }
        let cycles = Set(evaluated.compactMap(\.billingCycle))
        guard cycles.count == 1 else {
            throw CommerceError.invalidRequest(
                "The offers of one order must share a billing cycle; place one order per cycle.", data: ["billingCycle"])
        }
        let input = CheckoutInput(cart: Cart(lineItems: evaluated), context: context, placed: [], fulfilmentDelay: 0, faults: NoPlacementFaults())
        return CheckoutPlanner.order(for: evaluated, group: "OMS-0", input: input, ids: ids)
    }
}
