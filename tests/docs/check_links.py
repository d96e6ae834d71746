#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_links.py - the Markdown of README.md and docs/ points only at files
of the repository that exist (docs/rules.md D1).

    check_links.py [--root DIR]

Checks every inline link and image, [text](target): a relative target must
name an existing file or directory inside the repository (an #anchor after
it is not checked); web links (http:, https:, mailto:) are left alone. Any
mention of a folder next to the repository, or of the machine's work
folder (the patterns below), is an error too. Exits 1 and lists each problem as FILE:LINE: message.
"""
import argparse
import pathlib
import re
import sys

LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# A parent-directory path to a sibling folder of the repository ("../" and a
# name), or an absolute path into the machine's work folder: documents must
# not send a reader outside the repository. Spelled in two parts so that this
# file does not itself name such a path.
OUTSIDE = re.compile(r"\.\./" + r"(?:sha" + r"red)\b|/wo" + r"rk/")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def documents(root):
    docs = [root / "README.md"] if (root / "README.md").is_file() else []
    return docs + sorted((root / "docs").rglob("*.md"))


def check(root, path):
    rel = path.relative_to(root).as_posix()
    problems = []
    fence = None
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if OUTSIDE.search(line):
            problems.append(f"{rel}:{n}: points outside the repository: {line.strip()[:80]}")
        m = FENCE.match(line)
        if m:
            fence = None if fence and m.group(1).startswith(fence) else (fence or m.group(1))
            continue
        if fence:
            continue  # code is not a link
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            file = target.split("#", 1)[0]
            resolved = (path.parent / file).resolve()
            if root not in resolved.parents and resolved != root:
                problems.append(f"{rel}:{n}: link outside the repository: {target}")
            elif not resolved.exists():
                problems.append(f"{rel}:{n}: link to a missing file: {target}")
    return problems


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parents[2]))
    root = pathlib.Path(p.parse_args(argv).root).resolve()
    problems = [x for doc in documents(root) for x in check(root, doc)]
    for x in problems:
        print(x)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
