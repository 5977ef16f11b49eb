#!/usr/bin/env python3
"""The generative soundness check: random schema sets through `canon validate`, then the
accepted ones generated, compiled and round-tripped by the SoundnessTests target.

Each case is one schema set made from its own seed. It uses every feature of the language, and
now and then a near miss: keywords, standard library, Foundation and generated names, Unicode,
lists inside lists, types that contain themselves, integers past 64 bits, and storage keys,
docs, patterns and defaults holding dots, quotes, backslashes and newlines.

- Every set goes through `canon validate --format json`. A rejected set must be rejected with
  located CANONxxx errors (exit 1, never a crash).
- Every accepted set is written to LocalFirestore/Tests/SoundnessTests/Random/ with a Swift Testing suite that
  decodes a sample document of each stored model, creates it through the generated repository in
  the local Firestore server, reads it back and compares every field; `swift build
  --package-path LocalFirestore --build-tests` compiles them all in one module (CanonPlugin
  generates them), `swift test --package-path LocalFirestore` runs them.
- A failing case prints its seed. `--keep SEED` copies that set into
  LocalFirestore/Tests/SoundnessTests/Fixtures/, which is committed and compiled on every build.

usage: scripts/soundness.py [--cases N] [--seed S] [--canon PATH] [--keep SEED]
Defaults: CANON_SOUNDNESS_CASES (300), CANON_SOUNDNESS_SEED (1).
"""
import re
import argparse
import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "LocalFirestore", "Tests", "SoundnessTests")
RANDOM_DIR = os.path.join(TARGET, "Random")
FIXTURE_DIR = os.path.join(TARGET, "Fixtures")

# MARK: YAML output


def quoted(text):
    """A YAML double-quoted scalar; control and line-breaking characters escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or code in (0x85, 0x2028, 0x2029, 0xFEFF):
            out.append("\\u%04X" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Flow(dict):
    """A mapping written in flow style: `{type: int, min: 0}`."""


class Plain(str):
    """A scalar written as it is: type expressions, enum value names, numbers as text."""


def scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Plain):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def key_text(key):
    simple = key and (key[0].isalpha() or key[0] == "_") and all(c.isascii() and (c.isalnum() or c == "_") for c in key)
    return key if simple and key.lower() not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n") else quoted(key)


def emit(mapping, indent=0):
    lines = []
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, dict) and not isinstance(value, Flow) and value:
            lines.append(f"{pad}{key_text(key)}:")
            lines += emit(value, indent + 2)
        else:
            lines.append(f"{pad}{key_text(key)}: {scalar(value)}")
    return lines


# MARK: Names

KEYWORDS = ["default", "class", "self", "init", "func", "protocol", "Type", "where", "in", "is"]
GENERATED_MEMBERS = ["validate", "storedFields", "auditKeys", "rawValue", "allCases", "hashValue", "encode", "hash",
                     "base", "client", "query", "page", "knownCases"]
TYPE_NEAR_MISSES = ["String", "Date", "Data", "URL", "UUID", "Timestamp", "Task", "Result", "Error", "Array", "ID",
                    "Model", "Void", "Codable", "CanonSchemaSet", "FieldTable", "Validator", "Set", "Sequence", "Self",
                    "Type", "Protocol", "QueryPage", "Nullable"]
# Members of every generated repository (FirestoreCollection), which queries and placeholders must not take.
REPOSITORY_MEMBERS = ["base", "client", "get", "getVersioned", "create", "save", "update", "updateIfUnchanged", "delete",
                      "list", "count", "all", "query", "page", "run", "reference", "cursor"]
SUBCOLLECTION_NEAR_MISSES = ["part-list", "2024", "default", "user_notes", "userNotes", "a.b", "Items", "self"]
UNICODE_NAMES = ["café", "naïve", "größe", "日本"]
WORDS = ["title", "body", "count", "ratio", "owner", "tags", "meta", "state", "score", "label", "note", "place",
         "link", "token", "blob", "stamp", "level", "kind", "amount", "flag", "parent", "summary", "size", "limit",
         "status", "name", "value", "items", "data", "index", "key", "id2", "type_name", "description", "order"]
ODD_TEXT = ['a.b', 'quote"d', "back\\slash", "new\nline", "tab\tbed", "emoji 🎉", "é", "`tick`", "$dollar",
            "/*", "*/", "\\(x)", '"""', "#", "a b", "ü.ö", "{brace}", "'single'", "%s", "cr\rlf", "ls\u2028ps",
            "nel\u0085", "\u0000nul"]


class Names:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def member(self, base=None):
        """A fresh snake_case or lowerCamelCase name."""
        while True:
            word = base or self.rng.choice(WORDS)
            name = f"{word}_{self.rng.randrange(100)}" if self.rng.random() < 0.6 else f"{word}{self.rng.randrange(100)}"
            if self.rng.random() < 0.3:
                parts = name.split("_")
                name = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
            # Unique both as a storage key and as a Swift name (`score_75` and `score75` clash).
            if snake(name) not in self.used and lower_camel(name) not in self.used:
                self.used |= {snake(name), lower_camel(name)}
                return name
            base = None


