import Foundation
import PartnerCenterModels

/// The rules a cart's line items are checked against on create, update and checkout (spec §2.1, §3.4, §5.1).
///
/// A problem with one line does not fail the call: the line comes back with `error` (a CartErrorCode), as
/// Partner Center does. Only a cart that is not a cart at all (no line items) is refused outright.
public enum CartRules {
    /// Most line items one cart may hold, add-ons included.
    public static let maximumLineItems = 100
    /// Carts a customer may hold open (neither ordered nor expired) at once. Partner Center documents no figure;
    /// ours bounds what one client can store (about 850 KB a cart at the string limits) while no real flow comes near.
    public static let maximumOpenCarts = 100

    /// Line item ids a client may send: the .NET and Java SDKs hold them in a 32-bit `int`, and keeping them
    /// there means no arithmetic on an id can overflow. Negative ones are accepted and renumbered, as duplicates are.
    public static let lineItemIDs = Int(Int32.min)...Int(Int32.max)

    /// Refuses a cart whose shape no rule can work with: no line items, too many, or an id out of range.
    /// Cheap and independent of the catalog, so callers run it before they load anything for the cart.
    public static func checkShape(_ items: [CartLineItem]) throws(CommerceError) {
        guard !items.isEmpty else { throw .invalidProperty("lineItems", "A cart needs at least one line item.") }
        guard items.count <= maximumLineItems, items.allSatisfy({ ($0.addonItems?.count ?? 0) <= maximumLineItems }) else {
            throw .invalidProperty("lineItems", "A cart holds at most \(maximumLineItems) line items.")
        }
        let total = items.reduce(0) { $0 + 1 + ($1.addonItems?.count ?? 0) }
        guard total <= maximumLineItems else {
            throw .invalidProperty("lineItems", "A cart holds at most \(maximumLineItems) line items; this one has \(total).")
        }
        for (index, item) in items.enumerated() {
            if let id = item.id, !lineItemIDs.contains(id) {
                throw .invalidProperty(
                    "lineItems[\(index)].id", "A line item id must be a whole number from \(lineItemIDs.lowerBound) to \(lineItemIDs.upperBound).")
            }
            for (addOnIndex, addOn) in (item.addonItems ?? []).enumerated() {
                if let id = addOn.id, !lineItemIDs.contains(id) {
                    throw .invalidProperty(
                        "lineItems[\(index)].addonItems[\(addOnIndex)].id",
                        "A line item id must be a whole number from \(lineItemIDs.lowerBound) to \(lineItemIDs.upperBound)."
                    )
                }
            }
        }
    }

    /// The line items as the server keeps them: ids assigned, `currencyCode`, `orderGroup` and `error` filled in,
    /// server-owned input ignored.
    public static func evaluate(_ items: [CartLineItem], context: CartContext) throws(CommerceError) -> [CartLineItem] {
        try checkShape(items)
        var ids = LineItemIDs(items)
        var groups = OrderGroups()
        let lines = items.map { item in
            let resolved = context.resolve(item.catalogItemId)
            var line = normalized(item, resolved: resolved, ids: &ids, context: context)
            line.orderGroup = groups.label(for: resolved, billingCycle: line.billingCycle)
            line.addonItems = item.addonItems.map { addOns in
                addOns.map { addOn in
                    var addOnLine = normalized(addOn, resolved: context.resolve(addOn.catalogItemId), ids: &ids, context: context)
                    addOnLine.orderGroup = line.orderGroup
                    addOnLine.addonItems = nil
                    return addOnLine
                }
            }
            return checked(line, context: context)
        }
        return context.sandbox.map { $0.check(lines, existing: context.subscriptionCount, context: context) } ?? lines
    }

    /// Already evaluated lines checked again against `context` (today's catalog and subscriptions): their ids and
    /// order groups stay as they are, only `error` is written anew. A checkout retry uses it on the lines of the
    /// groups that failed, and only on those.
    public static func recheck(_ lines: [CartLineItem], context: CartContext) -> [CartLineItem] {
        let rechecked = lines.map { checked($0, context: context) }
        return context.sandbox.map { $0.check(rechecked, existing: context.subscriptionCount, context: context) } ?? rechecked
    }

