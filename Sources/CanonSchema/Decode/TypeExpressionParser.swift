/// Parses type expressions: `string`, `ref<casefiles>`, `[T]`, `[string: T]`, `TypeName`.
struct TypeExpressionParser {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    private let characters: [Character]
    private var index = 0

    /// Parses `text`; on failure, returns the message and the character offset of the problem.
    static func parse(_ text: String) -> Result<FieldType, Failure> {
        // Fast path for the common case, a bare name.
        if !text.isEmpty, text != "ref", text.utf8.allSatisfy({ $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }),
           !(48...57).contains(text.utf8.first!) {
            return .success(BuiltinType(rawValue: text).map(FieldType.builtin) ?? .named(text))
        }
        var parser = TypeExpressionParser(characters: Array(text))
        do {
            let type = try parser.parseType()
            parser.skipSpaces()
            if parser.index < parser.characters.count {
                throw Failure(message: "unexpected '\(parser.characters[parser.index])' after the type", offset: parser.index)
            }
            return .success(type)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(message: "\(error)", offset: 0))
        }
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private mutating func parseType() throws -> FieldType {
        skipSpaces()
        guard index < characters.count else {
            throw Failure(message: "expected a type", offset: index)
        }
        if characters[index] == "[" {
            index += 1
            skipSpaces()
            let firstStart = index
            let first = try parseType()
            skipSpaces()
            if peek(":") {
                index += 1
                guard first == .builtin(.string) else {
                    throw Failure(message: "map keys must be 'string', not '\(first)'", offset: firstStart)
                }
                let value = try parseType()
                try expect("]")
                return .map(value)
            }
            try expect("]")
            return .array(first)
        }
        let start = index
        let name = identifier()
        guard !name.isEmpty else {
            throw Failure(message: "unexpected '\(characters[index])' where a type belongs", offset: index)
        }
        skipSpaces()
        if name == "ref" {
            guard peek("<") else {
                throw Failure(message: "'ref' needs the referenced collection, as in 'ref<casefiles>'", offset: start)
            }
            index += 1
            skipSpaces()
            let collection = identifier()
            guard !collection.isEmpty else { throw Failure(message: "expected a collection name", offset: index) }
            try expect(">")
            return .reference(collection: collection)
        }
        if peek("<") {
            throw Failure(message: "only 'ref' takes an argument in angle brackets", offset: index)
        }
        return BuiltinType(rawValue: name).map(FieldType.builtin) ?? .named(name)
    }

    private mutating func identifier() -> String {
        let start = index
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
            index += 1
        }
        return String(characters[start..<index])
    }

    private mutating func expect(_ character: Character) throws {
        skipSpaces()
        guard peek(character) else {
            let found = index < characters.count ? "'\(characters[index])'" : "the end"
            throw Failure(message: "expected '\(character)' but found \(found)", offset: index)
        }
        index += 1
    }

    private func peek(_ character: Character) -> Bool {
        index < characters.count && characters[index] == character
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " { index += 1 }
    }
}
