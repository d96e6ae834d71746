#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""extract_snippets.py - every C++ snippet of README.md and docs/ as a test.

The convention is docs/rules.md D3. In short: a fenced block tagged `cpp` is
one translation unit; with `int main` it is compiled, linked and run (exit 0),
without it compiled only (-c). A block preceded by `<!-- snippet: body -->`
is a list of statements, wrapped in a function (its #include lines stay at
file scope). A block preceded by `<!-- snippet: copy-of PATH -->` must be the
file PATH without its SPDX line.

    extract_snippets.py --list [--root DIR]
        print every block and how it is built
    extract_snippets.py extract --root DIR --out DIR --manifest FILE
        write one .cpp per block into --out (with #line directives, so a
        compiler error names the Markdown file and line) and a CMake file
        that registers one ctest case per block ("docs: FILE:LINE")
    extract_snippets.py build --mode compile|run --cxx CXX --tu FILE --obj OUT
                        [--link-flags "..."] -- FLAGS...
        the test of one block: compile (and link and run)
    extract_snippets.py copy-check --root DIR --doc FILE --line N --file PATH
        the test of a copy-of block: the block (read now) equals PATH

Standard library only, so that it runs wherever CMake finds Python 3.
"""
import argparse
import pathlib
import re
import shlex
import subprocess
import sys

CPP_LANGUAGES = {"cpp", "c++", "cxx"}
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<ticks>`{3,})\s*(?P<lang>[^\s`]*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*(?P<kind>[a-z-]+)(?:\s+(?P<arg>\S+))?\s*-->\s*$")
MAIN = re.compile(r"\bint\s+main\s*\(")
INCLUDE = re.compile(r"^\s*#\s*include\b")
SPDX = "SPDX-License-Identifier"


class Snippet:
    def __init__(self, doc, line, code, kind, arg):
        self.doc = doc      # path relative to the root, with '/'
        self.line = line    # 1-based line of the opening fence
        self.code = code    # the block's lines, indentation of the fence removed
        self.kind = kind    # None, "body" or "copy-of"
        self.arg = arg      # copy-of: the file

    @property
    def name(self):
        return f"docs: {self.doc}:{self.line}"

    @property
    def mode(self):
        if self.kind == "copy-of":
            return "copy"
        if self.kind != "body" and any(MAIN.search(l) for l in self.code):
            return "run"
        return "compile"

    @property
    def stem(self):
        return re.sub(r"[^A-Za-z0-9]+", "_", self.doc.removesuffix(".md")) + f"_{self.line}"


def documents(root):
    """README.md and every Markdown file under docs/, in a stable order."""
    docs = []
    if (root / "README.md").is_file():
        docs.append(root / "README.md")
    docs.extend(sorted((root / "docs").rglob("*.md")))
    return docs


def snippets_of(root, path, untagged=None):
    rel = path.relative_to(root).as_posix()
    lines = path.read_text(encoding="utf-8").split("\n")
    out, errors = [], []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, ticks, lang = len(m.group("indent")), m.group("ticks"), m.group("lang").lower()
        start = i
        i += 1
        body = []
        while i < len(lines):
            close = FENCE.match(lines[i])
            if close and close.group("ticks") == ticks and not close.group("lang"):
                break
            line = lines[i]
            cut = len(line) - len(line.lstrip(" "))  # the fence's indentation, no more
            body.append(line[min(cut, indent):])
            i += 1
        if i == len(lines):
            errors.append(f"{rel}:{start + 1}: code block never closed")
        i += 1
        # The marker: the last non-blank line before the fence.
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        marker = MARKER.match(lines[j]) if j >= 0 else None
        if not lang and untagged is not None:
            untagged.append(f"{rel}:{start + 1}")
        if lang not in CPP_LANGUAGES:
            if marker:
                errors.append(f"{rel}:{start + 1}: snippet marker before a block that is not cpp")
            continue
        kind = arg = None
        if marker:
            kind, arg = marker.group("kind"), marker.group("arg")
            if kind not in ("body", "copy-of") or (kind == "copy-of") != (arg is not None):
                errors.append(f"{rel}:{j + 1}: unknown snippet marker (body, copy-of PATH)")
                continue
        s = Snippet(rel, start + 1, body, kind, arg)
        if kind == "body" and any(MAIN.search(l) for l in body):
            errors.append(f"{rel}:{start + 1}: a 'body' snippet cannot define main")
        if kind == "copy-of" and not (root / arg).is_file():
            errors.append(f"{rel}:{j + 1}: copy-of {arg}: no such file")
        out.append(s)
    return out, errors


def all_snippets(root, untagged=None):
    found, errors = [], []
    for doc in documents(root):
        s, e = snippets_of(root, doc, untagged)
        found.extend(s)
        errors.extend(e)
    return found, errors


def translation_unit(root, s):
    """The .cpp text of a block; #line directives point at the Markdown."""
    doc = (root / s.doc).as_posix()
    head = [f"// Generated by tests/docs/extract_snippets.py from {s.doc}:{s.line}: edit the document, not this file."]
    first = s.line + 1  # the line after the opening fence
    if s.kind != "body":
        return "\n".join(head + [f'#line {first} "{doc}"'] + s.code) + "\n"
    body = []
    for n, l in enumerate(s.code):
        if INCLUDE.match(l):
            head += [f'#line {first + n} "{doc}"', l]
            body.append("")
        else:
            body.append(l)
    head += ["void mpio_doc_snippet();", "void mpio_doc_snippet()", "{", f'#line {first} "{doc}"']
    return "\n".join(head + body + ["}"]) + "\n"


