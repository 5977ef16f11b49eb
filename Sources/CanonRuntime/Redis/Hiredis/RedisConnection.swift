import CHiredis
import Foundation

/// One hiredis context, used non-blocking by the engine's thread: commands are appended to its
/// output buffer (`redisAppendCommandArgv`), written when the socket takes them, and replies are
/// read as they arrive, in order. hiredis 0.14 cannot reuse a context once `err` is set, so a
/// failed connection is freed and replaced, never reconnected in place.
final class RedisConnection {
    enum State {
        /// The socket's connect is in progress.
        case connecting
        /// `AUTH`, `SELECT` and the `PING` that ends the handshake are on their way.
        case handshaking
        /// Taking calls.
        case ready
    }

    /// Whom a reply on the way belongs to, in the order the commands were written.
    enum Pending {
        case call(RedisCall, index: Int)
        case authentication
        case selection
        /// The handshake's closing `PING`.
        case readiness
        case healthCheck
    }

    let context: UnsafeMutablePointer<redisContext>
    let isTCP: Bool
    var state = State.connecting
    /// When connecting (handshake included) or the health check in flight must be done.
    var deadline: ContinuousClock.Instant?
    /// The calls in flight, oldest first: what the pool balances by.
    var calls: [RedisCall] = []
    private var pending: [Pending] = []
    private var head = 0
    /// Whether the output buffer holds bytes the socket has not taken yet.
    var wantsWrite = false
    /// When bytes last came or went (health checks included): what a health check waits on.
    var lastActivity = ContinuousClock.now
    /// When a call was last sent or answered: what closing idle connections waits on.
    var lastUsed = ContinuousClock.now
    /// Set when the engine dropped the connection; nothing more is read or written.
    var closed = false

    init(context: UnsafeMutablePointer<redisContext>, isTCP: Bool, deadline: ContinuousClock.Instant) {
        self.context = context
        self.isTCP = isTCP
        self.deadline = deadline
    }

    var fileDescriptor: Int32 { context.pointee.fd }
    var hasPending: Bool { head < pending.count }

    /// hiredis's description of the error that killed the context.
    var errorText: String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Appends a command to the output buffer; false if hiredis refused it (out of memory).
    func append(_ command: RedisCommand, for owner: Pending) -> Bool {
        let arguments = command.arguments
        var lengths = arguments.map(\.count)
        // One buffer holding every argument, and a pointer into it for each.
        let joined = arguments.flatMap { $0 }
        let appended = joined.withUnsafeBufferPointer { buffer -> Int32 in
            var offset = 0
            var pointers: [UnsafePointer<CChar>?] = []
            pointers.reserveCapacity(arguments.count)
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)!
            for length in lengths {
                pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeMutableBufferPointer { argvlen in
                    redisAppendCommandArgv(context, Int32(arguments.count), argv.baseAddress, argvlen.baseAddress)
                }
            }
        }
        guard appended == REDIS_OK else { return false }
        pending.append(owner)
        wantsWrite = true
        return true
    }

    /// Writes what the socket takes now; false once the context failed.
    func flush() -> Bool {
        var done: Int32 = 0
        guard redisBufferWrite(context, &done) == REDIS_OK else { return false }
        wantsWrite = done == 0
        return true
    }

    /// Why a connection must close after a read.
    enum ReadProblem {
        /// The socket failed or closed.
        case broken(String)
        /// The server sent what is not RESP2, or a reply nobody asked for.
        case invalid(String)
    }

    /// Reads what arrived and hands each complete reply, with its owner, to `deliver`.
    /// Returns nil, or why the connection must close.
    func read(_ deliver: (Pending, Result<RedisReply, RedisError>) -> Void) -> ReadProblem? {
        guard redisBufferRead(context) == REDIS_OK else { return .broken(errorText) }
        lastActivity = .now
        while true {
            var reply: UnsafeMutableRawPointer?
            guard redisGetReplyFromReader(context, &reply) == REDIS_OK else { return .invalid(errorText) }
            guard let reply else { return nil }
            let converted = Self.convert(reply.assumingMemoryBound(to: redisReply.self))
            freeReplyObject(reply)
            guard head < pending.count else { return .invalid("a reply nobody asked for") }
            let owner = pending[head]
            head += 1
            if head > 256 && head * 2 > pending.count {
                pending.removeFirst(head)
                head = 0
            }
            deliver(owner, converted)
            if closed { return nil }
        }
    }

    /// Everything still waiting for a reply, oldest first; the connection is about to close.
    func takePending() -> [Pending] {
        defer { pending = []; head = 0 }
        return Array(pending[head...])
    }

    /// A command's reply; an error reply at the top is the command's failure.
    static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> Result<RedisReply, RedisError> {
        let value = reply.pointee
        if value.type == REDIS_REPLY_ERROR { return .failure(.server(RedisServerError(message: text(value)))) }
        return .success(element(reply))
    }

    private static func element(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING: return .bulk(value.str.map { Array(UnsafeRawBufferPointer(start: $0, count: value.len)) } ?? [])
        case REDIS_REPLY_STATUS: return .status(text(value))
        case REDIS_REPLY_INTEGER: return .integer(Int64(value.integer))
        case REDIS_REPLY_ERROR: return .error(RedisServerError(message: text(value)))
        case REDIS_REPLY_ARRAY:
            guard let elements = value.element else { return .array([]) }
            return .array((0..<value.elements).map { index in elements[index].map(element) ?? .null })
        default: return .null
        }
    }

    private static func text(_ value: redisReply) -> String {
        guard let str = value.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: str, count: value.len), as: UTF8.self)
    }

    deinit { redisFree(context) }
}
