import CommerceCore
import Foundation
import NIOCore
import PartnerCenterModels
import SQLKit

extension Store {
    /// The partner's registration, if it has one.
    public func webhookRegistration(partnerID: String) async throws -> StoredWebhookRegistration? {
        try await engine.withDatabase { db in try await Self.registration(partnerID: partnerID, in: db) }
    }

    /// Registers (or replaces) the partner's webhook, with the request's answer. `mustExist`: `true` for PUT
    /// (nothing to update is a 404), `false` for POST (one already there is a conflict), `nil` for either.
    public func saveWebhookRegistration(
        _ registration: WebhookRegistration, partnerID: String, origin: String, mustExist: Bool?, subscriberID: String, at now: Date,
        answering: Answering<WebhookRegistration>
    ) async throws -> StoredResponse {
        try await write(answering: answering, at: now) { db in
            try await self.engine.exclusiveLock("webhook-registration:\(partnerID)", in: db)
            let existing = try await Self.registration(partnerID: partnerID, in: db)
            if mustExist == true, existing == nil { throw StoreError.notFound(.webhookRegistration, id: partnerID) }
            if mustExist == false, existing != nil { throw StoreError.taken(.webhookRegistration, value: partnerID) }
            var saved = registration
            saved.subscriberId = existing?.registration.subscriberId ?? subscriberID
            let events = String(decoding: try JSONEncoder().encode(saved.webhookEvents), as: UTF8.self)
            try await db.delete(from: "webhook_registrations").where("partner_id", .equal, partnerID).run()
            try await db.insert(into: "webhook_registrations")
                .columns("partner_id", "subscriber_id", "url", "events", "origin", "created_at", "updated_at")
                .values(
                    SQLBind(partnerID), SQLBind(saved.subscriberId ?? subscriberID), SQLBind(saved.webhookUrl), SQLBind(events), SQLBind(origin),
                    SQLBind(StoreTime.text(now)), SQLBind(StoreTime.text(now))
                ).run()
            return saved
        }
    }

    /// Removes the partner's registration (404 when there is none); events not yet delivered are dropped.
    public func deleteWebhookRegistration(partnerID: String, at now: Date, answering: Answering<String>) async throws -> StoredResponse {
        try await write(answering: answering, at: now) { db in
            guard try await Self.registration(partnerID: partnerID, in: db) != nil else {
                throw StoreError.notFound(.webhookRegistration, id: partnerID)
            }
            try await db.delete(from: "webhook_registrations").where("partner_id", .equal, partnerID).run()
            try await db.update("webhook_events").set("state", to: SQLBind("dropped")).set("lease_until", to: SQLLiteral.null)
                .where("partner_id", .equal, partnerID).where("state", .equal, "pending").run()
            return partnerID
        }
    }

    /// Queues a `test-created` event for the partner's registration unless `limit` were queued in the last
    /// `window` seconds; returns its correlation id, or nil when over the limit. Throws `notFound` without a registration.
    public func raiseTestEvent(partnerID: String, at now: Date, limit: Int, window: Double) async throws -> String? {
        try await engine.withTransaction { db in
            try await self.engine.exclusiveLock("webhook-test:\(partnerID)", in: db)
            guard try await Self.registration(partnerID: partnerID, in: db) != nil else {
                throw StoreError.notFound(.webhookRegistration, id: partnerID)
            }
            let recent =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("webhook_events")
                .where("partner_id", .equal, partnerID).where("event_name", .equal, WebhookEventName.testCreated)
                .where("created_at", .greaterThan, StoreTime.text(now.addingTimeInterval(-window))).first()?.decode(column: "n", as: Int.self) ?? 0
            guard recent < limit else { return nil }
            let event = WebhookEvent.validation(ids: ids)
            try await Self.raise(event, partnerID: partnerID, at: now, in: db)
            return event.correlationID
        }
    }

    /// Queues the event `make` builds, in the caller's transaction, if the partner's webhook listens for `name`.
    /// The event (and so its id) is made only then: whether a webhook is registered leaves a seeded run's other ids
    /// as they were.
    static func raise(
        _ name: String, partnerID: String, at now: Date, in db: any StoreDatabase, _ make: () -> WebhookEvent
    ) async throws {
        guard WebhookEvent.isListed(name, in: try await registeredEvents(partnerID: partnerID, in: db)) else { return }
        try await raise(make(), partnerID: partnerID, at: now, in: db)
    }

