#!/usr/bin/env python3
"""Writes an OpenAPI 3.1 document whose components describe the same models as
make-synthetic-schemas.py (12 properties: strings, an enum, numbers, a list, a map, a nested
object, optional date-times), for the peer's side of the compile-time benchmark.

usage: make-openapi-models.py OUTPUT_FILE [--collections N]
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("output")
parser.add_argument("--collections", type=int, default=100)
args = parser.parse_args()

lines = [
    "openapi: '3.1.0'",
    "info: {title: Benchmark, version: '1.0'}",
    "paths: {}",
    "components:",
    "  schemas:",
    "    Stage: {type: string, enum: [draft, active, closed, archived]}",
    "    Owner:",
    "      type: object",
    "      required: [user_id]",
    "      properties:",
    "        user_id: {type: string, minLength: 1}",
    "        display_name: {type: string, maxLength: 100}",
]
for i in range(args.collections):
    lines += [
        f"    Record{i}:",
        "      type: object",
        "      required: [id, title, owner]",
        "      properties:",
        "        id: {type: string}",
        "        title: {type: string, minLength: 1, maxLength: 200}",
        "        description: {type: string}",
        "        stage: {$ref: '#/components/schemas/Stage'}",
        "        score: {type: number, minimum: 0, maximum: 100}",
        "        count: {type: integer, format: int64, minimum: 0}",
        "        tags: {type: array, items: {type: string}, maxItems: 20}",
        "        labels: {type: object, additionalProperties: {type: string}}",
        "        owner: {$ref: '#/components/schemas/Owner'}",
        "        due_at: {type: [string, 'null'], format: date-time}",
        "        created_at: {type: string, format: date-time}",
        "        updated_at: {type: string, format: date-time}",
    ]
with open(args.output, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {args.collections} schemas to {args.output}")
