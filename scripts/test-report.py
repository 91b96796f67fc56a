#!/usr/bin/env python3
"""Summarises the test results of one or more stages of scripts/test.sh.

Usage: test-report.py [--title T] STAGE=DIR [STAGE=DIR ...]

Each DIR holds the JUnit XML files a stage wrote: ctest's (--output-junit),
lit's (--xunit-xml-output, one testcase per file test) and GoogleTest's
(--gtest_output=xml, the ThreadSanitizer stage runs the binaries itself).
A stage with no result file did not get as far as running its tests (its
build failed, most likely: the log above says why); it counts as one
failure.

Prints, last, the failed tests of every stage by name and the closing line
"test.sh: N passed, N failed" (with ", N skipped" when some were), so that
the last lines of a red run say why it is red. Exits 1 when a test failed
or a stage has no results, else 0.

ctest runs lit as one test named "lit"; when lit's own report is there its
file tests are counted one by one instead.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def cases(path):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        yield ("<report>", os.path.basename(path), "error", f"unreadable report: {e}")
        return
    for tc in root.iter("testcase"):
        name = tc.get("name", "?")
        cls = tc.get("classname", "")
        status = (tc.get("status") or "").lower()
        if tc.find("failure") is not None or tc.find("error") is not None or status == "fail":
            verdict = "failed"
        elif tc.find("skipped") is not None or status in ("notrun", "disabled", "skipped"):
            verdict = "skipped"
        else:
            verdict = "passed"
        yield (cls, name, verdict, "")


def stage_results(directory):
    files = sorted(glob.glob(os.path.join(directory, "*.xml")))
    has_lit = any(os.path.basename(f).startswith("lit") for f in files)
    out = []
    lit_failed_in_ctest = False
    for f in files:
        is_ctest = os.path.basename(f).startswith("ctest")
        for cls, name, verdict, why in cases(f):
            if is_ctest and has_lit and name == "lit":
                # Counted file by file from lit's own report, unless lit
                # failed in a way its report does not show (checked below).
                lit_failed_in_ctest = verdict == "failed"
                continue
            if verdict == "failed" or why:
                verdict = "failed"
            label = name if is_ctest or not cls else f"{cls}.{name}"
            if os.path.basename(f).startswith("lit"):
                label = f"lit: {cls.replace('callflow.', '', 1)}/{name}" if cls else f"lit: {name}"
            out.append((label, verdict))
    if lit_failed_in_ctest and not any(l.startswith("lit: ") and v == "failed" for l, v in out):
        out.append(("lit (failed with no file test failing in its report: see its output above)", "failed"))
    return files, out


def main(argv):
    title = "test.sh"
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--title":
        title, args = args[1], args[2:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    lines = []
    broken = False
    for arg in args:
        stage, _, directory = arg.partition("=")
        files, results = stage_results(directory)
        if not files:
            lines.append(f"  {stage}: no test results in {directory}")
            lines.append(f"    FAILED {stage} stopped before its tests ran (its build, most likely: see above)")
            failed += 1
            broken = True
            continue
        p = sum(1 for _, v in results if v == "passed")
        f = [n for n, v in results if v == "failed"]
        s = sum(1 for _, v in results if v == "skipped")
        passed, failed, skipped = passed + p, failed + len(f), skipped + s
        lines.append(f"  {stage}: {p} passed, {len(f)} failed" + (f", {s} skipped" if s else ""))
        for n in f:
            lines.append(f"    FAILED {n}")
    print(f"{title}: results by stage")
    for l in lines:
        print(l)
    closing = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
    print(f"{title}: {closing}")
    return 1 if failed or broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
