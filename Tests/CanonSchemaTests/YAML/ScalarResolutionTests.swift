import Testing
@testable import CanonSchema

@Suite("YAML 1.2 core schema resolution")
struct ScalarResolutionTests {
    static let cases: [(String, ConstantValue)] = [
        ("", .null), ("~", .null), ("null", .null), ("Null", .null),
        ("true", .bool(true)), ("False", .bool(false)),
        ("yes", .string("yes")), ("on", .string("on")),  // YAML 1.1 booleans are strings in 1.2
        ("0", .int(0)), ("-17", .int(-17)), ("+3", .int(3)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("1.5", .double(1.5)), ("-.5", .double(-0.5)), ("1e3", .double(1000)), (".inf", .double(.infinity)),
        ("-.Inf", .double(-.infinity)), ("1.2.3", .string("1.2.3")), ("12abc", .string("12abc")),
        ("2026-01-01", .string("2026-01-01")), ("casefiles", .string("casefiles")), (".", .string(".")),
    ]

    @Test("plain scalars resolve by the core schema", arguments: cases)
    func plain(text: String, expected: ConstantValue) {
        #expect(YAMLScalar(text: text, style: .plain).resolved == expected)
    }

    @Test("NaN is a double")
    func nan() {
        guard case .double(let value) = YAMLScalar(text: ".nan", style: .plain).resolved else {
            Issue.record("not a double")
            return
        }
        #expect(value.isNaN)
    }

    @Test("integers beyond Int64 stay numbers, not strings")
    func hugeIntegers() {
        guard case .double = YAMLScalar(text: "99999999999999999999", style: .plain).resolved else {
            Issue.record("not a number")
            return
        }
    }

    @Test("quoted scalars are always strings")
    func quoted() {
        #expect(YAMLScalar(text: "1", style: .string).resolved == .string("1"))
        #expect(YAMLScalar(text: "null", style: .string).resolved == .string("null"))
    }
}
