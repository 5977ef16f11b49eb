#!/usr/bin/env python3
"""Fails when a public symbol declared in a module has no doc comment.

Reads the module's symbol graphs in a folder (MODULE.symbols.json, and MODULE@Other.symbols.json
for its extensions of other modules' types), as swift-docc-plugin extracts them: public symbols,
with the docs an implementation inherits from the protocol requirement it satisfies. Symbols
another module supplies (the standard library's default implementations, marked ::SYNTHESIZED::)
are not the module's to document and are not counted. A property wrapper's projection
(`$current`) has nowhere to put a comment of its own: it passes when its wrapped property has one.

Usage: check-doc-comments.py FOLDER
"""
import glob
import json
import os
import sys


def has_text(symbol):
    lines = symbol.get("docComment", {}).get("lines", [])
    return any(line.get("text", "").strip() for line in lines)


def main(folder):
    module = os.path.basename(os.path.normpath(folder))
    paths = sorted(glob.glob(os.path.join(folder, f"{module}.symbols.json")) + glob.glob(os.path.join(folder, f"{module}@*.symbols.json")))
    symbols = []
    for path in paths:
        symbols += json.load(open(path))["symbols"]
    own = [s for s in symbols if s["accessLevel"] in ("public", "open") and "::SYNTHESIZED::" not in s["identifier"]["precise"]]
    if not own:
        print(f"check-doc-comments: no public symbols of {module} in {folder}")
        return 1
    documented = {tuple(s["pathComponents"]) for s in own if has_text(s)}
    missing = []
    for symbol in own:
        components = symbol["pathComponents"]
        if has_text(symbol):
            continue
        if components[-1].startswith("$") and tuple(components[:-1] + [components[-1][1:]]) in documented:
            continue
        location = symbol.get("location", {})
        where = location.get("uri", "?").removeprefix("file://")
        line = location.get("position", {}).get("line")
        where += f":{line + 1}" if line is not None else ""
        missing.append(f"{where}: {symbol['kind']['displayName'].lower()} {'.'.join(components)} has no doc comment")
    for line in sorted(missing):
        print(line)
    print(f"check-doc-comments: {module}: {len(own) - len(missing)} of {len(own)} public symbols documented")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
