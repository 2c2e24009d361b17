import ArgumentParser
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce customers create|get|list|agreement`.
struct CustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Create, read and list the partner's customers.",
        subcommands: [Create.self, Get.self, List.self, AgreementCommand.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a customer tenant (PowerShell: New-PartnerCustomer).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The tenant's domain prefix or full domain (contoso or contoso.onmicrosoft.com).") var domain: String
        @Option(help: "The company's name.") var companyName: String
        @Option(help: "The billing contact's e-mail.") var email: String
        @Option(help: "Two-letter country code.") var country: String = "US"
        @Option(help: "The billing contact's culture, e.g. en-US.") var culture: String = "en-US"
        @Option(help: "The billing contact's language, e.g. en.") var language: String = "en"
        @Option(help: "Billing contact first name.") var firstName: String?
        @Option(help: "Billing contact last name.") var lastName: String?
        @Option(help: "Address line 1.") var addressLine1: String?
        @Option(help: "City.") var city: String?
        @Option(help: "State or region.") var state: String?
        @Option(help: "Postal code.") var postalCode: String?
        @Option(help: "Phone number.") var phoneNumber: String?
        @Option(help: "The MS-RequestId to send: repeating a create with the same id creates one customer.") var requestID: String?

        func run() async throws {
            var address = Address(country: country, city: city, state: state, addressLine1: addressLine1, postalCode: postalCode)
            address.firstName = firstName
            address.lastName = lastName
            address.phoneNumber = phoneNumber
            let fullDomain = domain.contains(".") ? domain : "\(domain).onmicrosoft.com"
            let customer = Customer(
                companyProfile: CompanyProfile(domain: fullDomain, companyName: companyName),
                billingProfile: BillingProfile(email: email, culture: culture, language: language, companyName: companyName, defaultAddress: address)
            )
            try await ClientSession.run(client) { session in
                let created = try await session.client.customers.create(customer, requestID: requestID)
                try Output(format: client.output).show(created, ids: [created.id ?? ""]) { Views.customers([created]) }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read one customer (PowerShell: Get-PartnerCustomer -CustomerId).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String

        func run() async throws {
            try await ClientSession.run(client) { session in
                let customer = try await session.client.customers.byID(customerID).get()
                try Output(format: client.output).show(customer, ids: [customer.id ?? ""]) { Views.customers([customer]) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every customer, page by page (PowerShell: Get-PartnerCustomer).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Customers per page requested.") var pageSize: Int = 500

        func run() async throws {
            guard (1...500).contains(pageSize) else { throw ValidationError("--page-size must be between 1 and 500.") }
            try await ClientSession.run(client) { session in
                var customers: [Customer] = []
                for try await customer in session.client.customers.all(pageSize: pageSize) { customers.append(customer) }
                try Output(format: client.output).show(ResourceCollection(items: customers), ids: customers.map { $0.id ?? "" }) {
                    Views.customers(customers)
                }
            }
        }
    }
}
