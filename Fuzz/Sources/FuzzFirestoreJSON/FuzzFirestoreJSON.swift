import CanonRuntime
import CanonicalModels
import Foundation

/// One input: bytes as a Firestore answer. Reading must end in a value or a `ParseError`, never
/// a crash or a hang; what reads as a document must read back the same once written, and decode
/// into each generated model, through its field table, and encode back, or fail with a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFirestoreJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    _ = try? FirestoreJSON.value(from: bytes)
    _ = FirestoreError.fromResponse(httpStatus: 400, body: bytes)
    guard let document = try? FirestoreJSON.document(from: bytes) else { return 0 }
    guard let again = try? FirestoreJSON.document(from: FirestoreJSON.data(for: document)) else {
        preconditionFailure("a document the reader read does not read back once written")
    }
    precondition(again == document, "a document does not read back the same once written")
    // Through each model's field table both ways: decoding writes properties at computed
    // offsets, encoding reads them (AddressSanitizer watches both).
    roundTrip(Casefile.self, document)
    roundTrip(CasefileNote.self, document)
    roundTrip(ToolSession.self, document)
    roundTrip(ToolRequest.self, document)
    roundTrip(ChatSession.self, document)
    roundTrip(UserContext.self, document)
    return 0
}

let root = "projects/p/databases/(default)/documents"

func roundTrip<Model: Codable>(_ type: Model.Type, _ document: FirestoreDocument) {
    guard let model = try? FirestoreDecoder(databaseRoot: root).decode(Model.self, from: document) else { return }
    _ = try? FirestoreEncoder(databaseRoot: root).encodeFields(model)
}
