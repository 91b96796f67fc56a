#!/usr/bin/env python3
"""Writes a copy of LLVM 14's llvm/Support/JSON.h that clang-14 accepts in
C++20 mode with libstdc++ 12 (the fuzz build only; see fuzz/CMakeLists.txt).

libstdc++ 12 makes std::vector's members constexpr under C++20, and clang-14
instantiates a constexpr function as soon as it is used, so the member
functions that json::Array defines in its class body (V.front(), V.size(),
...) instantiate std::vector<Value> while Value is still incomplete, and
every file including JSON.h fails. LLVM later moved those bodies out of the
class; this script does the same to a copy: each one-line, non-template
member defined in `class Array` becomes a declaration, and its body is
defined `inline` after `class Value`. Declarations, layout and behaviour are
unchanged.

Usage: patch_llvm_json.py SYSTEM_JSON_H OUT_JSON_H
"""
import re
import sys


def main(src, dst):
    text = open(src).read()
    start = text.index("\nclass Array {\n")
    end = text.index("\n};\n", start)
    body = text[start:end].split("\n")
    # Join a definition broken over lines: `iterator insert(iterator P, Value &&E) {`
    # followed by its body line and `}`.
    joined = []
    i = 0
    while i < len(body):
        line = body[i]
        if re.match(r"^  [^/ ].*\) \{$", line) and "template" not in line and i + 2 < len(body) \
                and body[i + 2].strip() == "}" and "template" not in body[i - 1]:
            line = line + " " + body[i + 1].strip() + " }"
            i += 2
        joined.append(line)
        i += 1
    member = re.compile(r"^  (?P<ret>[A-Za-z_:<>&* ]+?) ?(?P<ref>[&*]?)(?P<name>operator\[\]|[A-Za-z_]+)"
                        r"\((?P<params>[^)]*)\)(?P<const> const)? \{ (?P<body>.*) \}$")
    friend = re.compile(r"^  friend bool operator==\(const Array &L, const Array &R\) \{ (?P<body>.*) \}$")
    out, defs = [], []
    for line in joined:
        m = member.match(line)
        f = friend.match(line)
        if f:
            out.append("  friend bool operator==(const Array &L, const Array &R);")
            defs.append("inline bool operator==(const Array &L, const Array &R) { %s }" % f.group("body"))
        elif m and not line.lstrip().startswith(("template", "explicit", "Array(")):
            ret = m.group("ret").strip()
            qual = "Array::" + ret if ret in ("iterator", "const_iterator") else ret
            out.append("  %s %s%s(%s)%s;" % (ret, m.group("ref"), m.group("name"), m.group("params"),
                                             m.group("const") or ""))
            defs.append("inline %s %sArray::%s(%s)%s { %s }" % (qual, m.group("ref"), m.group("name"),
                                                            m.group("params"), m.group("const") or "",
                                                            m.group("body")))
        else:
            out.append(line)
    if len(defs) < 20:
        sys.exit("patch_llvm_json.py: only %d members of json::Array moved; is %s LLVM 14's?" % (len(defs), src))
    text = text[:start] + "\n".join(out) + text[end:]
    value_end = text.index("\n};\n", text.index("\nclass Value {\n")) + len("\n};\n")
    text = (text[:value_end] + "\n// Moved out of class Array (patch_llvm_json.py).\n" + "\n".join(defs) + "\n"
            + text[value_end:])
    open(dst, "w").write(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
