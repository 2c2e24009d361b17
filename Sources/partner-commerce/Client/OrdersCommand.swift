import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce orders list|get|status|new`.
struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "Read a customer's orders and their provisioning; place legacy orders without a cart.",
        subcommands: [List.self, Get.self, Status.self, New.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a customer's orders (PowerShell: Get-PartnerCustomerOrder).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "Only orders of this billing cycle: monthly, annual, one_time, …") var billingType: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                var orders: [Order] = []
                let cycle = billingType.map(BillingCycleType.init(wire:))
                for try await order in session.client.customers.byID(customerID).orders.all(billingType: cycle) { orders.append(order) }
                try Output(format: client.output).show(ResourceCollection(items: orders), ids: orders.compactMap(\.id)) { Views.orders(orders) }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read one order (PowerShell: Get-PartnerCustomerOrder -OrderId).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The order's id.") var orderID: String

        func run() async throws {
            try await ClientSession.run(client) { session in
                let order = try await session.client.customers.byID(customerID).orders.byID(orderID).get()
                try Output(format: client.output).show(order, ids: [order.id ?? ""]) { Views.order(order) }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An order's provisioning status (PowerShell: Get-PartnerCustomerOrderProvisioningStatus).",
            discussion: "With --wait, reads the order until it is no longer pending (fulfilment is asynchronous), then prints its status."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The order's id.") var orderID: String
        @Flag(help: "Wait until the order is completed or cancelled.") var wait = false
        @Option(help: "Seconds to wait at most with --wait.") var waitTimeout: Double = 120
        @Option(help: "Seconds between reads with --wait.") var interval: Double = 1

        func validate() throws {
            guard waitTimeout.isFinite, waitTimeout >= 0, waitTimeout <= 86_400 else {
                throw ValidationError("--wait-timeout must be 0…86400 seconds.")
            }
            guard interval.isFinite, interval >= 0.05, interval <= 3_600 else { throw ValidationError("--interval must be 0.05…3600 seconds.") }
        }

        func run() async throws {
            try await ClientSession.run(client) { session in
                let order = session.client.customers.byID(customerID).orders.byID(orderID)
                if wait {
                    let deadline = Date().addingTimeInterval(waitTimeout)
                    var checkedClock = false
                    while try await order.get().status == .pending {
                        // A frozen clock never brings the order's due time: say so now, not after the timeout.
                        if !checkedClock, let frozenAt = await FrozenClock.check(session) {
                            throw ClientFailure(
                                code: 5,
                                description: "error: order " + orderID + " stays pending: the server's clock is frozen at " + frozenAt
                                    + ". Let it run with `partner-commerce admin clock --resume`, or move it with `admin clock --advance PT1M`.")
                        }
                        checkedClock = true
                        guard Date() < deadline else {
                            throw ClientFailure(code: 5, description: "error: order \(orderID) is still pending after \(waitTimeout) s.")
                        }
                        try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                    }
                }
                let status = try await order.provisioningStatus()
                let read = try await order.get()
                try Output(format: client.output).show(status, ids: [read.status?.wireValue ?? ""]) {
                    TextTable.fields([("Order", orderID), ("Status", read.status?.wireValue)]) + "\n\n" + Views.provisioning(status.items)
                }
            }
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Order a legacy offer without a cart (PowerShell: New-PartnerCustomerOrder).",
            discussion: "The order completes at once; its line names the new subscription. Modern-catalog items are bought through a cart."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The legacy offer's id.") var offerID: String
        @Option(help: "How many seats.") var quantity: Int = 1
        @Option(help: "The subscription's display name.") var friendlyName: String?
        @Option(help: "For an add-on: the subscription it is bought for.") var parentSubscriptionID: String?
        @Option(help: "The MS-RequestId to send: repeating the order with the same id places it once.") var requestID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                var line = OrderLineItem(lineItemNumber: 0, offerId: offerID, quantity: quantity)
                line.friendlyName = friendlyName
                line.parentSubscriptionId = parentSubscriptionID
                let order = try await session.client.customers.byID(customerID).orders.create(
                    Order(id: nil, referenceCustomerId: customerID, billingCycle: nil, lineItems: [line]), requestID: requestID
                )
                try Output(format: client.output).show(order, ids: [order.id ?? ""]) { Views.order(order) }
            }
        }
    }
}
