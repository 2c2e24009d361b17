import Foundation
import SQLKit

/// The schema, as numbered steps applied once each, in order, at start (issue: versioned migrations).
///
/// Statements use only types and syntax SQLite and PostgreSQL share (TEXT, BIGINT, INTEGER), so one list
/// serves both. Times are ISO 8601 text of fixed width, which sorts like the instants it names.
/// Never edit a step that has shipped; add a new one.
enum Migrations {
    static let steps: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE partners (
                    tenant_id TEXT PRIMARY KEY, name TEXT NOT NULL, mpn_id TEXT, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY, algorithm TEXT NOT NULL, private_pem TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners (tenant_id), domain TEXT NOT NULL,
                    company_name TEXT, country TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)
                """,
                "CREATE UNIQUE INDEX customers_domain ON customers (domain)",
                "CREATE INDEX customers_partner_order ON customers (partner_id, created_at, id)",
                "CREATE TABLE catalog_products (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)",
                "CREATE TABLE catalog_offers (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)",
                "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            ]
        ),
        (
            2,
            [
                """
                CREATE TABLE carts (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL REFERENCES customers (id),
                    status TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, updated_at TEXT NOT NULL, body TEXT NOT NULL)
                """,
                "CREATE INDEX carts_customer ON carts (partner_id, customer_id)",
                "CREATE INDEX carts_expiry ON carts (status, expires_at)",
                // One row per checked-out cart: the stored answer replayed to every later checkout (decision 1).
                """
                CREATE TABLE checkouts (
                    cart_id TEXT PRIMARY KEY REFERENCES carts (id), partner_id TEXT NOT NULL, complete INTEGER NOT NULL,
                    result TEXT NOT NULL, updated_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE orders (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL, cart_id TEXT, order_group TEXT,
                    billing_cycle TEXT, status TEXT NOT NULL, customer_user_upn TEXT, created_at TEXT NOT NULL, body TEXT NOT NULL)
                """,
                // The last guard of exactly-once checkout: a cart's order group can be placed once.
                "CREATE UNIQUE INDEX orders_cart_group ON orders (cart_id, order_group)",
                "CREATE INDEX orders_customer ON orders (partner_id, customer_id, created_at)",
                """
                CREATE TABLE subscriptions (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL, order_id TEXT, created_at TEXT NOT NULL,
                    body TEXT NOT NULL)
                """,
                "CREATE INDEX subscriptions_customer ON subscriptions (partner_id, customer_id, created_at)",
                "CREATE INDEX subscriptions_order ON subscriptions (order_id)",
                """
                CREATE TABLE fulfilment_jobs (
                    order_id TEXT PRIMARY KEY REFERENCES orders (id), partner_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                    country TEXT NOT NULL, due_at TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, updated_at TEXT NOT NULL)
                """,
                "CREATE INDEX fulfilment_due ON fulfilment_jobs (state, due_at)",
                """
                CREATE TABLE idempotency_records (
                    partner_id TEXT NOT NULL, request_id TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, body_hash TEXT NOT NULL,
                    state TEXT NOT NULL, status INTEGER, headers TEXT, body TEXT, created_at TEXT NOT NULL,
                    PRIMARY KEY (partner_id, request_id))
                """,
                "CREATE INDEX idempotency_age ON idempotency_records (created_at)",
            ]
        ),
        (
            3,
            [
                // Orders placed in one checkout share an instant; their position in the checkout result keeps
                // listings in placement order.
                "ALTER TABLE orders ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
                "CREATE INDEX orders_customer_order ON orders (partner_id, customer_id, created_at, position)",
            ]
        ),
        (
            4,
            [
                // Identity (issue 4): partners can be disabled, own app registrations and users, and hold refresh
                // tokens. Secrets and passwords are kept only as hashes; refresh tokens as SHA-256 of the token.
                "ALTER TABLE partners ADD COLUMN disabled_at TEXT",
                """
                CREATE TABLE applications (
                    client_id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners (tenant_id), object_id TEXT NOT NULL,
                    display_name TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at TEXT NOT NULL, deleted_at TEXT)
                """,
                "CREATE INDEX applications_partner ON applications (partner_id, created_at)",
                """
                CREATE TABLE partner_users (
                    object_id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners (tenant_id), upn TEXT NOT NULL,
                    display_name TEXT NOT NULL, password_hash TEXT NOT NULL, roles TEXT NOT NULL, created_at TEXT NOT NULL,
                    disabled_at TEXT)
                """,
                // Sign-in names are global, as in Entra ID, so the /common endpoint can find the tenant.
                "CREATE UNIQUE INDEX partner_users_upn ON partner_users (upn)",
                """
                CREATE TABLE refresh_tokens (
                    token_hash TEXT PRIMARY KEY, partner_id TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
                    scope TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)
                """,
                "CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at)",
                // A rotated key keeps verifying (and stays in the JWKS) until the tokens it signed have expired.
                "ALTER TABLE signing_keys ADD COLUMN retired_at TEXT",
            ]
        ),
        (
            5,
            [
                // A user keeps at most `Store.maximumRefreshTokensPerUser`; the cap finds a user's newest quickly.
                "CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id, created_at)"
            ]
        ),
        (
            6,
            [
                // Exactly once for every write (issue 10). A checkout keeps the order groups its first attempt
                // planned, so a retry places only what failed, with the lines it had then.
                "ALTER TABLE checkouts ADD COLUMN plan TEXT",
                // Fulfilment jobs are claimed for a lease; an attempt that fails says why.
                "ALTER TABLE fulfilment_jobs ADD COLUMN lease_until TEXT",
                "ALTER TABLE fulfilment_jobs ADD COLUMN last_error TEXT",
                // Request records are now written with the write they answer; a reservation left by an older
                // version says nothing about whether its request ran, so it goes, as its two minutes would have.
                "DELETE FROM idempotency_records WHERE state <> 'done'",
                // Limits that hold across nodes (PostgreSQL): one theoretical arrival time per throttle key, in
                // microseconds since 1970 (GCRA), and the sign-in lockout's counters.
                "CREATE TABLE throttle_cells (key TEXT PRIMARY KEY, tat BIGINT NOT NULL)",
                "CREATE INDEX throttle_cells_tat ON throttle_cells (tat)",
                """
                CREATE TABLE sign_in_failures (
                    name TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start BIGINT NOT NULL, locked_until BIGINT NOT NULL)
                """,
                "CREATE INDEX sign_in_failures_age ON sign_in_failures (window_start)",
            ]
        ),
        (
            7,
            [
                // Listings seek in (created_at, position, id) order; with id in the index a page is read straight
                // from it however long the history, instead of sorting every row that shares an instant (a
                // million copies of one order took 3.8 s a page). The billing-cycle filter gets its own.
                "CREATE INDEX orders_customer_page ON orders (partner_id, customer_id, created_at, position, id)",
                "CREATE INDEX orders_customer_cycle_page ON orders (partner_id, customer_id, billing_cycle, created_at, position, id)",
                "DROP INDEX orders_customer_order",
                "DROP INDEX orders_customer",
                "CREATE INDEX subscriptions_customer_page ON subscriptions (partner_id, customer_id, created_at, id)",
                "DROP INDEX subscriptions_customer",
                // A listing's totalCount is read from here instead of counting the customer's whole history.
                // One row per customer and billing cycle ('' for none); a checkout adds what it placed.
                """
                CREATE TABLE order_counts (
                    partner_id TEXT NOT NULL, customer_id TEXT NOT NULL, billing_cycle TEXT NOT NULL, orders BIGINT NOT NULL,
                    PRIMARY KEY (partner_id, customer_id, billing_cycle))
                """,
                """
                INSERT INTO order_counts (partner_id, customer_id, billing_cycle, orders)
                SELECT partner_id, customer_id, COALESCE(billing_cycle, ''), COUNT(*) FROM orders GROUP BY partner_id, customer_id, COALESCE(billing_cycle, '')
                """,
            ]
        ),
        (
            8,
            [
                // Fulfilment control: how often a pending order has been read (`afterReads`), and the outcome the
                // operator decided (`complete`: empty text, `fail`: the reason), which whichever worker claims it obeys.
                "ALTER TABLE fulfilment_jobs ADD COLUMN reads INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE fulfilment_jobs ADD COLUMN outcome TEXT",
            ]
        ),
        (
            9,
            [
                // A subscription's life on the clock: when its term ends (renewal or expiry; NULL when nothing will
                // happen), found by the maintenance pass through the index; and the parent an add-on hangs from. Rows
                // from before are marked '0', which sorts before every time, so the first pass works out each one's
                // real term end (and writes its parent).
                "ALTER TABLE subscriptions ADD COLUMN term_ends_at TEXT",
                "ALTER TABLE subscriptions ADD COLUMN parent_id TEXT",
                "UPDATE subscriptions SET term_ends_at = '0'",
                "CREATE INDEX subscriptions_term_end ON subscriptions (term_ends_at)",
                "CREATE INDEX subscriptions_parent ON subscriptions (parent_id)",
                // What happened at each term end, once: the key is the last guard of exactly once per term, whichever
                // node's pass (or request) got there first.
                """
                CREATE TABLE subscription_events (
                    subscription_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                    created_at TEXT NOT NULL, PRIMARY KEY (subscription_id, kind, at))
                """,
                "CREATE INDEX subscription_events_partner ON subscription_events (partner_id, customer_id)",
            ]
        ),
        (
            10,
            [
                // Webhooks: one registration per partner (`origin` is the server's address as the registering
                // client reached it, for the URIs events carry), and the outbox. An event row is written in the
                // transaction of the change it reports, only when the partner registered for it; deliveries are
                // claimed for a lease, as fulfilment jobs are, and retried until delivered or out of attempts.
                """
                CREATE TABLE webhook_registrations (
                    partner_id TEXT PRIMARY KEY, subscriber_id TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL, origin TEXT NOT NULL,
                    created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE webhook_events (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, event_name TEXT NOT NULL, resource_uri TEXT NOT NULL,
                    resource_name TEXT NOT NULL, changed_at TEXT NOT NULL, created_at TEXT NOT NULL, correlation_id TEXT,
                    state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, lease_until TEXT, last_error TEXT,
                    last_attempt_at TEXT, delivered_at TEXT)
                """,
                "CREATE INDEX webhook_events_due ON webhook_events (state, next_attempt_at)",
                "CREATE INDEX webhook_events_partner ON webhook_events (partner_id, created_at)",
            ]
        ),
        (
            11,
            [
                // Customer agreements (billing spec §1). `agreed_at` on the customer is when it first accepted the
                // Microsoft Customer Agreement, read with its country on every nested request so the purchase gate
                // costs no query of its own. Customers stored before the gate existed were able to buy: they keep
                // that (their agreement is taken as accepted when they were created), so an upgrade breaks no flow.
                """
                CREATE TABLE customer_agreements (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL REFERENCES customers (id),
                    template_id TEXT NOT NULL, agreement_type TEXT NOT NULL, confirmation_key TEXT NOT NULL, created_at TEXT NOT NULL,
                    body TEXT NOT NULL)
                """,
                "CREATE UNIQUE INDEX customer_agreements_key ON customer_agreements (customer_id, confirmation_key)",
                "CREATE INDEX customer_agreements_customer ON customer_agreements (partner_id, customer_id, created_at)",
                "ALTER TABLE customers ADD COLUMN agreed_at TEXT",
                "UPDATE customers SET agreed_at = created_at",
                // The partner's switch for the gate: set when the operator turned the gate off.
                "ALTER TABLE partners ADD COLUMN agreement_gate_off_at TEXT",
            ]
        ),
        (
            12,
            [
                // Charges (billing spec §3): each line written in the transaction of the change that caused it. A
                // whole cycle's line (a purchase, a cycle charge, a renewal) has an id made of its subscription, type
                // and cycle start, so it exists once whatever retries or nodes. `charged_through` is the start of
                // the subscription's last charged cycle; `next_charge_at` the next cycle to charge, for the pass.
                """
                CREATE TABLE charge_lines (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL, subscription_id TEXT NOT NULL,
                    charge_type TEXT NOT NULL, currency TEXT NOT NULL, charged_at TEXT NOT NULL, invoice_id TEXT, body TEXT NOT NULL)
                """,
                "CREATE INDEX charge_lines_partner ON charge_lines (partner_id, invoice_id, charged_at, id)",
                "CREATE INDEX charge_lines_subscription ON charge_lines (subscription_id)",
                "ALTER TABLE subscriptions ADD COLUMN charged_through TEXT",
                "ALTER TABLE subscriptions ADD COLUMN next_charge_at TEXT",
                "CREATE INDEX subscriptions_next_charge ON subscriptions (next_charge_at)",
            ]
        ),
        (
            13,
            [
                // Invoices (billing spec §4): one per partner, currency and closed month, made once whatever nodes
                // race (the unique period). A line's invoice is set when its month closes; its subtotal is kept
                // beside its body so a close of 100,000 lines sums them without decoding each.
                """
                CREATE TABLE invoices (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, currency TEXT NOT NULL, period TEXT NOT NULL,
                    invoice_date TEXT NOT NULL, subtotal TEXT NOT NULL, tax_total TEXT NOT NULL,
                    line_count INTEGER NOT NULL, tax_rates TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                "CREATE UNIQUE INDEX invoices_period ON invoices (partner_id, currency, period)",
                "CREATE INDEX invoices_partner_date ON invoices (partner_id, invoice_date, id)",
                "ALTER TABLE charge_lines ADD COLUMN subtotal TEXT",
                // The line's recon JSON, written when it is charged with only who it is for, its invoice and its tax
                // left open (`OneTimeInvoiceLineItem.template`): a listing of 100,000 lines decodes no body.
                "ALTER TABLE charge_lines ADD COLUMN line_json TEXT",
                "CREATE INDEX charge_lines_invoice ON charge_lines (invoice_id, charged_at, id)",
            ]
        ),
    ]

