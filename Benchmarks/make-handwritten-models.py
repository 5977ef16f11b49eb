#!/usr/bin/env python3
"""Writes the compile-time baseline: hand-written plain Codable structs of the same shape as the
models make-synthetic-schemas.py describes (12 properties, an enum, a list, a map, a nested
struct, optional timestamps), relying on Swift's synthesised Codable.

usage: make-handwritten-models.py OUTPUT_DIR [--collections N] [--files F]
"""
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("output")
parser.add_argument("--collections", type=int, default=100)
parser.add_argument("--files", type=int, default=1)
args = parser.parse_args()
os.makedirs(args.output, exist_ok=True)
for name in os.listdir(args.output):
    if name.endswith(".swift"):
        os.remove(os.path.join(args.output, name))

with open(os.path.join(args.output, "Common.swift"), "w") as f:
    f.write("""import Foundation

public enum Stage: String, Codable, Sendable, Hashable, CaseIterable {
    case draft, active, closed, archived
}

public struct Owner: Codable, Sendable, Hashable {
    public var userId: String
    public var displayName: String?
}
""")

per_file = (args.collections + args.files - 1) // args.files
for file_index in range(args.files):
    out = ["import Foundation", ""]
    for i in range(file_index * per_file, min(args.collections, (file_index + 1) * per_file)):
        out.append(f"""public struct Record{i}: Codable, Sendable, Hashable, Identifiable {{
    public var id: String
    public var title: String
    public var description: String?
    public var stage: Stage = .draft
    public var score: Double = 0
    public var count: Int = 0
    public var tags: [String] = []
    public var labels: [String: String] = [:]
    public var owner: Owner
    public var dueAt: Date?
    public var createdAt: Date?
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {{
        case id, title, description, stage, score, count, tags, labels, owner
        case dueAt = "due_at", createdAt = "created_at", updatedAt = "updated_at"
    }}
}}
""")
    with open(os.path.join(args.output, f"Records{file_index:03}.swift"), "w") as f:
        f.write("\n".join(out))
print(f"wrote {args.collections} hand-written models to {args.output}")
