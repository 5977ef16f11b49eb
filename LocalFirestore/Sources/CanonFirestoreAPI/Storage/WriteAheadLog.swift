import CanonRuntime
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durability for `--data-dir`: every commit is appended to a log and flushed to disk with
/// `fsync` before the server acknowledges it, so an acknowledged commit survives `kill -9`.
///
/// Each record is one line, `<crc32 in hex> <json>`. At start the log is replayed; a torn last
/// record (a crash mid-append) is dropped, since it was never acknowledged, and the data is then
/// compacted into a fresh log holding only the latest version of each document.
final class WriteAheadLog: @unchecked Sendable {
    enum Record {
        case commit(DatabaseName, Timestamp, [(path: DocumentPath, document: StoredDocument?)])
        case clear(DatabaseName)
        case clearAll
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private let descriptor: Int32
    private let lockDescriptor: Int32
    private var closed = false

    private init(descriptor: Int32, lockDescriptor: Int32) {
        self.descriptor = descriptor
        self.lockDescriptor = lockDescriptor
    }

    deinit { close() }

    /// Closes the log and releases the data directory; later appends fail. Called under the
    /// store's lock.
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
        Glibc.close(lockDescriptor)
    }

    static let fileName = "canon-firestore.log"

    /// Opens the log in `directory` (creating it), replays it, compacts it, and returns the data.
    static func open(directory: URL) throws(Failure) -> (WriteAheadLog, [DatabaseName: DatabaseState]) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "cannot create the data directory \(directory.path): \(error)")
        }
        let lock = Glibc.open(directory.appendingPathComponent("LOCK").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            if lock >= 0 { Glibc.close(lock) }
            throw Failure(message: "the data directory \(directory.path) is in use by another server")
        }
        var opened = false
        defer { if !opened { Glibc.close(lock) } }  // a failed start releases the directory
        let logURL = directory.appendingPathComponent(fileName)
        var databases: [DatabaseName: DatabaseState] = [:]
        if let data = FileManager.default.contents(atPath: logURL.path) {
            try replay(Array(data), into: &databases)
        }
        // Compact: write the current state to a new file, flush it, and move it into place.
        let temporary = directory.appendingPathComponent(fileName + ".compacting")
        var bytes: [UInt8] = []
        for (database, state) in databases.sorted(by: { $0.key.description < $1.key.description }) {
            var changes: [(path: DocumentPath, document: StoredDocument?)] = []
            for (path, record) in state.documents {
                if let document = record.latest { changes.append((path, document)) }
            }
            changes.sort { $0.path < $1.path }
            for chunk in stride(from: 0, to: changes.count, by: 500) {
                let slice = Array(changes[chunk..<min(chunk + 500, changes.count)])
                bytes += line(.commit(database, slice.map { $0.document!.updateTime }.max()!, slice))
            }
        }
        try writeFile(bytes, to: temporary)
        guard rename(temporary.path, logURL.path) == 0 else { throw Failure(message: "cannot replace \(logURL.path): errno \(errno)") }
        syncDirectory(directory)
        let descriptor = Glibc.open(logURL.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(message: "cannot open \(logURL.path): errno \(errno)") }
        // Rebuild from the compacted data, one version per document.
        var compacted: [DatabaseName: DatabaseState] = [:]
        for (database, state) in databases {
            var fresh = DatabaseState()
            for (path, record) in state.documents {
                if let document = record.latest { fresh.append(document, at: document.updateTime, for: path) }
            }
            compacted[database] = fresh
        }
        opened = true
        return (WriteAheadLog(descriptor: descriptor, lockDescriptor: lock), compacted)
    }

    /// Appends a record and waits until it is on disk.
    func append(_ record: Record) throws(RPCError) {
        guard !closed else { throw RPCError(.unavailable, "The server is stopping.") }
        let bytes = Self.line(record)
        let start = lseek(descriptor, 0, SEEK_END)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = errno
                // Cut the torn record off, or the next record would be glued to it and the log
                // would read as damaged at the next start.
                _ = ftruncate(descriptor, start)
                throw RPCError(.internal, "write to the log failed: errno \(failure)")
            }
            written += result
        }
        guard fdatasync(descriptor) == 0 else {
            _ = ftruncate(descriptor, start)
            throw RPCError(.internal, "fsync of the log failed: errno \(errno)")
        }
    }

    // MARK: Encoding

    static func line(_ record: Record) -> [UInt8] {
        var writer = JSONWriter()
        switch record {
        case .clearAll:
            writer.raw("{\"op\":\"clearAll\"}")
        case .clear(let database):
            writer.raw("{\"op\":\"clear\",\"db\":")
            writer.string(database.description)
            writer.byte("}")
        case .commit(let database, let time, let changes):
            writer.raw("{\"op\":\"commit\",\"db\":")
            writer.string(database.description)
            writer.raw(",\"t\":")
            writer.string(time.rfc3339)
            writer.raw(",\"w\":[")
            for (offset, change) in changes.enumerated() {
                if offset > 0 { writer.byte(",") }
                writer.raw("{\"p\":")
                writer.string(change.path.text)
                if let document = change.document {
                    writer.raw(",\"f\":")
                    writer.fields(document.fields)
                    writer.raw(",\"c\":")
                    writer.string(document.createTime.rfc3339)
                    writer.raw(",\"u\":")
                    writer.string(document.updateTime.rfc3339)
                }
                writer.byte("}")
            }
            writer.raw("]}")
        }
        let json = writer.bytes
        let checksum = String(CRC32.checksum(json), radix: 16)
        return Array((String(repeating: "0", count: 8 - checksum.count) + checksum + " ").utf8) + json + [0x0A]
    }

    static func replay(_ bytes: [UInt8], into databases: inout [DatabaseName: DatabaseState]) throws(Failure) {
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            guard let end = bytes[start...].firstIndex(of: 0x0A) else { return }  // torn last record
            let line = Array(bytes[start..<end])
            let isLast = end + 1 >= bytes.count
            guard line.count > 9, let expected = UInt32(String(decoding: line[0..<8], as: UTF8.self), radix: 16),
                  CRC32.checksum(Array(line[9...])) == expected else {
                if isLast { return }
                throw Failure(message: "the log is damaged at record \(lineNumber); refusing to start rather than lose data")
            }
            do {
                try apply(JSONParser.parse(Array(line[9...])), to: &databases)
            } catch {
                throw Failure(message: "the log's record \(lineNumber) is unreadable: \(error)")
            }
            start = end + 1
        }
    }

    private static func apply(_ json: JSON, to databases: inout [DatabaseName: DatabaseState]) throws {
        func database(_ text: JSON?) throws -> DatabaseName {
            guard case .string(let name)? = text else { throw Failure(message: "record without a database") }
            let (database, _) = try ResourceName.parse(name + "/documents")
            return database
        }
        switch json["op"] {
        case .string("clearAll")?: databases = [:]
        case .string("clear")?: databases[try database(json["db"])] = nil
        case .string("commit")?:
            let name = try database(json["db"])
            guard case .string(let timeText)? = json["t"], let time = Timestamp(rfc3339: timeText),
                  case .array(let writes)? = json["w"] else { throw Failure(message: "malformed commit record") }
            var changes: [(path: DocumentPath, document: StoredDocument?)] = []
            for write in writes {
                guard case .string(let pathText)? = write["p"] else { throw Failure(message: "malformed write") }
                let path = DocumentPath(segments: pathText.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
                var document: StoredDocument?
                if write["f"] != nil || write["c"] != nil {
                    guard case .string(let created)? = write["c"], let createTime = Timestamp(rfc3339: created),
                          case .string(let updated)? = write["u"], let updateTime = Timestamp(rfc3339: updated) else {
                        throw Failure(message: "malformed document")
                    }
                    document = StoredDocument(fields: try ValueDecoding.fields(write["f"], at: "log"), createTime: createTime, updateTime: updateTime)
                }
                changes.append((path, document))
            }
            databases[name, default: DatabaseState()].apply(changes, at: time, pruningBefore: nil)
        default:
            throw Failure(message: "unknown record")
        }
    }

    private static func writeFile(_ bytes: [UInt8], to url: URL) throws(Failure) {
        let descriptor = Glibc.open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(message: "cannot write \(url.path): errno \(errno)") }
        defer { Glibc.close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard result >= 0 else { throw Failure(message: "cannot write \(url.path): errno \(errno)") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw Failure(message: "cannot flush \(url.path): errno \(errno)") }
    }

    private static func syncDirectory(_ url: URL) {
        let descriptor = Glibc.open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            Glibc.close(descriptor)
        }
    }
}

/// CRC-32 (IEEE), to tell a torn or damaged log record from a whole one.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
