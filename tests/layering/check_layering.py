#!/usr/bin/env python3
"""The house's layering rules, checked on the source tree.

Every quoted #include of a library file is resolved as the compiler would
(the file's own folder, then the include roots the CMake files give) and
must not land in a folder the rule forbids:

- no library includes a tool's header (tools/): the tools are thin shells
  over libraries, never the reverse;
- the compiler (compiler/) includes nothing of the hosts that run it
  (server/, store/, net/, web/, workbench/, host/);
- no library's CMakeLists.txt names ${CMAKE_SOURCE_DIR}: the fuzz build
  (fuzz/CMakeLists.txt) takes the project in as a subdirectory, where that
  is fuzz/; ${PROJECT_SOURCE_DIR} is the project's root in both builds;
- the runtime's rule (the C++ standard library only) has its own test,
  tests/runtime/check_std_only.cmake.

Usage: check_layering.py SOURCE_DIR   (exit 1 and one line per breach)
       check_layering.py --self-test  (plants breaches in a scratch tree
                                       and asserts each one is found)
"""
import os
import re
import sys
import tempfile

LIBRARIES = ["compiler", "runtime", "answers", "host", "net", "store", "server", "web", "workbench"]
# Where `#include "x"` is looked for after the including file's folder
# (the target_include_directories of the libraries).
ROOTS = [".", "compiler", "runtime/include", "answers", "host", "server", "web/include"]
HOSTS = ["server", "store", "net", "web", "workbench", "host"]
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
SOURCES = (".h", ".hpp", ".cpp", ".cc", ".def", ".inc")


def forbidden(rel_file, rel_target):
    top = rel_file.split("/")[0]
    target_top = rel_target.split("/")[0]
    if target_top == "tools":
        return "a library includes a tool's header"
    if top == "compiler" and target_top in HOSTS:
        return "the compiler includes a host's header (%s/)" % target_top
    return None


def resolve(root, rel_file, name):
    here = os.path.dirname(rel_file)
    for base in [here] + ROOTS:
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(root, cand)):
            return cand.replace(os.sep, "/")
    return None  # generated (the grammar, the embedded pages) or a system header


def breaches(root):
    found = []
    for lib in LIBRARIES:
        for dirpath, _, files in os.walk(os.path.join(root, lib)):
            for f in sorted(files):
                if f == "CMakeLists.txt":
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        for n, line in enumerate(fh, 1):
                            if "${CMAKE_SOURCE_DIR}" in line and not line.lstrip().startswith("#"):
                                found.append("%s:%d: names ${CMAKE_SOURCE_DIR} (the fuzz build's is fuzz/): "
                                             "use ${PROJECT_SOURCE_DIR}" % (rel, n))
                    continue
                if not f.endswith(SOURCES):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                for m in INCLUDE.finditer(text):
                    target = resolve(root, rel, m.group(1))
                    why = target and forbidden(rel, target)
                    if why:
                        line = text.count("\n", 0, m.start()) + 1
                        found.append("%s:%d: %s: \"%s\" is %s" % (rel, line, why, m.group(1), target))
    return found


def self_test():
    plants = {
        "compiler/lint/a.cpp": '#include "tools/flowrun/answers.h"\n',   # by root
        "server/b.cpp": '#include "../tools/flowc/common.h"\n',          # relative
        "compiler/check/c.cpp": '#include "store/store.h"\n',            # a host
        "store/CMakeLists.txt": 'target_include_directories(x PUBLIC ${CMAKE_SOURCE_DIR})\n',
    }
    clean = {
        "compiler/check/ok.cpp": '#include "check/sema.h"\n#include <vector>\n#include "Generated.h"\n',
        "server/ok.cpp": '#include "store/store.h"\n',                   # hosts may use hosts
        "tools/flowc/ok.cpp": '#include "tools/flowc/common.h"\n',       # tools are not checked
    }
    headers = ["tools/flowrun/answers.h", "tools/flowc/common.h", "store/store.h", "compiler/check/sema.h"]
    with tempfile.TemporaryDirectory() as root:
        for rel, text in list(plants.items()) + list(clean.items()) + [(h, "") for h in headers]:
            os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as fh:
                fh.write(text)
        found = breaches(root)
    ok = True
    for rel in plants:
        if not any(b.startswith(rel + ":1:") for b in found):
            print("self-test: the breach in %s was not found" % rel)
            ok = False
    if len(found) != len(plants):
        print("self-test: expected %d breaches, found:\n  %s" % (len(plants), "\n  ".join(found)))
        ok = False
    print("self-test: %s" % ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    found = breaches(argv[1])
    for b in found:
        print(b)
    print("layering: %d breach%s" % (len(found), "" if len(found) == 1 else "es"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
