@_spi(Generated) import CanonRuntime
import Testing

@Suite("Validator")
struct ValidatorTests {
    struct Leaf: Validatable {
        var n: Int
        func validate() throws {
            var validator = Validator(typeName: "Leaf")
            validator.checkInt(n, "n", min: 0)
            try validator.finish()
        }
    }

    @Test("collects every violation with its path and constraint")
    func collects() {
        var validator = Validator(typeName: "T")
        validator.checkInt(5, "a", min: 10, max: 20)
        validator.checkInt(25, "b", min: 10, max: 20)
        validator.checkDouble(Double.nan, "c", min: 0)
        validator.checkString("", "d", minLength: 1)
        validator.checkString("héllo", "e", maxLength: 4)
        validator.checkString("abc", "f", pattern: Pattern("[a-z]{2}"))
        validator.checkBytes(Bytes([1, 2, 3]), "g", maxLength: 2)
        validator.checkItems(3, "h", maxItems: 2)
        validator.checkString(nil, "i", minLength: 1)
        validator.nested([Leaf(n: 1), Leaf(n: -1)], "j")
        validator.nested(["x": Leaf(n: -2)], "k")
        validator.nested([[Leaf(n: -3)]], "l")
        #expect(throws: ValidationError.self) { try validator.finish() }
        #expect(validator.issues.map { "\($0.path) \($0.constraint)" } == [
            "a min", "b max", "c min", "d min_length", "e max_length", "f pattern", "g max_length", "h max_items",
            "j[1].n min", "k[x].n min", "l[0][0].n min",
        ])
        #expect(validator.issues[4].message == "has 5 characters, more than 4")
    }

    @Test("finishes quietly when nothing is wrong")
    func valid() throws {
        var validator = Validator(typeName: "T")
        validator.checkInt(15, "a", min: 10, max: 20)
        validator.checkString("ab", "f", pattern: Pattern("[a-z]{2}"))
        try validator.finish()
    }

    @Test("a pattern matches whole strings only")
    func patterns() {
        let pattern = Pattern("[a-z]{2}(-[A-Z]{2})?")
        #expect(pattern.matches("en") && pattern.matches("en-GB"))
        #expect(!pattern.matches("english") && !pattern.matches("xen"))
        #expect(!Pattern("(").matches("("), "a pattern that does not compile matches nothing")
    }
}