    /// The names the partner's webhook listens for, as stored (a JSON array); `nil` without a registration.
    static func registeredEvents(partnerID: String, in db: any StoreDatabase) async throws -> String? {
        try await db.first(RegisteredEvents.self, [.text(partnerID)])?.optionalText(0)
    }

    /// Writes an event to the outbox in the caller's transaction, with the origin of the partner's registration
    /// (one statement; nothing without a registration). Whether the registration listens for the event is the
    /// caller's check (`WebhookEvent.isListed`), made before the event and its id are.
    static func raise(_ event: WebhookEvent, partnerID: String, at now: Date, in db: any StoreDatabase) async throws {
        try await db.run(
            RaiseEvent.self,
            [
                .text(event.id), .text(event.name), .text(event.resourcePath), .text(event.resourceName), .text(StoreTime.text(now)),
                .optionalText(event.correlationID), .text(partnerID),
            ]
        )
    }

    private enum RegisteredEvents: HotStatement {
        static let sql = "SELECT events FROM webhook_registrations WHERE partner_id = $1"
    }

    private enum RaiseEvent: HotStatement {
        static let sql = """
            INSERT INTO webhook_events (id, partner_id, event_name, resource_uri, resource_name, changed_at, created_at, correlation_id, state, attempts, next_attempt_at)
            SELECT CAST($1 AS TEXT), partner_id, CAST($2 AS TEXT), origin || CAST($3 AS TEXT), CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($5 AS TEXT),
            CAST($6 AS TEXT), 'pending', 0, CAST($5 AS TEXT)
            FROM webhook_registrations WHERE partner_id = $7
            """
    }

    /// Claims due events for `lease` seconds (none another node holds); each claim counts as an attempt.
    public func claimWebhookEvents(at now: Date, partners: PartnerScope = .all, lease: Double, limit: Int) async throws -> [ClaimedWebhookEvent] {
        let skipLocked = engine.capabilities.skipLockedRows
        return try await engine.withTransaction { db in
            let time = StoreTime.text(now)
            let due: SQLQueryString = """
                SELECT id FROM webhook_events
                WHERE state = 'pending' AND next_attempt_at <= \(bind: time) AND (lease_until IS NULL OR lease_until <= \(bind: time))\(partners.condition)
                ORDER BY next_attempt_at, changed_at, id LIMIT \(bind: max(limit, 1))
                """
            let claim: SQLQueryString = """
                UPDATE webhook_events SET attempts = attempts + 1, lease_until = \(bind: StoreTime.text(now.addingTimeInterval(lease))),
                last_attempt_at = \(bind: time)
                WHERE id IN (\(due)\(unsafeRaw: skipLocked ? " FOR UPDATE SKIP LOCKED" : ""))
                RETURNING id, partner_id, event_name, resource_uri, resource_name, changed_at, attempts
                """
            let rows = try await db.raw(claim).all()
            let partners = Set(try rows.map { try $0.decode(column: "partner_id", as: String.self) })
            var registrations: [String: (url: String, origin: String)] = [:]
            if !partners.isEmpty {
                for row in try await db.select().columns("partner_id", "url", "origin").from("webhook_registrations")
                    .where("partner_id", .in, Array(partners)).all()
                {
                    registrations[try row.decode(column: "partner_id", as: String.self)] = (
                        try row.decode(column: "url", as: String.self), try row.decode(column: "origin", as: String.self)
                    )
                }
            }
            return try rows.map { row in
                let partnerID = try row.decode(column: "partner_id", as: String.self)
                return ClaimedWebhookEvent(
                    id: try row.decode(column: "id", as: String.self), partnerID: partnerID,
                    body: WebhookEventBody(
                        eventName: try row.decode(column: "event_name", as: String.self),
                        resourceUri: try row.decode(column: "resource_uri", as: String.self),
                        resourceName: try row.decode(column: "resource_name", as: String.self), auditUri: nil,
                        resourceChangeUtcDate: StoreTime.date(try row.decode(column: "changed_at", as: String.self)) ?? now
                    ),
                    attempt: try row.decode(column: "attempts", as: Int.self), url: registrations[partnerID]?.url,
                    origin: registrations[partnerID]?.origin
                )
            }
            // In the order the changes happened (the id breaks ties), so a pass that delivers one at a time
            // delivers in time order.
            .sorted { ($0.body.resourceChangeUtcDate, $0.id) < ($1.body.resourceChangeUtcDate, $1.id) }
        }
    }