    /// `line` with `error` set for it and for each of its add-ons; a line whose add-on fails fails too.
    private static func checked(_ line: CartLineItem, context: CartContext) -> CartLineItem {
        var line = line
        let resolved = context.resolve(line.catalogItemId)
        line.error = problem(with: line, resolved: resolved, parent: nil, context: context)
        line.addonItems = line.addonItems.map { addOns in
            addOns.map { addOn in
                var addOnLine = addOn
                addOnLine.error = problem(
                    with: addOn, resolved: context.resolve(addOn.catalogItemId), parent: resolved, parentQuantity: line.quantity, context: context
                )
                return addOnLine
            }
        }
        if line.error == nil, let failing = line.addonItems?.first(where: { $0.error != nil }) {
            line.error = context.lineError(.invalidInput, "Add-on line item \(failing.id ?? 0) has an error.")
        }
        return line
    }

    /// The subscriptions a cart's lines name (an Azure reservation's `subscriptionId`, an add-on's
    /// `parentSubscriptionId`), lower-cased: the only ones validation needs to look at.
    public static func referencedSubscriptionIDs(_ items: [CartLineItem]) -> Set<String> {
        var ids = Set<String>()
        for line in flattened(items) {
            for (key, value) in line.provisioningContext ?? [:] where ["subscriptionid", "parentsubscriptionid"].contains(key.lowercased()) {
                ids.insert(value.lowercased())
            }
        }
        return ids
    }

    /// Every line of a cart, add-ons after their parent, in cart order.
    public static func flattened(_ items: [CartLineItem]) -> [CartLineItem] {
        items.flatMap { [$0] + ($0.addonItems ?? []) }
    }

    private static func normalized(_ item: CartLineItem, resolved: CatalogItem?, ids: inout LineItemIDs, context: CartContext) -> CartLineItem {
        var line = item
        line.id = ids.assign(item.id)
        line.catalogItemId = resolved?.catalogItemId ?? item.catalogItemId
        line.currencyCode = context.market.currencyCode
        line.error = nil
        line.orderGroup = nil
        if line.provisioningContext == nil { line.provisioningContext = [:] }
        return line
    }

    /// The first thing wrong with a line, as a CartError; `nil` when it can be bought.
    /// `parent` and `parentQuantity`: the item and seats of the line an add-on is bought under.
    static func problem(
        with item: CartLineItem, resolved: CatalogItem?, parent: CatalogItem?, parentQuantity: Int? = nil, context: CartContext
    ) -> CartError? {
        func error(_ code: CartErrorCode, _ text: LocalizedText) -> CartError { context.lineError(code, text) }
        guard let catalogItemId = item.catalogItemId, !catalogItemId.isEmpty else {
            return error(.catalogItemIdIsNotValid, "catalogItemId is required.")
        }
        guard let resolved else {
            return error(.catalogItemIdIsNotValid, "Catalog item id \(catalogItemId) is not valid in market \(context.market.country).")
        }
        if resolved.isAddOn, let quantity = item.quantity, quantity >= 1, quantity < resolved.minimumQuantity {
            return error(.minimumAddOnSeatsNotMet, "Add-on \(catalogItemId) needs at least \(resolved.minimumQuantity) seats.")
        }
        guard let quantity = item.quantity, quantity >= resolved.minimumQuantity, quantity <= resolved.maximumQuantity else {
            return error(.invalidInput, "Quantity must be between \(resolved.minimumQuantity) and \(resolved.maximumQuantity) for \(catalogItemId).")
        }
        guard let billingCycle = item.billingCycle else { return error(.invalidInput, "billingCycle is required.") }
        guard resolved.supportedBillingCycles.contains(billingCycle) else {
            let allowed = resolved.supportedBillingCycles.map(\.wireValue).joined(separator: ", ")
            return error(
                .billingPlanNotSupported, "Billing cycle \(billingCycle.wireValue) is not offered for \(catalogItemId); use one of: \(allowed).")
        }
        if let termProblem = termProblem(item, resolved: resolved, billingCycle: billingCycle) { return error(.invalidInput, termProblem) }
        if let provisioning = provisioningProblem(item, resolved: resolved, context: context) { return provisioning }
        if case .availability(_, let sku, _) = resolved, sku.attestationProperties?.enforceAttestation == true, item.attestationAccepted != true {
            let kind = sku.attestationProperties?.attestationType ?? "the required"
            return error(.attestationNotAccepted, "\(catalogItemId) needs \(kind) attestation: set attestationAccepted to true.")
        }
        if let promotion = item.promotionId, !promotion.isEmpty {
            return error(.invalidPromotionId, "Promotion \(promotion) is not valid for \(catalogItemId).")
        }
        if let end = item.customTermEndDate {
            guard resolved.isNewCommerce, !resolved.isTrial, item.termDuration != nil else {
                return error(
                    .invalidCustomTermEndDateProduct, "customTermEndDate applies only to new-commerce items with a term that are not trials.")
            }
            guard end > context.now, let termEnd = Term.end(of: item.termDuration, from: context.now), end <= termEnd else {
                return error(.invalidCustomTermEndDate, "customTermEndDate must fall after today and within the first term.")
            }
        }
        return addOnProblem(item, resolved: resolved, parent: parent, parentQuantity: parentQuantity, context: context).map { error($0.0, $0.1) }
    }

