import ArgumentParser
import CommerceCore
import CommerceServer
import CommerceStore

/// Opens the store for a one-shot command (with the catalog every store has, but never the demo partner: only
/// `serve` decides that), runs `body`, and closes it whatever happens. A rule's refusal becomes a plain error message, not a stack of types.
///
/// The store runs on the clock every node of it shares (`/_admin/clock`), not the machine's: a token minted here
/// after the server's clock moved six days ahead must not be expired on arrival, and a partner or app made here
/// must not be stamped before what the server already wrote.
func withOpenedStore<T: Sendable>(_ options: StoreOptions, _ body: (Store) async throws -> T) async throws -> T {
    let store = try await openOnSharedClock(options)
    do {
        try await DemoData.ensureCatalog(in: store)
        let result = try await body(store)
        await store.close()
        return result
    } catch let error as CommerceError {
        await store.close()
        throw ValidationError(error.description)
    } catch {
        await store.close()
        throw error
    }
}

/// Opens the store with its `clock` set as the store's nodes share it. Migrations applied by this open are stamped
/// with the machine's time: the setting is stored in a table they may be about to make.
func openOnSharedClock(_ options: StoreOptions) async throws -> Store {
    let clock = TravellingClock()
    let store = try await Store.open(options.location, clock: clock)
    do {
        clock.apply(try await store.clockSetting())
    } catch {
        await store.close()
        throw error
    }
    return store
}
