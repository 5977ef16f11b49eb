// Encoding and decoding a realistic generated model through Firestore's REST JSON, against
// Foundation's JSONEncoder/JSONDecoder on the same model, in one run.
//
// usage: CodingBenchmark [--iterations N]
import CanonRuntime
import CanonicalModels
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let iterations = arguments.firstIndex(of: "--iterations").flatMap { Int(arguments[$0 + 1]) } ?? 20_000
let root = "projects/bench/databases/(default)/documents"

var casefile = Casefile(
    id: "cf-0001", title: "Printer on fire in building 7", description: String(repeating: "Smoke seen near the printer. ", count: 8),
    ownerId: "user-42", status: .inReview, priority: .urgent, tags: ["hardware", "facilities", "urgent", "fire"],
    metadata: ["ticket": "INC-1234", "source": "email", "region": "eu-west", "team": "ops"],
    dueAt: Timestamp(seconds: 1_790_000_000, nanoseconds: 500), closedAt: nil, summary: "A printer caught fire.")
// The audit fields, as a read returns them (the initializer leaves them to the runtime).
casefile.createdAt = Timestamp(seconds: 1_780_000_000)
casefile.updatedAt = Timestamp(seconds: 1_785_000_000, nanoseconds: 123_456_789)
casefile.createdBy = "user-42"
casefile.updatedBy = "user-7"
casefile.lastRequestId = "req-9f8e7d"

let jsonEncoder = JSONEncoder()
let jsonDecoder = JSONDecoder()
let firestoreEncoder = FirestoreEncoder(databaseRoot: root)
let firestoreDecoder = FirestoreDecoder(databaseRoot: root)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<runs { samples.append(try seconds(body)) }
    return samples.sorted()[runs / 2]
}

var check = 0
let plain = try median(5) {
    for _ in 0..<iterations {
        let data = try jsonEncoder.encode(casefile)
        check &+= try jsonDecoder.decode(Casefile.self, from: data).tags.count
    }
}
let firestore = try median(5) {
    for _ in 0..<iterations {
        let document = FirestoreDocument(name: root + "/casefiles/cf-0001", fields: try firestoreEncoder.encodeFields(casefile))
        let data = FirestoreJSON.data(for: document)
        let decoded = try FirestoreJSON.document(from: data)
        check &+= try firestoreDecoder.decode(Casefile.self, from: decoded).tags.count
    }
}
// Where the time goes.
let fields = try firestoreEncoder.encodeFields(casefile)
let document = FirestoreDocument(name: root + "/casefiles/cf-0001", fields: fields)
let documentJSON = FirestoreJSON.data(for: document)
let stages: [(String, () throws -> Void)] = [
    ("  model → Firestore values", { check &+= try firestoreEncoder.encodeFields(casefile).count }),
    ("  Firestore values → JSON (FirestoreJSON)", { check &+= FirestoreJSON.data(for: document).count }),
    ("  JSON → Firestore values (FirestoreJSON)", { check &+= try FirestoreJSON.document(from: documentJSON).fields.count }),
    ("  Firestore values → model", { check &+= try firestoreDecoder.decode(Casefile.self, from: document).tags.count }),
]
let stageTimes = try stages.map { name, body in (name, try median(5) { for _ in 0..<iterations { try body() } }) }

// `==` and hashing through the model's field table, beside the same written out field by field
// (16 of the 17 fields: the deprecated one is left out of the hand-written versions).
func handWrittenEqual(_ lhs: Casefile, _ rhs: Casefile) -> Bool {
    guard lhs.id == rhs.id else { return false }
    guard lhs.title == rhs.title else { return false }
    guard lhs.description == rhs.description else { return false }
    guard lhs.ownerId == rhs.ownerId else { return false }
    guard lhs.status == rhs.status else { return false }
    guard lhs.priority == rhs.priority else { return false }
    guard lhs.tags == rhs.tags else { return false }
    guard lhs.metadata == rhs.metadata else { return false }
    guard lhs.dueAt == rhs.dueAt else { return false }
    guard lhs.closedAt == rhs.closedAt else { return false }
    guard lhs.summary == rhs.summary else { return false }
    guard lhs.createdAt == rhs.createdAt else { return false }
    guard lhs.updatedAt == rhs.updatedAt else { return false }
    guard lhs.createdBy == rhs.createdBy else { return false }
    guard lhs.updatedBy == rhs.updatedBy else { return false }
    guard lhs.lastRequestId == rhs.lastRequestId else { return false }
    return true
}
func handWrittenHash(_ model: Casefile, into hasher: inout Hasher) {
    hasher.combine(model.id)
    hasher.combine(model.title)
    hasher.combine(model.description)
    hasher.combine(model.ownerId)
    hasher.combine(model.status)
    hasher.combine(model.priority)
    hasher.combine(model.tags)
    hasher.combine(model.metadata)
    hasher.combine(model.dueAt)
    hasher.combine(model.closedAt)
    hasher.combine(model.summary)
    hasher.combine(model.createdAt)
    hasher.combine(model.updatedAt)
    hasher.combine(model.createdBy)
    hasher.combine(model.updatedBy)
    hasher.combine(model.lastRequestId)
}
let twin = casefile
let comparisons: [(String, () -> Void)] = [
    ("== of equal models (field table)", { check &+= casefile == twin ? 1 : 0 }),
    ("== written out (baseline)", { check &+= handWrittenEqual(casefile, twin) ? 1 : 0 }),
    ("hash (field table)", { var hasher = Hasher(); casefile.hash(into: &hasher); check &+= hasher.finalize() }),
    ("hash written out (baseline)", { var hasher = Hasher(); handWrittenHash(casefile, into: &hasher); check &+= hasher.finalize() }),
]
let comparisonTimes = comparisons.map { name, body in (name, median(5) { for _ in 0..<iterations { body() } }) }

let perCall = { (total: Double) in String(format: "%6.1f µs", total / Double(iterations) * 1e6) }
print("model: Casefile (17 fields, a list and a map); \(iterations) encode+decode round trips, median of 5 runs")
print("plain JSON, JSONEncoder/JSONDecoder (baseline)   \(perCall(plain))   1.00x")
print("Firestore REST JSON (coder + FirestoreJSON)    \(perCall(firestore))   \(String(format: "%.2fx", firestore / plain))")
for (name, time) in stageTimes { print("\(name.padding(toLength: 48, withPad: " ", startingAt: 0))\(perCall(time))") }
let nanos = { (total: Double) in String(format: "%6.0f ns", total / Double(iterations) * 1e9) }
for index in stride(from: 0, to: comparisonTimes.count, by: 2) {
    let (name, time) = comparisonTimes[index]
    let (baseName, baseTime) = comparisonTimes[index + 1]
    print("\(name.padding(toLength: 34, withPad: " ", startingAt: 0))\(nanos(time))   \(baseName): \(nanos(baseTime))   \(String(format: "%.2fx", time / baseTime))")
}
print("target: at most 1.5x the baseline: \(firestore / plain <= 1.5 ? "met" : "NOT MET")")
if check == -1 { print(check) }