    private static func termProblem(_ item: CartLineItem, resolved: CatalogItem, billingCycle: BillingCycleType) -> LocalizedText? {
        guard case .availability(_, _, let availability) = resolved, !availability.terms.isEmpty else { return nil }
        let offered = availability.terms.filter { term in term.billingCycle.map { BillingCycleType(wire: $0) } == billingCycle }
        guard let duration = item.termDuration else {
            let durations = Set(offered.compactMap(\.duration)).sorted().joined(separator: ", ")
            return "termDuration is required for \(resolved.catalogItemId) billed \(billingCycle.wireValue); use one of: \(durations)."
        }
        guard offered.contains(where: { $0.duration?.uppercased() == duration.uppercased() }) else {
            let pairs = availability.terms.map { "\($0.duration ?? "?")/\($0.billingCycle ?? "?")" }.joined(separator: ", ")
            return "Term \(duration) billed \(billingCycle.wireValue) is not offered for \(resolved.catalogItemId); offered: \(pairs)."
        }
        return nil
    }

    private static func provisioningProblem(_ item: CartLineItem, resolved: CatalogItem, context: CartContext) -> CartError? {
        guard case .availability(_, let sku, _) = resolved else { return nil }
        let provided = item.provisioningContext ?? [:]
        let lowered = Dictionary(provided.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        // `Duration` follows from `termDuration`; the docs' own create-cart example leaves it out.
        let derivable: Set<String> = item.termDuration == nil ? [] : ["duration"]
        for variable in sku.provisioningVariables ?? []
        where (lowered[variable.lowercased()] ?? "").isEmpty && !derivable.contains(variable.lowercased()) {
            return context.lineError(.invalidInput, "provisioningContext.\(WireKeys.canonical(variable)) is required for \(resolved.catalogItemId).")
        }
        if let scope = lowered["scope"], (sku.provisioningVariables ?? []).contains(where: { $0.lowercased() == "scope" }),
            !["shared", "single"].contains(scope.lowercased())
        {
            return context.lineError(.invalidInput, "provisioningContext.scope must be shared or single.")
        }
        if (sku.provisioningVariables ?? []).contains(where: { $0.lowercased() == "subscriptionid" }), let id = lowered["subscriptionid"] {
            guard let owned = context.subscriptions[id.lowercased()], owned.isAzure else {
                return context.lineError(
                    .subscriptionIsNotValid, "Subscription \(id) is not an Azure subscription of customer \(context.customerID).")
            }
            guard owned.isActive else {
                return context.lineError(.subscriptionIsNotValid, "Azure subscription \(id) is not active.")
            }
        }
        return nil
    }

    private static func addOnProblem(
        _ item: CartLineItem, resolved: CatalogItem, parent: CatalogItem?, parentQuantity: Int?, context: CartContext
    ) -> (CartErrorCode, LocalizedText)? {
        guard resolved.isAddOn else {
            if parent != nil { return (.invalidInput, "\(resolved.catalogItemId) is not an add-on and cannot be bought under another item.") }
            // Not an add-on: a parent it names is not used, but it must still be the customer's own, so no order or
            // subscription ever carries another customer's (or partner's) id.
            if let parentID = item.provisioningContext?.first(where: { $0.key.lowercased() == "parentsubscriptionid" })?.value, !parentID.isEmpty,
                context.subscriptions[parentID.lowercased()] == nil
            {
                return (.subscriptionIsNotValid, "Parent subscription \(parentID) is not an active subscription of customer \(context.customerID).")
            }
            return nil
        }
        let parentKey: String
        let baseSeats: Int?
        if let parent {
            parentKey = parent.subscriptionOfferId
            baseSeats = parentQuantity
        } else if let parentID = item.provisioningContext?["parentSubscriptionId"], !parentID.isEmpty {
            guard let owned = context.subscriptions[parentID.lowercased()], owned.isActive else {
                return (.subscriptionIsNotValid, "Parent subscription \(parentID) is not an active subscription of customer \(context.customerID).")
            }
            parentKey = owned.offerId
            baseSeats = owned.quantity
        } else {
            return (
                .invalidInput,
                "\(resolved.catalogItemId) is an add-on: buy it in its parent's addonItems or name provisioningContext.parentSubscriptionId."
            )
        }
        let allowed = resolved.addOnParents
        guard allowed.isEmpty || allowed.contains(where: { parentKey.uppercased().hasPrefix($0.uppercased()) }) else {
            return (.invalidInput, "\(resolved.catalogItemId) cannot be added to \(parentKey); it goes with: \(allowed.joined(separator: ", ")).")
        }
        // A licence add-on covers seats of its base: it cannot have more of them than the base has.
        if let baseSeats, let quantity = item.quantity, quantity > baseSeats {
            return (.baseOfferSeatQuantityNotMet, "Add-on \(resolved.catalogItemId) asks for \(quantity) seats; its base has \(baseSeats).")
        }
        return nil
    }
}

/// Line item ids: the client's where given (and unique), otherwise the next free integer after the highest given.
/// Every id stays in `CartRules.lineItemIDs`, the range a client may send, so a cart read back can be sent back:
/// past `Int32.max` the count goes on from 0, skipping the ids given (a cart has at most 100 lines).
struct LineItemIDs {
    private var used: Set<Int> = []
    private let given: Set<Int>
    private var next: Int

