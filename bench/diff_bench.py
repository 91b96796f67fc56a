#!/usr/bin/env python3
"""The cost of `flowc diff` against `flowc check` on large flows.

    python3 bench/diff_bench.py [--steps N] [--runs R] [--flowc PATH]

Generates a flow of N steps (bench/gen_flow.py, default 100,000), a copy
in which 1% of the steps differ (every 100th step: its line reworded, and
every 200th also a retargeted jump or a changed price quote), and times,
best of R runs each:

  check: `flowc check OLD NEW` (both flows checked, one after the other)
  diff:  `flowc diff OLD NEW`  (both checked and compiled on two threads,
         then compared)

and prints both and their ratios (the goal: diff <= 2x check), in wall
time and in CPU time (user + system; the diff's two threads add up), best
of R. Run it on a quiet machine.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time


def best(cmd, runs, ok_codes):
    """Best wall time and best CPU time (user + system) of `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t)
        cpus.append(ru.ru_utime + ru.ru_stime)
        code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            sys.exit("%s exited %d" % (" ".join(cmd), code))
    return min(walls), min(cpus)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--flowc", default=os.path.join("build", "tools", "flowc", "flowc"))
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as d:
        old = os.path.join(d, "old.flow")
        new = os.path.join(d, "new.flow")
        text = subprocess.run([sys.executable, os.path.join(here, "gen_flow.py"), str(a.steps)],
                              check=True, capture_output=True, text=True).stdout
        open(old, "w").write(text)
        changed = [0]

        def edit(m):
            k = int(m.group(1))
            if k % 100 != 7:
                return m.group(0)
            changed[0] += 1
            return m.group(0).replace("This is step", "This is now step")

        text2 = re.sub(r'  step s(\d+) "Step \d+" \{\n    say "[^\n]*', edit, text)
        open(new, "w").write(text2)
        out = subprocess.run([a.flowc, "diff", old, new], capture_output=True, text=True)
        summary = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "?"
        check = best([a.flowc, "check", old, new], a.runs, (0,))
        diff = best([a.flowc, "diff", old, new], a.runs, (1,))
        print("steps: %d, steps changed: %d (%s)" % (a.steps, changed[0], summary))
        print("check OLD NEW: wall %.3f s, cpu %.3f s" % check)
        print("diff  OLD NEW: wall %.3f s, cpu %.3f s" % diff)
        print("ratio diff/check: wall %.2f, cpu %.2f" % (diff[0] / check[0], diff[1] / check[1]))


if __name__ == "__main__":
    main()