    /// Records how a claimed attempt ended: delivered, or failed with `error` and tried again at `retryAt` (nil:
    /// out of attempts, or nowhere to deliver). Ignored when the claim is no longer this attempt's.
    public func finishWebhookAttempt(_ event: ClaimedWebhookEvent, at now: Date, error: String?, retryAt: Date?, dropped: Bool = false) async throws {
        let state = error == nil ? "delivered" : dropped ? "dropped" : retryAt == nil ? "failed" : "pending"
        try await engine.withTransaction { db in
            try await db.update("webhook_events")
                .set("state", to: SQLBind(state)).set("lease_until", to: SQLLiteral.null)
                .set("next_attempt_at", to: SQLBind(StoreTime.text(retryAt ?? now)))
                .set("last_error", to: SQLBind(error.map { String($0.prefix(500)) }))
                .set("delivered_at", to: SQLBind(error == nil ? StoreTime.text(now) : nil))
                .where("id", .equal, event.id).where("attempts", .equal, event.attempt).where("state", .equal, "pending").run()
        }
    }

    /// Deletes events made before `cutoff` whose delivery ended (delivered, failed or dropped; all attempts of one
    /// take a few hours at most); returns how many. Pending ones stay, however old.
    public func purgeWebhookEvents(endedBefore cutoff: Date) async throws -> Int {
        try await purge(
            "webhook_events",
            where: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("state"), .in, SQLGroupExpression([SQLBind("delivered"), SQLBind("failed"), SQLBind("dropped")])),
                .and, SQLBinaryExpression(SQLColumn("created_at"), .lessThan, SQLBind(StoreTime.text(cutoff)))
            )
        )
    }

    /// The partner's most recent events and how their delivery went, newest first.
    public func webhookDeliveries(partnerID: String, correlationID: String? = nil, limit: Int = 100) async throws -> [WebhookDelivery] {
        try await engine.withDatabase { db in
            var query = db.select().columns(
                "id", "event_name", "resource_uri", "resource_name", "changed_at", "correlation_id", "state", "attempts", "last_attempt_at",
                "last_error", "delivered_at"
            ).from("webhook_events").where("partner_id", .equal, partnerID)
            if let correlationID { query = query.where("correlation_id", .equal, correlationID.lowercased()) }
            return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all().map { row in
                WebhookDelivery(
                    eventId: try row.decode(column: "id", as: String.self), eventName: try row.decode(column: "event_name", as: String.self),
                    resourceUri: try row.decode(column: "resource_uri", as: String.self),
                    resourceName: try row.decode(column: "resource_name", as: String.self),
                    resourceChangeUtcDate: StoreTime.date(try row.decode(column: "changed_at", as: String.self)) ?? .distantPast,
                    correlationId: try row.decode(column: "correlation_id", as: String?.self),
                    state: try row.decode(column: "state", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self),
                    lastAttemptAt: try row.decode(column: "last_attempt_at", as: String?.self).flatMap(StoreTime.date),
                    lastError: try row.decode(column: "last_error", as: String?.self),
                    deliveredAt: try row.decode(column: "delivered_at", as: String?.self).flatMap(StoreTime.date)
                )
            }
        }
    }

    static func registration(partnerID: String, in db: any StoreDatabase) async throws -> StoredWebhookRegistration? {
        guard
            let row = try await db.select().columns("subscriber_id", "url", "events", "origin").from("webhook_registrations")
                .where("partner_id", .equal, partnerID).first()
        else { return nil }
        let events = try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "events", as: String.self).utf8))
        return StoredWebhookRegistration(
            registration: WebhookRegistration(
                subscriberId: try row.decode(column: "subscriber_id", as: String.self), webhookUrl: try row.decode(column: "url", as: String.self),
                webhookEvents: events
            ),
            origin: try row.decode(column: "origin", as: String.self)
        )
    }
}