    init(_ items: [CartLineItem]) {
        given = Set(CartRules.flattened(items).compactMap(\.id))
        next = (given.max() ?? -1) + 1
    }

    mutating func assign(_ requested: Int?) -> Int {
        if let requested, requested >= 0, used.insert(requested).inserted { return requested }
        while next > CartRules.lineItemIDs.upperBound || used.contains(next) || given.contains(next) {
            next = next > CartRules.lineItemIDs.upperBound ? 0 : next + 1
        }
        used.insert(next)
        return next
    }
}

/// Order group labels (spec §5.1): legacy offers `OMS-0`, `OMS-1`, … per billing cycle; the modern catalog
/// `"0"`, `"1"`, … per purchase system (new commerce or not) and billing cycle, in first-seen order.
struct OrderGroups {
    private var labels: [String: String] = [:]
    private var legacy = 0
    private var modern = 0

    mutating func label(for item: CatalogItem?, billingCycle: BillingCycleType?) -> String {
        let cycle = billingCycle?.wireValue ?? "unknown"
        let key = item?.isLegacy == true ? "legacy|\(cycle)" : "\(item?.isNewCommerce == true ? "nce" : "modern")|\(cycle)"
        if let label = labels[key] { return label }
        let label: String
        if item?.isLegacy == true {
            label = "OMS-\(legacy)"
            legacy += 1
        } else {
            label = String(modern)
            modern += 1
        }
        labels[key] = label
        return label
    }
}