def snake(name):
    """The storage key of a field name (CanonSchema's Naming.snakeCase)."""
    if not any("A" <= c <= "Z" for c in name):
        return name
    out = ""
    for i, c in enumerate(name):
        if c.isupper():
            prev = name[i - 1] if i > 0 else None
            nxt = name[i + 1] if i + 1 < len(name) else None
            starts = prev is not None and (prev.islower() or prev.isdigit())
            ends = prev is not None and prev.isupper() and nxt is not None and nxt.islower()
            if (starts or ends) and not out.endswith("_"):
                out += "_"
            out += c.lower()
        else:
            out += c
    return out


def lower_camel(name):
    """A schema name as a Swift name (CanonSchema's Naming.lowerCamelCase)."""
    if "_" not in name and name[:1].islower():
        return name
    parts = [part for part in name.split("_") if part]
    first = parts[0][:1].lower() + parts[0][1:] if parts[0][:1].isupper() else parts[0]
    return first + "".join(part[:1].upper() + part[1:] for part in parts[1:])


def upper_first(name):
    return name[:1].upper() + name[1:]


# MARK: Schema sets

SCALARS = ["string", "bool", "int", "double", "timestamp", "bytes", "uuid", "url", "geopoint"]
PATTERNS = [  # (pattern, a matching string)
    ("[a-z]+", "abc"), ("[A-Z][a-z]*\\.[a-z]+", "Ab.cd"), ("\\d{3}-\\d{4}", "555-1234"),
    ('"[^"]*"', '"quoted"'), ("a\\\\b", "a\\b"), ("(x|y)+", "xyx"), ("[\\w ]+", "word two"),
]
ORDERABLE = {"string", "int", "double", "timestamp", "bytes", "uuid", "url"}
# The codes a set with each kind of near miss may be rejected with, its consequences included (a
# type name tried twice is declared twice; a keyword collection leaves its children unbound; a
# parameter named `limit` is only a name now): anything else is a finding.
NEAR_MISS_CODES = {
    "type name": {"CANON016", "CANON017", "CANON019", "CANON020"}, "field name": {"CANON016", "CANON022", "CANON023"},
    "enum value": {"CANON016", "CANON022", "CANON023"}, "enum raw": {"CANON038"}, "list in list": {"CANON036"},
    "recursion": {"CANON037"}, "reserved key": {"CANON025"}, "int bound": {"CANON038"},
    "collection name": {"CANON016", "CANON017", "CANON023", "CANON061"}, "placeholder": {"CANON023"},
    "subcollection": {"CANON022", "CANON023", "CANON062", "CANON063"}, "query on the ID": {"CANON070"},
    "parameter name": {"CANON023", "CANON074"}, "query name": {"CANON023"},
}
NEAR_MISSES = ["type name", "field name", "enum value", "enum raw", "list in list", "recursion", "reserved key",
               "int bound", "collection name", "placeholder", "subcollection", "query on the ID", "parameter name",
               "query name"]