    /// Statements a step adds where several nodes share the store (PostgreSQL), after its shared ones.
    static let sharedStoreSteps: [Int: [String]] = [
        // The limit counters are written by every call. Unlogged, a counter's update commits without waiting for
        // the WAL to reach the disk; a crash of the database empties them, which only resets the limits.
        6: ["ALTER TABLE throttle_cells SET UNLOGGED", "ALTER TABLE sign_in_failures SET UNLOGGED"]
    ]

    /// Applies every step the database has not seen yet, each in its own transaction.
    static func apply(on engine: any DatabaseEngine, at now: Date) async throws {
        try await engine.withTransaction { db in
            // Two nodes starting together must not both create the schema.
            try await engine.exclusiveLock("migrations", in: db)
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)").run()
        }
        for step in steps {
            try await engine.withTransaction { db in
                try await engine.exclusiveLock("migrations", in: db)
                let done = try await db.select().column("version").from("schema_migrations").where("version", .equal, step.version).first()
                guard done == nil else { return }
                for statement in step.statements {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                if engine.capabilities.sharedByNodes {
                    for statement in sharedStoreSteps[step.version] ?? [] { try await db.raw(SQLQueryString(statement)).run() }
                }
                try await db.insert(into: "schema_migrations").columns("version", "applied_at")
                    .values(SQLBind(step.version), SQLBind(StoreTime.text(now))).run()
            }
        }
    }

    /// The newest schema version this build knows.
    static var latest: Int { steps.last?.version ?? 0 }
}
