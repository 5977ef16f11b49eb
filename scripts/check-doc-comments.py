#!/usr/bin/env python3
"""Fails when a public symbol declared in a module has no doc comment.

Reads the module's symbol graph (as swift-docc-plugin extracts it: public symbols, with the docs
an implementation inherits from the protocol requirement it satisfies). Symbols another module
supplies (the standard library's default implementations, marked ::SYNTHESIZED::) are not the
module's to document. A property wrapper's projection (`$current`) has nowhere to put a comment
of its own: it passes when its wrapped property has one.

Usage: check-doc-comments.py MODULE.symbols.json
"""
import json
import sys


def main(path):
    symbols = json.load(open(path))["symbols"]
    documented = {tuple(s["pathComponents"]) for s in symbols if s.get("docComment")}
    missing = []
    for symbol in symbols:
        if symbol["accessLevel"] not in ("public", "open"):
            continue
        if "::SYNTHESIZED::" in symbol["identifier"]["precise"] or symbol.get("docComment"):
            continue
        components = symbol["pathComponents"]
        if components[-1].startswith("$") and tuple(components[:-1] + [components[-1][1:]]) in documented:
            continue
        location = symbol.get("location", {})
        where = location.get("uri", "?").removeprefix("file://")
        line = location.get("position", {}).get("line")
        where += f":{line + 1}" if line is not None else ""
        missing.append(f"{where}: {symbol['kind']['displayName'].lower()} {'.'.join(components)} has no doc comment")
    module = json.load(open(path))["module"]["name"]
    for line in sorted(missing):
        print(line)
    print(f"check-doc-comments: {module}: {len(symbols) - len(missing)} of {len(symbols)} public symbols documented")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
