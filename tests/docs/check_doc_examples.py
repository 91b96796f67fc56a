"""Runs `flowc check` on every complete flow example of a Markdown file.

An example is a fenced block whose info string is `flow check`; it must
check clean (exit 0). Plain ```flow blocks are fragments and are skipped.
Prints one line per example and exits 1 when any fails or none is found
(a renamed fence must not silently stop the test).

usage: check_doc_examples.py FLOWC FILE.md [MIN_EXAMPLES]
"""
import os
import re
import subprocess
import sys
import tempfile


def examples(text):
    fence = re.compile(r"^```flow check[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
    for m in fence.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        yield line, m.group(1)


def main():
    flowc, md = sys.argv[1], sys.argv[2]
    least = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with open(md, encoding="utf-8") as f:
        text = f.read()
    found = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for line, body in examples(text):
            found += 1
            path = os.path.join(tmp, "example_line_%d.flow" % line)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            r = subprocess.run([flowc, "check", path], capture_output=True, text=True)
            status = "ok" if r.returncode == 0 else "FAILED (exit %d)" % r.returncode
            print("%s:%d: %s" % (os.path.basename(md), line, status))
            if r.returncode != 0:
                failed += 1
                sys.stdout.write(r.stdout + r.stderr)
    if found < least:
        print("%s: %d 'flow check' examples, expected at least %d" % (md, found, least))
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