class SchemaSet:
    """One random schema set: YAML files, and for each stored model a sample document."""

    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed)
        self.prefix = f"s{seed}"
        self.type_prefix = f"S{seed}"
        self.names = Names(self.rng)
        self.enums = {}     # name -> dict(raw, values: [(name, raw)], open)
        self.types = {}     # embedded name -> fields
        self.models = {}    # name -> fields
        self.collections = {}  # name -> dict
        self.keyspaces = {}
        self.near_miss = None
        self.planned = self.rng.choice(NEAR_MISSES) if self.rng.random() < 0.35 else None
        self.build()
        # Made once: every use of the set (validation, the files compiled, a kept fixture) sees
        # the same bytes. The case's samples come from a generator of their own, so they are the
        # same whenever they are made (only for accepted sets: a rejected one may hold a type
        # that contains itself).
        self.files = self.make_files()

    @property
    def cases(self):
        self.rng = random.Random(f"samples of {self.seed}")
        return self.swift_cases()

    # Near misses: a third of the sets plan one kind, tried at each place it can happen (so a
    # clash that needs two, such as two subcollections with one accessor name, can happen too).
    def maybe_near_miss(self, kind):
        if self.planned == kind and self.rng.random() < 0.5:
            self.near_miss = kind
            return True
        return False

    def type_name(self, word):
        if self.maybe_near_miss("type name"):
            # Also the name of the repository generated for this set's first collection.
            return self.rng.choice(TYPE_NEAR_MISSES + [n[:1].upper() + n[1:] for n in UNICODE_NAMES] + [f"S{self.seed}c0Repository"])
        return f"{self.type_prefix}{word}{len(self.enums) + len(self.types) + len(self.models)}"

    def field_name(self):
        if self.maybe_near_miss("field name"):
            return self.rng.choice(KEYWORDS + GENERATED_MEMBERS + UNICODE_NAMES + ["id", "ID", "_x", "x__y"])
        return self.names.member()

    def build(self):
        rng = self.rng
        for _ in range(rng.randrange(0, 3)):
            self.make_enum()
        for _ in range(rng.randrange(0, 3)):
            self.make_embedded()
        for _ in range(rng.randrange(1, 4)):
            self.make_model()
        self.make_collections()
        if rng.random() < 0.3:
            self.make_keyspace()

    def make_enum(self):
        rng = self.rng
        name = self.type_name("Kind")
        raw = "int" if rng.random() < 0.3 else "string"
        values, seen_raw = [], set()
        names = Names(rng)
        for i in range(rng.randrange(1, 5)):
            value_name = names.member(rng.choice(["open", "closed", "draft", "live", "low", "high", "red", "blue"]))
            if self.maybe_near_miss("enum value"):
                value_name = rng.choice(["unknown", "allCases", "rawValue", "init", "none", "some", "self", "description", "Red",
                                         "knownCases"])
            if raw == "int":
                value = rng.choice([i, -i, 2 ** 63 - 1 - i, -(2 ** 63) + i, rng.randrange(-1000, 1000)])
                if self.maybe_near_miss("enum raw"):
                    value = 2 ** 64
            else:
                value = rng.choice([value_name, value_name.replace("_", "-"), rng.choice(ODD_TEXT) + str(i)])
            if value in seen_raw:
                continue
            seen_raw.add(value)
            values.append((value_name, value))
        self.enums[name] = {"raw": raw, "values": values, "open": rng.random() < 0.4,
                            "reserved": [f"gone{rng.randrange(100)}"] if raw == "string" and rng.random() < 0.3 else []}

    def field_type(self, depth=0, allow_refs=True):
        """A type expression: a scalar, an enum, an embedded type, a reference, or a list or map of one."""
        rng = self.rng
        roll = rng.random()
        if depth < 2 and roll < 0.2:
            inner = self.field_type(depth + 1, allow_refs)
            if inner.startswith("[") and not inner.startswith("[string:") and not self.maybe_near_miss("list in list"):
                inner = f"[string: {inner}]"
            return f"[{inner}]"
        if depth < 2 and roll < 0.3:
            return f"[string: {self.field_type(depth + 1, allow_refs)}]"
        if roll < 0.45 and self.enums:
            return rng.choice(list(self.enums))
        if roll < 0.55 and self.types:
            return rng.choice(list(self.types))
        if roll < 0.6 and allow_refs:
            return "ref<@>"  # filled in once the collections exist
        return rng.choice(SCALARS)

    def make_fields(self, embedded, owner):
        rng = self.rng
        fields = {}
        used_keys = set()
        if not embedded:
            # Usually `id`; sometimes another name, which makes the generated code add an `id`.
            fields[self.rng.choice(["id", "id", "id", "doc_id", "recordKey"])] = Plain("id")
        for _ in range(rng.randrange(1 if embedded else 0, 6)):
            name = self.field_name()
            if name in fields:
                continue
            # Embedded types live in the common file, which cannot see the collections.
            ftype = self.field_type(allow_refs=not embedded)
            if embedded and self.types and rng.random() < 0.1 and self.maybe_near_miss("recursion"):
                ftype = owner  # contains itself inline
            spec = {"type": ftype}
            if rng.random() < 0.25:
                spec["optional"] = True
            if rng.random() < 0.2:
                spec["nullable"] = True
            key = snake(name)
            if rng.random() < 0.2:
                key = rng.choice(ODD_TEXT) + str(rng.randrange(100))
                if self.maybe_near_miss("reserved key"):
                    key = "__odd__"
                spec["key"] = key
            if key in used_keys:
                continue
            used_keys.add(key)
            if rng.random() < 0.15:
                alias = f"old_{key}_{rng.randrange(100)}"
                if alias not in used_keys:
                    spec["aliases"] = [alias]
                    used_keys.add(alias)
            if rng.random() < 0.2:
                spec["doc"] = "Doc " + rng.choice(ODD_TEXT)
            if rng.random() < 0.05:
                spec["deprecated"] = "Use something else: " + rng.choice(ODD_TEXT)
            self.add_constraints(spec)
            if "audit" not in spec and rng.random() < 0.3:
                default = self.default_value(spec)
                if default is not Ellipsis:
                    spec["default"] = default
            fields[name] = spec
        if not embedded:
            for audit, atype in [("created_at", "timestamp"), ("updated_at", "timestamp"), ("created_by", "string"),
                                 ("updated_by", "string"), ("request_id", "string")]:
                if rng.random() < 0.4:
                    name = f"{audit}_{rng.randrange(10)}"
                    if snake(name) not in used_keys and name not in fields:
                        used_keys.add(snake(name))
                        fields[name] = {"type": atype, "audit": audit}
        return fields

    def add_constraints(self, spec):
        rng = self.rng
        ftype = spec["type"]
        if ftype in ("int", "double") and rng.random() < 0.4:
            low = rng.choice([0, -5, 1, -(2 ** 63), 10])
            high = low + rng.choice([0, 1, 100, 10 ** 6])
            if ftype == "int" and self.maybe_near_miss("int bound"):
                high = 2 ** 63
            spec["min"], spec["max"] = low, min(high, 2 ** 63 - 1) if high != 2 ** 63 else high
        elif ftype == "string" and rng.random() < 0.4:
            if rng.random() < 0.5:
                pattern, _ = rng.choice(PATTERNS)
                spec["pattern"] = pattern
            else:
                spec["min_length"] = rng.randrange(0, 3)
                spec["max_length"] = spec["min_length"] + rng.randrange(0, 20)
        elif ftype == "bytes" and rng.random() < 0.3:
            spec["max_length"] = rng.randrange(1, 20)
        elif ftype.startswith("[") and rng.random() < 0.3:
            spec["min_items"] = rng.randrange(0, 2)
            spec["max_items"] = spec["min_items"] + rng.randrange(0, 4)

    def default_value(self, spec):
        """A default in YAML form that fits the type and constraints; Ellipsis for none."""
        rng = self.rng
        ftype = spec["type"]
        if spec.get("nullable") and rng.random() < 0.3:
            return None
        if "ref<" in ftype or (ftype not in SCALARS and ftype not in self.enums and not ftype.startswith("[")):
            return Ellipsis  # references, embedded types (and a type that contains itself)
        if ftype.startswith("[string:"):
            return {} if spec.get("min_items", 0) == 0 else Ellipsis
        if ftype.startswith("["):
            return [] if spec.get("min_items", 0) == 0 else Ellipsis
        if ftype in self.enums:
            return Plain(rng.choice(self.enums[ftype]["values"])[0])
        value = self.sample_value(ftype, spec)
        kind, raw = next(iter(value.items()))
        if ftype == "int":
            return int(raw)
        if ftype == "double":
            return float(raw) if not isinstance(raw, str) else (float("inf") if raw == "Infinity" else float("-inf"))
        if ftype == "geopoint":
            return Flow(latitude=raw["latitude"], longitude=raw["longitude"])
        if ftype == "bool":
            return raw
        return raw  # strings, timestamps, bytes, UUIDs and URLs are written as strings

    def make_embedded(self):
        name = self.type_name("Part")
        self.types[name] = self.make_fields(True, name)

    def make_model(self):
        name = self.type_name("Doc")
        self.models[name] = self.make_fields(False, name)

    def make_collections(self):
        rng = self.rng
        names = list(self.models)
        paths = {}
        for index, model in enumerate(names):
            collection = f"{self.prefix}c{index}"
            if self.maybe_near_miss("collection name"):
                collection = rng.choice(["default", "class", f"{self.prefix}C{index}", f"{self.prefix}_c{index}"])
            parent = rng.choice(list(self.collections)) if self.collections and rng.random() < 0.4 else None
            if parent:
                placeholder = f"p{index}Id"
                if self.maybe_near_miss("placeholder"):
                    placeholder = rng.choice(REPOSITORY_MEMBERS + KEYWORDS)
                # Unique in the database: a collection-group query spans every collection of its ID.
                segment = f"{self.prefix}sub{index}"
                if self.maybe_near_miss("subcollection"):
                    segment = rng.choice(SUBCOLLECTION_NEAR_MISSES)
                path = f"{self.collections[parent]['path']}/{{{placeholder}}}/{segment}"
            else:
                placeholder, path = None, f"{self.prefix}_c{index}"
            spec = {"model": model, "path": path, "id_strategy": rng.choice(["server", "client", "uuid"]),
                    "parent": parent, "placeholder": placeholder, "queries": {}}
            if rng.random() < 0.2:
                spec["cache"] = rng.choice([Flow(ttl=Plain(rng.choice(["5m", "90s", "1h30m", "7d", "3600"]))),
                                            Flow(enabled=False), Flow(ttl=Plain("10m"), key_prefix=f"{self.prefix}:" + rng.choice(["cf", "é"]))])
            self.collections[collection] = spec
            paths[model] = path
        # References point at collections of this set.
        collection_names = list(self.collections)
        for fields in list(self.models.values()) + list(self.types.values()):
            for spec in fields.values():
                if isinstance(spec, dict) and "ref<@>" in spec["type"]:
                    spec["type"] = spec["type"].replace("ref<@>", f"ref<{rng.choice(collection_names)}>")
        for name, spec in self.collections.items():
            for _ in range(rng.randrange(0, 3)):
                self.make_query(spec)

    def query_fields(self, model):
        """(field path as queries write it, type, nullable) for fields a query can use, one level
        into embedded types held directly too (`owner.user_id`)."""
        out = []
        for name, spec in self.models[model].items():
            if not isinstance(spec, dict):
                continue
            ftype = spec["type"]
            if ftype in SCALARS or ftype in self.enums or ftype.startswith("ref<"):
                out.append((name, ftype, bool(spec.get("nullable"))))
            elif ftype.startswith("[") and not ftype.startswith("[string:"):
                element = ftype[1:-1]
                if element in SCALARS or element in self.enums or element.startswith("ref<"):
                    out.append((name, ftype, False))
            elif ftype in self.types:
                for inner, inner_spec in self.types[ftype].items():
                    if isinstance(inner_spec, dict) and (inner_spec["type"] in SCALARS or inner_spec["type"] in self.enums):
                        out.append((f"{name}.{inner}", inner_spec["type"], bool(inner_spec.get("nullable"))))
        return out

    def literal(self, ftype):
        """A literal operand of the type, as the schema writes it; None where only a parameter fits."""
        rng = self.rng
        if ftype in self.enums:
            return Plain(rng.choice(self.enums[ftype]["values"])[0])
        return {"string": rng.choice(["lit", "$$dollar", "é \"q\""]), "int": rng.randrange(-5, 5), "double": 1.5,
                "bool": True, "timestamp": "2026-01-01T00:00:00Z"}.get(ftype)

    def make_query(self, collection):
        """A named query: equalities, ranges, IN and NOT IN, array membership, null checks,
        parameters and literals, ascending and descending orders, within Firestore's rules (one
        array operator; NOT IN alone among NE, IN and array-contains-any)."""
        rng = self.rng
        candidates = self.query_fields(collection["model"])
        if not candidates:
            return
        query, params, where, order = {}, {}, {}, []
        used = set()  # operators so far

        def operand(ftype, many=False):
            value = self.literal(ftype)
            if value is not None and not many and rng.random() < 0.4:
                return value
            if value is not None and many and rng.random() < 0.4:
                return [value]
            name = f"value{len(params)}"
            if self.maybe_near_miss("parameter name"):
                name = rng.choice(["cursor", "after", "client", "base", "limit"])
            kind = f"[{ftype}]" if many else ftype
            params[name] = kind if kind.startswith(("[", "ref<")) else Plain(kind)
            return Plain("$" + name)

        for name, ftype, nullable in rng.sample(candidates, k=min(len(candidates), rng.randrange(1, 4))):
            if ftype.startswith("["):
                if used & {"contains", "contains_any"}:
                    continue
                element = ftype[1:-1]
                op = "contains_any" if "not_in" not in used and rng.random() < 0.4 else "contains"
                where[name] = Flow({op: operand(element, many=op == "contains_any")})
                used.add(op)
                continue
            choices = ["eq"]
            if ftype in ORDERABLE:
                choices += ["lt", "lte", "gt", "gte"]
            if "not_in" not in used:
                choices += ["in"] + ([] if "ne" in used else ["ne"])  # one not-equal filter a query
            if not used & {"ne", "in", "not_in", "contains_any"}:
                choices.append("not_in")
            op = rng.choice(choices)
            if nullable and op == "eq" and rng.random() < 0.3:
                where[name] = Flow(eq=None)
            elif op == "eq" and rng.random() < 0.5:
                where[name] = operand(ftype)  # the short form
            else:
                where[name] = Flow({op: operand(ftype, many=op in ("in", "not_in"))})
            used.add(op)
            if op in ("lt", "lte", "gt", "gte") or (ftype in ORDERABLE and rng.random() < 0.3):
                order.append(("-" if rng.random() < 0.4 else "") + name)
        if not where:
            return
        # (The first draw once chose a `$limit` parameter, now a warning: a fixed limit keeps the
        # same random sequence, so the same sets.)
        if rng.random() < 0.3:
            query["limit"] = 50
        elif rng.random() < 0.3:
            query["limit"] = rng.randrange(1, 50)
        if rng.random() < 0.2:
            query["doc"] = "Finds " + rng.choice(ODD_TEXT)
        if self.maybe_near_miss("query on the ID"):
            params["who"] = Plain("id")
            where["id"] = Plain("$who")
        if params:
            query["params"] = Flow(params)
        query["where"] = Flow(where)
        if order:
            query["order"] = [Plain(o) if not o.startswith("-") else o for o in order]
        # A collection-group query spans every collection of its ID in the shared database: only
        # over IDs this set owns.
        if rng.random() < 0.2 and collection["parent"] and collection["path"].split("/")[-1].startswith(self.prefix):
            query["group"] = True
        name = f"q{len(collection['queries'])}{rng.randrange(100)}"
        if self.maybe_near_miss("query name"):
            name = rng.choice(REPOSITORY_MEMBERS)
        collection["queries"][name] = query

    def make_keyspace(self):
        rng = self.rng
        name = self.type_name("Window")
        subject = self.names.member("subject")
        window = self.names.member("window")
        window_type = rng.choice(["int", "uuid", "string"] + list(self.enums))
        self.models[name] = {subject: {"type": "string"}, window: {"type": window_type}, "hits": {"type": "int", "default": 0}}
        self.keyspaces[f"{self.prefix}k"] = {"model": name, "key": f"{self.prefix}:{{{subject}}}:{{{window}}}", "ttl": Plain("2m")}

    # MARK: Files

    def make_files(self):
        """The schema files: enums and embedded types in a common file, the rest in the main one."""
        common_name = f"{self.prefix}_common.yaml"
        main_name = f"{self.prefix}_main.yaml"
        common = {"schema": 1, "doc": f"Soundness case {self.seed}: shared declarations. " + self.rng.choice(ODD_TEXT)}
        if self.enums:
            common["enums"] = {}
            for name, spec in self.enums.items():
                entry = {}
                if spec["raw"] == "int":
                    entry["raw"] = Plain("int")
                if spec["open"]:
                    entry["open"] = True
                self.documented(entry)
                if spec["raw"] == "string" and all(raw == value_name for value_name, raw in spec["values"]):
                    entry["values"] = [Plain(value_name) for value_name, _ in spec["values"]]  # the short form
                else:
                    # A value is its raw value, or a mapping with `raw:` and `doc:`.
                    entry["values"] = Flow({value_name: (Flow(raw=raw, doc="Value " + self.rng.choice(ODD_TEXT)) if self.rng.random() < 0.3 else raw)
                                            for value_name, raw in spec["values"]})
                if spec["reserved"]:
                    entry["reserved"] = spec["reserved"]
                common["enums"][name] = entry
        if self.types:
            common["types"] = {name: self.documented({"fields": self.fields_yaml(fields)}) for name, fields in self.types.items()}
        main = {"schema": 1, "imports": [common_name]}
        main["models"] = {}
        for name, fields in self.models.items():
            entry = self.documented({"fields": self.fields_yaml(fields)})
            if self.rng.random() < 0.2:
                entry["reserved"] = [f"retired_{self.rng.randrange(100)}"]  # keys no field uses
            main["models"][name] = entry
        main["collections"] = {}
        for name, spec in self.collections.items():
            entry = self.documented({"model": Plain(spec["model"]), "path": spec["path"], "id_strategy": Plain(spec["id_strategy"])})
            if "cache" in spec:
                entry["cache"] = spec["cache"]
            if spec["queries"]:
                entry["queries"] = {qn: dict(q) for qn, q in spec["queries"].items()}
            main["collections"][name] = entry
        if self.keyspaces:
            main["redis"] = {name: Flow(spec) for name, spec in self.keyspaces.items()}
        return {common_name: "\n".join(emit(common)) + "\n", main_name: "\n".join(emit(main)) + "\n"}

    def documented(self, entry):
        """Adds `doc:` (and now and then `deprecated:`) to a declaration."""
        if self.rng.random() < 0.3:
            entry["doc"] = "About " + self.rng.choice(ODD_TEXT)
        if self.rng.random() < 0.05:
            entry["deprecated"] = "Use another: " + self.rng.choice(ODD_TEXT)
        return entry

    def fields_yaml(self, fields):
        out = {}
        for name, spec in fields.items():
            if isinstance(spec, Plain):
                out[name] = spec
                continue
            entry = Flow()
            for key, value in spec.items():
                if key == "type":
                    entry["type"] = Plain(value) if not value.startswith(("[", "ref<")) else value
                elif key == "audit":
                    entry["audit"] = Plain(value)
                else:
                    entry[key] = value
            out[name] = entry
        return out

    # MARK: Samples

    def sample_value(self, ftype, spec, depth=0):
        """A Firestore REST JSON value of the type, within the field's constraints."""
        rng = self.rng
        spec = spec or {}
        if ftype.startswith("[string:"):
            inner = ftype[len("[string:"):-1].strip()
            count = self.item_count(spec)
            return {"mapValue": {"fields": {f"k{i}.{rng.choice(['x', 'é', ' '])}": self.sample_value(inner, None, depth + 1) for i in range(count)}}}
        if ftype.startswith("["):
            inner = ftype[1:-1]
            return {"arrayValue": {"values": [self.sample_value(inner, None, depth + 1) for _ in range(self.item_count(spec))]}}
        if ftype.startswith("ref<"):
            target = self.collections[ftype[4:-1]]
            path = target["path"]
            while "{" in path:
                start, end = path.index("{"), path.index("}")
                path = path[:start] + "p1" + path[end + 1:]
            return {"referenceValue": f"$ROOT/{path}/r{rng.randrange(10)}"}
        if ftype in self.enums:
            enum = self.enums[ftype]
            if enum["open"] and rng.random() < 0.3:
                if enum["raw"] == "int":
                    known = {raw for _, raw in enum["values"]}
                    return {"integerValue": str(next(n for n in range(1000, 2000) if n not in known))}
                return {"stringValue": f"unknown-{rng.randrange(100)}"}
            raw = rng.choice(enum["values"])[1]
            return {"integerValue": str(raw)} if enum["raw"] == "int" else {"stringValue": raw}
        if ftype in self.types:
            return {"mapValue": {"fields": self.sample_fields(self.types[ftype], depth + 1)}}
        if ftype == "string":
            if "pattern" in spec:
                return {"stringValue": dict(PATTERNS)[spec["pattern"]]}
            low, high = spec.get("min_length", 0), spec.get("max_length", 12)
            text = rng.choice(ODD_TEXT + ["plain"])
            text = (text * 3)[:max(low, min(high, len(text)))]
            while len(text) < low:
                text += "x"
            return {"stringValue": text}
        if ftype == "bool":
            return {"booleanValue": rng.random() < 0.5}
        if ftype == "int":
            low, high = spec.get("min", -(2 ** 63)), spec.get("max", 2 ** 63 - 1)
            return {"integerValue": str(rng.choice([low, high, (low + high) // 2]))}
        if ftype == "double":
            low, high = spec.get("min"), spec.get("max")
            if low is None and high is None:
                return {"doubleValue": rng.choice([0.5, -1.25, 1e300, "Infinity", "-Infinity", 3.0])}
            return {"doubleValue": float(low if low is not None else high)}
        if ftype == "timestamp":
            return {"timestampValue": rng.choice(["2026-01-31T12:00:00.123456Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z"])}
        if ftype == "bytes":
            size = min(spec.get("max_length", 8), 8)
            return {"bytesValue": base64.b64encode(bytes(rng.randrange(256) for _ in range(size))).decode()}
        if ftype == "uuid":
            return {"stringValue": "123e4567-e89b-12d3-a456-42661417400" + str(rng.randrange(10))}
        if ftype == "url":
            return {"stringValue": rng.choice(["https://example.com/a", "https://example.com/a%20b?q=1#f"])}
        if ftype == "geopoint":
            return {"geoPointValue": {"latitude": rng.choice([0.0, -90.0, 45.5]), "longitude": rng.choice([0.0, 180.0, -12.25])}}
        raise ValueError(ftype)

    def item_count(self, spec):
        low, high = spec.get("min_items", 0), spec.get("max_items", 3)
        return self.rng.randrange(low, max(low, high) + 1)

    def sample_fields(self, fields, depth=0):
        out = {}
        for name, spec in fields.items():
            if not isinstance(spec, dict) or "audit" in spec:
                continue
            key = spec.get("key", snake(name))
            if spec.get("optional") and self.rng.random() < 0.3:
                continue
            if spec.get("nullable") and self.rng.random() < 0.3:
                out[key] = {"nullValue": None}
                continue
            out[key] = self.sample_value(spec["type"], spec, depth)
        return out

    def swift_cases(self):
        """A Swift Testing suite for the set: a round trip of each stored model."""
        lines = ["// Generated by scripts/soundness.py. Do not edit.", "import CanonRuntime", "import Foundation", "import Testing", "",
                 f"@Suite(\"soundness case {self.seed}\")", f"struct SoundnessCase{self.seed} {{",
                 "    @Test func roundTrip() async throws {", "        let client = try await Soundness.client()"]
        for index, (name, spec) in enumerate(self.collections.items()):
            model = spec["model"]
            repository = upper_first(name) + "Repository"
            arguments = ["client: client"]
            if spec["placeholder"]:  # each parent ID is "p1"
                labels = self.placeholders(spec["path"])
                arguments += [f"{label}: \"p1\"" for label in labels]
            document = {"name": f"$ROOT/{self.concrete_path(spec['path'])}/d{index}", "fields": self.sample_fields(self.models[model])}
            sample = json.dumps(document, ensure_ascii=False)
            lines.append(f"        let r{index} = {repository}({', '.join(arguments)})")
            lines.append(f"        try await Soundness.roundTrip(r{index}.base, sample: {swift_raw(sample)}, set: \"seed {self.seed}\")")
            # Every named query runs, as a page and a count: the local server accepts what the
            # schema declared. A subcollection's group queries belong to its group type.
            for query_name, query in spec["queries"].items():
                values = [(param, self.swift_literal(str(ptype))) for param, ptype in query.get("params", {}).items()]
                if any(value is None for _, value in values):
                    continue
                # The first argument has no label when the query's name ends with it or with a preposition.
                unlabeled = lambda param: query_name.lower().endswith(lower_camel(param).lower()) or re.search(
                    r"(Of|For|By|With|In|On|At|From|To|Before|After|Since|Until|Near)$", query_name) is not None
                call = ", ".join(value if position == 0 and unlabeled(param) else f"{lower_camel(param)}: {value}"
                                 for position, (param, value) in enumerate(values))
                owner = f"{upper_first(name)}Group(client: client)" if query.get("group") and spec["placeholder"] else f"r{index}"
                lines.append(f"        _ = try await {owner}.{query_name}({call}).page()")
                lines.append(f"        _ = try await {owner}.{query_name}({call}).count()")
        lines += ["    }", "}", ""]
        return "\n".join(lines)

    def swift_literal(self, ftype):
        """A Swift value of a query parameter's type; None where the case writes none (references)."""
        if ftype.startswith("["):
            inner = self.swift_literal(ftype[1:-1])
            return None if inner is None else f"[{inner}]"
        if ftype in self.enums:
            return f"{ftype}.{lower_camel(self.enums[ftype]['values'][0][0])}"
        return {
            "string": '"x"', "int": "1", "double": "1.5", "bool": "true",
            "timestamp": "CanonRuntime.Timestamp(seconds: 0)", "bytes": "CanonRuntime.Bytes([1, 2])",
            "uuid": 'Foundation.UUID(uuidString: "123e4567-e89b-12d3-a456-426614174000")!', "url": 'Foundation.URL(string: "https://example.com")!',
            "geopoint": "CanonRuntime.GeoPoint(latitude: 1, longitude: 2)",
        }.get(ftype)

    @staticmethod
    def placeholders(path):
        return [segment[1:-1] for segment in path.split("/") if segment.startswith("{")]

    @staticmethod
    def concrete_path(path):
        return "/".join("p1" if segment.startswith("{") else segment for segment in path.split("/"))


def swift_raw(text):
    """A Swift raw string literal that holds `text` exactly (one line: JSON escapes newlines)."""
    hashes = "#"
    while ('"' + hashes) in text or ("\\" + hashes) in text:
        hashes += "#"
    return f'{hashes}"{text}"{hashes}'


# MARK: Running


def validate(canon, folder):
    result = subprocess.run([canon, "validate", "--format", "json", folder], capture_output=True, text=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=int(os.environ.get("CANON_SOUNDNESS_CASES", "300")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CANON_SOUNDNESS_SEED", "1")))
    parser.add_argument("--canon", default=os.path.join(ROOT, ".build", "debug", "canon"))
    parser.add_argument("--keep", type=int, help="copy the set of this seed into Fixtures/")
    args = parser.parse_args()

    if args.keep is not None:
        keep(args.keep)
        return
    if os.path.isdir(RANDOM_DIR):
        shutil.rmtree(RANDOM_DIR)
    os.makedirs(RANDOM_DIR)
    accepted = rejected = models = overlapping = 0
    # The accepted sets compile as one module: a near-miss type name (not prefixed by its seed)
    # may be used by one set only.
    taken_types = set()
    codes = {}
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for case in range(args.cases):
            seed = args.seed * 100_000 + case
            if os.path.exists(os.path.join(FIXTURE_DIR, f"s{seed}_main.yaml")):
                continue  # kept as a fixture, compiled from there
            schema = SchemaSet(seed)
            folder = os.path.join(work, str(seed))
            os.makedirs(folder)
            for name, text in schema.files.items():
                with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                    f.write(text)
            result = validate(args.canon, folder)
            if result.returncode == 0:
                types = set(schema.enums) | set(schema.types) | set(schema.models)
                if types & taken_types:
                    overlapping += 1
                    continue
                taken_types |= types
                accepted += 1
                models += len(schema.collections)
                for name, text in schema.files.items():
                    with open(os.path.join(RANDOM_DIR, name), "w", encoding="utf-8") as f:
                        f.write(text)
                with open(os.path.join(RANDOM_DIR, f"{schema.prefix}_cases.swift"), "w", encoding="utf-8") as f:
                    f.write(schema.cases)
            elif result.returncode == 1:
                rejected += 1
                problem = located_errors(result.stdout, codes)
                errors = {d["code"] for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"} if problem is None else set()
                if problem is None and schema.near_miss is not None and not errors <= NEAR_MISS_CODES[schema.near_miss]:
                    problem = f"a '{schema.near_miss}' near miss was rejected with other codes too: {sorted(errors - NEAR_MISS_CODES[schema.near_miss])}: " + " | ".join(
                        d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error")
                if problem is None and schema.near_miss is None:
                    # Every set without a near miss is meant to be valid: rejecting it is either
                    # the validator refusing what works or this generator writing what it did
                    # not mean to; both need a look.
                    problem = "rejected, though it has no near miss: " + " | ".join(
                        d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error")
                if problem:
                    failures.append((seed, problem, schema))
            else:
                failures.append((seed, f"canon validate exited {result.returncode}: {result.stderr[-2000:]}", schema))
    print(f"soundness: {args.cases} schema sets from seed {args.seed}: {accepted} accepted ({models} stored models), "
          f"{rejected} rejected with located errors ({', '.join(f'{c}×{n}' for c, n in sorted(codes.items()))})"
          + (f", {overlapping} accepted but left out (a type name an earlier set uses)" if overlapping else ""))
    for seed, problem, schema in failures:
        print(f"soundness: FAILED seed {seed}: {problem}")
        for name, text in schema.files.items():
            print(f"--- {name}\n{text}")
    if failures:
        print("soundness: keep a failing set as a fixture with scripts/soundness.py --keep SEED")
        sys.exit(1)


def located_errors(output, codes):
    """Checks that `canon validate --format json` reported located CANONxxx errors."""
    try:
        report = json.loads(output)
    except json.JSONDecodeError as error:
        return f"validate printed no JSON ({error})"
    diagnostics = report.get("diagnostics", report) if isinstance(report, dict) else report
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    if not errors:
        return "exit status 1 without an error"
    for d in errors:
        code = d.get("code", "")
        if not code.startswith("CANON") or not d.get("file") or not d.get("line") or not d.get("column"):
            return f"an error without a code or a location: {d}"
        codes[code] = codes.get(code, 0) + 1
    return None


def keep(seed):
    schema = SchemaSet(seed)
    os.makedirs(FIXTURE_DIR, exist_ok=True)
    # Out of Random/, or the next build would declare its types twice.
    for name in os.listdir(RANDOM_DIR) if os.path.isdir(RANDOM_DIR) else []:
        if name.startswith(f"{schema.prefix}_"):
            os.remove(os.path.join(RANDOM_DIR, name))
    for name, text in schema.files.items():
        with open(os.path.join(FIXTURE_DIR, name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(FIXTURE_DIR, f"{schema.prefix}_cases.swift"), "w", encoding="utf-8") as f:
        f.write(schema.cases)
    print(f"soundness: kept seed {seed} in {os.path.relpath(FIXTURE_DIR, ROOT)}")


if __name__ == "__main__":
    main()
