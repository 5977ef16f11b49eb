#!/usr/bin/env python3
"""Writes a synthetic schema set for benchmarks: N collections, each with its own model of
12 fields (scalars, an enum, a list, a map, an embedded type, audit fields) and two named queries.

usage: make-synthetic-schemas.py OUTPUT_DIR [--collections N] [--files F]
"""
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("output")
parser.add_argument("--collections", type=int, default=1000)
parser.add_argument("--files", type=int, default=1, help="spread the collections over this many files")
args = parser.parse_args()

os.makedirs(args.output, exist_ok=True)
for name in os.listdir(args.output):
    if name.endswith(".yaml"):
        os.remove(os.path.join(args.output, name))

common = """schema: 1
enums:
  Stage:
    open: true
    values: [draft, active, closed, archived]
types:
  Owner:
    fields:
      user_id: {type: string, min_length: 1}
      display_name: {type: string, optional: true, max_length: 100}
"""
with open(os.path.join(args.output, "common.yaml"), "w") as f:
    f.write(common)

per_file = (args.collections + args.files - 1) // args.files
for file_index in range(args.files):
    lines = ["schema: 1", "imports: [common.yaml]", "models:"]
    start = file_index * per_file
    end = min(args.collections, start + per_file)
    for i in range(start, end):
        lines += [
            f"  Record{i}:",
            f"    doc: Synthetic record {i}.",
            "    fields:",
            "      id: id",
            "      title: {type: string, min_length: 1, max_length: 200}",
            "      description: {type: string, optional: true}",
            "      stage: {type: Stage, default: draft}",
            "      score: {type: double, default: 0, min: 0, max: 100}",
            "      count: {type: int, default: 0, min: 0}",
            "      tags: {type: \"[string]\", default: [], max_items: 20}",
            "      labels: {type: \"[string: string]\", default: {}}",
            "      owner: {type: Owner}",
            "      due_at: {type: timestamp, nullable: true, default: null}",
            "      created_at: {type: timestamp, audit: created_at}",
            "      updated_at: {type: timestamp, audit: updated_at}",
        ]
    lines.append("collections:")
    for i in range(start, end):
        lines += [
            f"  records{i}:",
            f"    model: Record{i}",
            f"    path: records{i}",
            "    queries:",
            "      byStage:",
            "        params: {stage: Stage, limit: int}",
            "        where: {stage: $stage}",
            "        order: [-updated_at]",
            "        limit: $limit",
            "      withTag:",
            "        params: {tag: string}",
            "        where: {tags: {contains: $tag}, score: {gte: 10}}",
            "        order: [-score]",
        ]
    with open(os.path.join(args.output, f"records{file_index:03}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
print(f"wrote {args.collections} collections in {args.files} file(s) to {args.output}")
