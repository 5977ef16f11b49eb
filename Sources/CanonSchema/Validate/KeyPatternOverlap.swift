/// Decides whether two Redis key patterns can produce the same key.
///
/// Each placeholder may be filled with any non-empty text (including `:`), so
/// `p:{user}` and `p:{user}:{device}` collide: user `a:b` and user `a`, device `b`.
enum KeyPatternOverlap {
    private enum Token: Hashable {
        case character(Character)
        case wildcard
    }

    static func canCollide(_ a: KeyspaceDecl.KeyPattern, _ b: KeyspaceDecl.KeyPattern) -> Bool {
        let left = tokens(a)
        let right = tokens(b)
        var memo: [Int: Bool] = [:]

        // overlap(i, j): some string matches both left[i...] and right[j...]. A wildcard matches
        // one character or more: after taking one, it either ends (i + 1) or stays (i).
        func overlap(_ i: Int, _ j: Int) -> Bool {
            let key = i * (right.count + 1) + j
            if let known = memo[key] { return known }
            memo[key] = false
            let result: Bool
            switch (i < left.count ? left[i] : nil, j < right.count ? right[j] : nil) {
            case (nil, nil):
                result = true
            case (.character(let x)?, .character(let y)?):
                result = x == y && overlap(i + 1, j + 1)
            case (.wildcard?, .character?):
                // The wildcard takes this character, then stops or goes on.
                result = overlap(i + 1, j + 1) || overlap(i, j + 1)
            case (.character?, .wildcard?):
                result = overlap(i + 1, j + 1) || overlap(i + 1, j)
            case (.wildcard?, .wildcard?):
                // Both take at least one character; either may go on longer.
                result = overlap(i + 1, j + 1) || overlap(i, j + 1) || overlap(i + 1, j)
            case (.wildcard?, nil), (nil, .wildcard?), (.character?, nil), (nil, .character?):
                result = false
            }
            memo[key] = result
            return result
        }
        return overlap(0, 0)
    }

    private static func tokens(_ pattern: KeyspaceDecl.KeyPattern) -> [Token] {
        pattern.parts.flatMap { part -> [Token] in
            switch part {
            case .literal(let text): text.map(Token.character)
            case .field: [.wildcard]
            }
        }
    }
}
