#!/usr/bin/env bash
# Checks docs/Guide.md by doing what it says: writes every file it shows (a `<!-- file: PATH -->`
# line before a code block) into a new package beside this checkout of Canon, runs every command
# of its `sh` blocks in order, and checks that each prints the lines of the `<!-- output -->`
# block after it. The guide's `../canon` is this checkout. Its builds use the example package's
# build folder (CANON_GUIDE_SCRATCH to choose another), where Canon's dependencies are built
# already: scripts/test.sh runs this after scripts/test-examples.sh. (The cost: a module that
# folder holds but the guide's package does not declare could be imported here and not in a fresh
# build; the guide's imports are the ones its Package.swift declares.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec python3 - "$root" "$work" "${CANON_GUIDE_SCRATCH:-$root/Examples/CasefileService/.build}" <<'PY'
import os, re, subprocess, sys

root, work, scratch = sys.argv[1:4]
identity = os.path.basename(root).removesuffix(".git").lower()
lines = open(os.path.join(root, "docs/Guide.md"), encoding="utf-8").read().split("\n")

def fail(message, output=""):
    print(output[-6000:], file=sys.stderr)
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)

# The steps, in order: ("file", path, text), ("run", [commands], [expected lines]).
steps, marker, i = [], None, 0
while i < len(lines):
    stripped = lines[i].strip()
    found = re.fullmatch(r"<!-- (?:file: (.+)|(output)) -->", stripped)
    fence = re.fullmatch(r"```(\w*)", stripped)
    if found:
        marker = found.group(1) or "output"
    elif fence:
        body, i = [], i + 1
        while lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        if marker == "output":
            steps[-1][2].extend(line for line in body if line.strip())
        elif marker:
            steps.append(("file", marker, "\n".join(body) + "\n"))
        elif fence.group(1) == "sh":
            steps.append(("run", [line for line in body if line.strip() and not line.startswith("#")], []))
        elif fence.group(1) != "text":
            # Code the reader types must be checked: every swift or yaml block names its file.
            fail(f"docs/Guide.md:{i + 1}: a {fence.group(1) or 'plain'} block names no file (<!-- file: PATH -->)")
        marker = None
    i += 1

folder, files, checked = work, 0, 0
for step in steps:
    if step[0] == "file":
        path = os.path.join(folder, step[1])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # The guide's checkout of Canon is ../canon; here it is this one.
        text = step[2].replace('"../canon', f'"{root}').replace('package: "canon"', f'package: "{identity}"')
        open(path, "w", encoding="utf-8").write(text)
        files += 1
        continue
    for command in step[1]:
        created = re.fullmatch(r"mkdir (\S+) && cd \1", command)
        if created:
            folder = os.path.join(folder, created.group(1))
            os.makedirs(folder)
            continue
        if not command.startswith("swift "):
            fail(f"the guide runs a command this check does not know: {command}")
        # `swift SUBCOMMAND --scratch-path … ARGUMENTS`: after `swift run PRODUCT` come the product's own.
        words = command.split(" ", 2)
        result = subprocess.run(" ".join(words[:2] + [f"--scratch-path '{scratch}'"] + words[2:]), shell=True, cwd=folder,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            fail(f"'{command}' failed (exit {result.returncode})", result.stdout)
        for expected in step[2]:
            if expected not in result.stdout:
                fail(f"'{command}' did not print: {expected}", result.stdout)
        checked += 1
if checked < 2:
    fail(f"the guide ran {checked} swift commands; expected its run and its tests")
print(f"guide: {files} files written, {checked} commands run and their output checked")
PY
