import CommerceCore
import Foundation
import SQLKit

extension Store {
    /// Replaces the whole catalog in one transaction and bumps the catalog version, so every node reloads it.
    public func replaceCatalog(_ file: CatalogFile) async throws {
        defer { catalogChanges.bump() }
        _ = try Catalog(file)  // refuse an inconsistent file before touching the store
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let products = try file.products.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let offers = try file.offers.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("catalog", in: db)
            try await db.delete(from: "catalog_products").run()
            try await db.delete(from: "catalog_offers").run()
            for (position, (product, body)) in zip(file.products, products).enumerated() {
                try await db.insert(into: "catalog_products").columns("id", "position", "body")
                    .values(SQLBind(product.id), SQLBind(position), SQLBind(body)).run()
            }
            for (position, (offer, body)) in zip(file.offers, offers).enumerated() {
                try await db.insert(into: "catalog_offers").columns("id", "position", "body")
                    .values(SQLBind(offer.id), SQLBind(position), SQLBind(body)).run()
            }
            let rates = String(decoding: try encoder.encode(file.taxRates ?? [:]), as: UTF8.self)
            try await Self.setSetting("catalog_tax_rates", to: rates, in: db)
            let version = try await Self.setting("catalog_version", in: db).flatMap(Int.init) ?? 0
            try await Self.setSetting("catalog_version", to: String(version + 1), in: db)
        }
    }

    /// The stored catalog; empty when none was ever imported.
    public func loadCatalog() async throws -> CatalogFile {
        try await engine.withDatabase { db in
            let decoder = JSONDecoder()
            let products = try await db.select().column("body").from("catalog_products").orderBy("position").all()
                .map { try decoder.decode(CatalogProduct.self, from: Data(try $0.decode(column: "body", as: String.self).utf8)) }
            let offers = try await db.select().column("body").from("catalog_offers").orderBy("position").all()
                .map { try decoder.decode(CatalogOffer.self, from: Data(try $0.decode(column: "body", as: String.self).utf8)) }
            let rates = try await Self.setting("catalog_tax_rates", in: db).map { try decoder.decode([String: String].self, from: Data($0.utf8)) }
            return CatalogFile(products: products, offers: offers, taxRates: rates?.isEmpty == false ? rates : nil)
        }
    }

    /// Goes up by one with every import; 0 before the first.
    public func catalogVersion() async throws -> Int {
        try await engine.withDatabase { db in try await Self.setting("catalog_version", in: db).flatMap(Int.init) ?? 0 }
    }
}
