/// One problem found in a schema set, located at the exact line and column.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The schema set is invalid; nothing is generated.
        case error
        /// The schema set is valid, but something deserves attention.
        case warning
        /// Extra context attached to another diagnostic.
        case note
    }

    /// A related location, such as the first declaration of a duplicated name.
    public struct Note: Sendable, Hashable, Codable {
        /// What the note says.
        public var message: String
        /// Where it points.
        public var location: SourceLocation
    }

    /// How serious the problem is.
    public var severity: Severity
    /// The stable code, documented in `docs/Diagnostics.md`.
    public var code: DiagnosticCode
    /// What is wrong, naming the offending element.
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// A likely fix, such as `did you mean 'SessionStatus'?`.
    public var suggestion: String?
    /// Related locations.
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(
        _ severity: Severity,
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation,
        suggestion: String? = nil,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.suggestion = suggestion
        self.notes = notes
    }

    /// An error diagnostic.
    public static func error(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        suggestion: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, suggestion: suggestion, notes: notes)
    }

    /// A warning diagnostic.
    public static func warning(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        suggestion: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, suggestion: suggestion, notes: notes)
    }

    /// The message with its suggestion, as one sentence.
    public var fullMessage: String {
        suggestion.map { "\(message); \($0)" } ?? message
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, position, then code, so output is the same on every run.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.message < rhs.message
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `file:line:col: error: [CANON012] message; suggestion`, followed by one line per note.
    public var description: String {
        var text = "\(location): \(severity.rawValue): [\(code.rawValue)] \(fullMessage)"
        for note in notes {
            text += "\n\(note.location): note: \(note.message)"
        }
        return text
    }
}

/// Collects diagnostics while a stage runs.
public struct DiagnosticBag: Sendable {
    /// Everything collected so far, in the order it was found.
    public private(set) var all: [Diagnostic] = []

    /// Creates an empty bag.
    public init() {}

    /// Adds a diagnostic.
    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    /// Adds several diagnostics.
    public mutating func append(contentsOf diagnostics: [Diagnostic]) { all.append(contentsOf: diagnostics) }

    /// Adds an error.
    public mutating func error(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        suggestion: String? = nil, notes: [Diagnostic.Note] = []
    ) {
        all.append(.error(code, message, at: location, suggestion: suggestion, notes: notes))
    }

    /// Adds a warning.
    public mutating func warning(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation, suggestion: String? = nil
    ) {
        all.append(.warning(code, message, at: location, suggestion: suggestion))
    }

    /// Whether any error was collected.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
}