def strip_spdx(text):
    lines = text.split("\n")
    return "\n".join(l for k, l in enumerate(lines) if not (k < 5 and SPDX in l))


def cmake_quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def command_extract(args):
    root = pathlib.Path(args.root).resolve()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    found, errors = all_snippets(root)
    for e in errors:
        print(f"extract_snippets: {e}", file=sys.stderr)
    if errors:
        return 1
    manifest = ["# Generated by tests/docs/extract_snippets.py: one line per C++ block of the docs."]
    wanted = set()
    for s in found:
        if s.mode == "copy":
            manifest.append(f"mpio_doc_copy({cmake_quote(s.name)} {cmake_quote(s.doc)} {s.line} {cmake_quote(s.arg)})")
            continue
        tu = out / f"{s.stem}.cpp"
        wanted.add(tu.name)
        text = translation_unit(root, s)
        if not tu.is_file() or tu.read_text(encoding="utf-8") != text:  # keep the timestamp when unchanged
            tu.write_text(text, encoding="utf-8")
        manifest.append(f"mpio_doc_snippet({cmake_quote(s.name)} {s.mode} {cmake_quote(tu.as_posix())})")
    for stale in out.glob("*.cpp"):
        if stale.name not in wanted:
            stale.unlink()
    pathlib.Path(args.manifest).write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return 0


def command_list(args):
    root = pathlib.Path(args.root).resolve()
    untagged = []
    found, errors = all_snippets(root, untagged)
    for s in found:
        extra = f" {s.arg}" if s.mode == "copy" else (" (statements wrapped in a function)" if s.kind == "body" else "")
        print(f"{s.doc}:{s.line}: {s.mode}{extra}")
    for u in untagged:
        print(f"{u}: block without a language (not compiled; tag it sh, text, cmake...)")
    for e in errors:
        print(f"error: {e}")
    return 1 if errors else 0


def run(cmd):
    print("+ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    return subprocess.run(cmd).returncode


def command_build(args):
    flags = args.flags[1:] if args.flags[:1] == ["--"] else args.flags
    obj = pathlib.Path(args.obj)
    obj.parent.mkdir(parents=True, exist_ok=True)
    if args.mode == "compile":
        return run([args.cxx, *flags, "-c", args.tu, "-o", str(obj)])
    exe = obj.with_suffix("")
    rc = run([args.cxx, *flags, args.tu, "-o", str(exe), *shlex.split(args.link_flags)])
    if rc != 0:
        return rc
    rc = run([str(exe)])
    if rc != 0:
        print(f"the snippet's program exited with {rc}", file=sys.stderr)
    return rc


def command_copy_check(args):
    root = pathlib.Path(args.root).resolve()
    found, errors = snippets_of(root, root / args.doc)
    block = next((s for s in found if s.line == args.line), None)
    if block is None:
        print(f"{args.doc}:{args.line}: no cpp block starts here any more (re-run CMake)", file=sys.stderr)
        return 1
    want = strip_spdx((root / args.file).read_text(encoding="utf-8")).rstrip("\n").split("\n")
    have = "\n".join(block.code).rstrip("\n").split("\n")
    if want == have:
        return 0
    import difflib
    sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(
        want, have, fromfile=args.file, tofile=f"{args.doc}:{args.line}", lineterm=""))
    print(f"{args.doc}:{args.line} is not the same as {args.file} (without its SPDX line): copy the file into the block",
          file=sys.stderr)
    return 1


def main(argv):
    if argv[:1] == ["--list"] or argv == []:
        p = argparse.ArgumentParser()
        p.add_argument("--list", action="store_true")
        p.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parents[2]))
        return command_list(p.parse_args(argv))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract")
    e.add_argument("--root", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--manifest", required=True)
    b = sub.add_parser("build")
    b.add_argument("--mode", choices=("compile", "run"), required=True)
    b.add_argument("--cxx", required=True)
    b.add_argument("--tu", required=True)
    b.add_argument("--obj", required=True)
    b.add_argument("--link-flags", default="")
    b.add_argument("flags", nargs=argparse.REMAINDER)
    c = sub.add_parser("copy-check")
    c.add_argument("--root", required=True)
    c.add_argument("--doc", required=True)
    c.add_argument("--line", type=int, required=True)
    c.add_argument("--file", required=True)
    args = p.parse_args(argv)
    return {"extract": command_extract, "build": command_build, "copy-check": command_copy_check}[args.command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
