import NIOCore
import Synchronization

/// Every open connection of one server, so that no client holds more than its share of them.
///
/// A new connection is admitted while the server holds fewer than `maxConnections` and its address fewer than
/// `maxPerAddress`. At either cap, the oldest idle connection in that scope (no request under way, no answer
/// unsent) is closed to make room; when none is idle, the new one is refused: closed at once, before it is read.
/// Idle connections cost the server a descriptor and nothing else, while a busy one is someone's request, so
/// idle ones go first, and of them the oldest, which a client is least likely to reuse.
final class ConnectionTable: Sendable {
    /// The caps, fixed at start.
    struct Limits: Sendable, Equatable {
        var maxConnections: Int
        var maxPerAddress: Int
    }

    /// What became of a connection on arrival.
    enum Admission: Equatable {
        case admitted
        /// Admitted after closing this many idle ones to make room.
        case admittedClosing(Int)
        /// Refused: `server` when the whole server is full, otherwise its address.
        case refused(server: Bool)
    }

    private struct Entry {
        var address: String
        var channel: any Channel
        /// When it last became idle; `nil` while a request is under way or an answer unsent.
        var idleSince: NIODeadline?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var perAddress: [String: Int] = [:]
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits) {
        self.limits = limits
    }

    /// How many connections are open now.
    var count: Int { state.withLock { $0.entries.count } }

    /// How many connections from `address` have a request under way: a test waits on it where a sleep would
    /// guess how long the server takes to read what was sent.
    func busy(from address: String) -> Int {
        state.withLock { state in state.entries.values.count { $0.address == address && $0.idleSince == nil } }
    }

    /// How many connections from `address` are open (admitted and not yet closed), for the same kind of wait.
    func open(from address: String) -> Int {
        state.withLock { state in state.perAddress[address, default: 0] }
    }

    /// Registers `channel` from `address` (its IP, without the port) as idle, if it may stay.
    func admit(_ channel: any Channel, address: String, now: NIODeadline = .now()) -> Admission {
        let id = ObjectIdentifier(channel)
        let (admission, closing): (Admission, [any Channel]) = state.withLock { state in
            var closing: [any Channel] = []
            // The address first: making room there also makes room in the server.
            if state.perAddress[address, default: 0] >= limits.maxPerAddress {
                guard let oldest = Self.oldestIdle(in: state, address: address) else { return (.refused(server: false), []) }
                Self.remove(oldest, from: &state).map { closing.append($0) }
            }
            if state.entries.count >= limits.maxConnections {
                guard let oldest = Self.oldestIdle(in: state, address: nil) else { return (.refused(server: true), closing) }
                Self.remove(oldest, from: &state).map { closing.append($0) }
            }
            state.entries[id] = Entry(address: address, channel: channel, idleSince: now)
            state.perAddress[address, default: 0] += 1
            return (closing.isEmpty ? .admitted : .admittedClosing(closing.count), closing)
        }
        for channel in closing { channel.close(promise: nil) }
        return admission
    }

    /// Marks a connection busy (a request arrived) or idle (everything it asked is answered).
    func mark(_ channel: any Channel, idle: Bool, now: NIODeadline = .now()) {
        state.withLock { state in
            state.entries[ObjectIdentifier(channel)]?.idleSince = idle ? now : nil
        }
    }

    /// Forgets a closed connection.
    func remove(_ channel: any Channel) {
        state.withLock { state in _ = Self.remove(ObjectIdentifier(channel), from: &state) }
    }

    private static func oldestIdle(in state: State, address: String?) -> ObjectIdentifier? {
        var oldest: (ObjectIdentifier, NIODeadline)?
        for (id, entry) in state.entries {
            guard let since = entry.idleSince, address == nil || entry.address == address else { continue }
            if oldest.map({ since < $0.1 }) ?? true { oldest = (id, since) }
        }
        return oldest?.0
    }

    /// Takes an entry out and answers its channel, for closing once the lock is released.
    private static func remove(_ id: ObjectIdentifier, from state: inout State) -> (any Channel)? {
        guard let entry = state.entries.removeValue(forKey: id) else { return nil }
        let left = state.perAddress[entry.address, default: 1] - 1
        state.perAddress[entry.address] = left > 0 ? left : nil
        return entry.channel
    }
}
