import Foundation

// What the HTTP binding (`CanonFirestoreServer`) needs of the API: opening its store, closing
// and clearing it. `package`, so that only this package's modules see the store.
extension FirestoreAPI {
    /// An API over a new store: in memory, or kept in `dataDirectory` (its log replayed).
    package static func open(dataDirectory: URL?) throws -> FirestoreAPI {
        let store: Store
        if let directory = dataDirectory {
            let (log, recovered) = try WriteAheadLog.open(directory: directory)
            store = Store(log: log, recovered: recovered)
        } else {
            store = Store()
        }
        return FirestoreAPI(store: store, faults: FaultInjector())
    }

    /// Closes the store (its log and lock), once serving ended.
    package func close() { store.close() }

    /// Clears every database; the message says why it could not.
    package func resetAll() throws(ResetFailure) {
        do {
            try store.resetAll()
        } catch {
            throw ResetFailure(message: error.message)
        }
    }

    /// Why clearing failed.
    package struct ResetFailure: Error {
        package var message: String
    }

    /// How many documents the store holds, over every database.
    package var documentCount: Int { store.documentCount }
}

extension APIResponse {
    /// `INVALID_ARGUMENT` with `message`, for what the HTTP binding refuses before the API sees it.
    package static func invalidArgument(_ message: String) -> APIResponse { .error(RPCError.invalid(message)) }
}

extension FirestoreAPI {
    /// An API over an empty in-memory store, without a server: for the fuzzers and for code
    /// that calls ``handle(_:)`` directly.
    public static func inMemory() -> FirestoreAPI {
        FirestoreAPI(store: Store(), faults: FaultInjector())
    }
}
