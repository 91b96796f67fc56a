#!/usr/bin/env python3
"""A red-team pass over the built tools, meant for the sanitizer build.

    fuzz/redteam.py [--build DIR] [--mutants N] [--flips N] [--seed S]
                    [--jobs J] [--work DIR] [--keep-going]

Where the libFuzzer targets (fuzz/run.sh) call the libraries in-process,
this pass runs the tools as a user does, on inputs it makes itself from the
repository (nothing is downloaded, nothing is committed):

- source mutants: every .flow of samples/ and tests/ mutated N times in
  all (lines deleted, doubled, swapped or cut; a token deleted or doubled; a
  brace dropped or added; bytes flipped; a number made huge; a string made
  long; the text cut short), each run through every flowc command that
  takes a flow: check, build, disasm, script (Markdown and HTML), graph,
  strings, fmt --check and dump-ast; the ones that build are also run by
  flowrun with answers made from the mutant's number;
- bytecode: every sample compiled, then single bits flipped with the CRC
  recomputed (so the verifier proper sees them), each loaded by
  `flowc disasm` and run by `flowrun`;
- journals: the recorded seed-000 call journaled by flowrun, then the
  journal cut at every byte and each cut resumed.

A run fails on any process that dies of a signal or exits with a code of
128 or more, and on any sanitizer report (ASan, LSan and UBSan write to a
log directory under --work). Each failure is copied with a command line
that reproduces it into WORK/failures/. Exit 0 when nothing failed.

By default it uses build-asan/ (scripts/test-asan.sh builds it), so memory
errors and undefined behaviour are caught, not only crashes.
docs/fuzzing.md has the last campaign's figures.
"""
import argparse
import concurrent.futures
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 120  # seconds per process: a hang is a failure too


def flows_of_repo():
    out = []
    for top in ("samples", "tests"):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            out += [os.path.join(d, f) for f in files if f.endswith(".flow")]
    return sorted(out)


# ---- source mutants --------------------------------------------------------

TOKEN = re.compile(rb'"(?:[^"\\\n]|\\.)*"|[A-Za-z_][\w.-]*|\d+(?:\.\d+)?|->|==|!=|<=|>=|\S')


def mutate(text, rng):
    lines = text.split(b"\n")
    kind = rng.randrange(12)
    if kind == 0 and len(lines) > 1:                       # delete a line
        del lines[rng.randrange(len(lines))]
    elif kind == 1:                                        # double a line
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 2 and len(lines) > 2:                     # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:                                        # cut the text short
        return text[: rng.randrange(len(text) + 1)]
    elif kind in (4, 5):                                   # delete or double a token
        toks = list(TOKEN.finditer(text))
        if toks:
            m = toks[rng.randrange(len(toks))]
            mid = b"" if kind == 4 else m.group(0) + b" " + m.group(0)
            return text[: m.start()] + mid + text[m.end():]
    elif kind == 6:                                        # drop or add a brace
        pos = [m.start() for m in re.finditer(rb"[{}]", text)]
        if pos and rng.random() < 0.5:
            p = rng.choice(pos)
            return text[:p] + text[p + 1:]
        p = rng.randrange(len(text) + 1)
        return text[:p] + rng.choice([b"{", b"}", b"{{", b"}}"]) + text[p:]
    elif kind == 7:                                        # flip bytes
        b = bytearray(text)
        for _ in range(rng.randint(1, 4)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    elif kind == 8:                                        # a huge number
        nums = list(re.finditer(rb"\d+(?:\.\d+)?", text))
        if nums:
            m = rng.choice(nums)
            big = rng.choice([b"99999999999999999999", b"4294967296", b"18446744073709551616",
                              b"112589990684262.40", b"0.001", b"-1"])
            return text[: m.start()] + big + text[m.end():]
    elif kind == 9:                                        # a long string
        strs = list(re.finditer(rb'"[^"\n]*"', text))
        if strs:
            m = rng.choice(strs)
            filler = rng.choice([b"x" * 70000, b"{" * 300, b"\x1b[2J\x07" * 50, "й".encode() * 20000])
            return text[: m.start() + 1] + filler + text[m.end() - 1:]
    elif kind == 10:                                       # a line from elsewhere in the file
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines.insert(i, lines[j])
    else:                                                  # several mutations at once
        for _ in range(rng.randint(2, 5)):
            text = mutate(text, rng)
        return text
    return b"\n".join(lines)


# ---- running ----------------------------------------------------------------

class Runner:
    def __init__(self, flowc, flowrun, work, logs):
        self.flowc, self.flowrun, self.work, self.logs = flowc, flowrun, work, logs
        self.env = dict(os.environ)
        self.env["ASAN_OPTIONS"] = f"detect_leaks=1:log_path={logs}/asan:abort_on_error=1"
        self.env["LSAN_OPTIONS"] = f"log_path={logs}/lsan"
        self.env["UBSAN_OPTIONS"] = f"print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path={logs}/ubsan"

    def run(self, argv, stdin=b""):
        """Returns None when the process ended as a tool should, else why not."""
        try:
            p = subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=TIMEOUT, env=self.env, cwd=self.work)
        except subprocess.TimeoutExpired:
            return f"did not end within {TIMEOUT} s"
        if p.returncode < 0:
            return f"died of signal {-p.returncode}"
        if p.returncode >= 128:
            return f"exit {p.returncode}: " + p.stderr.decode(errors="replace")[-300:]
        if b"runtime error:" in p.stderr:  # UBSan without abort
            return "UBSan: " + p.stderr.decode(errors="replace")[-300:]
        return None


def answers_for(seed):
    rng = random.Random(seed)
    lines = []
    for _ in range(rng.randint(0, 40)):
        kind = rng.randrange(6)
        if kind == 0:
            lines.append(f'choose {rng.randint(1, 4)}')
        elif kind == 1:
            lines.append('provide "' + rng.choice(["yes", "no", "1", "0.00", "Dana", "payg", "x" * 300]) + '"')
        elif kind == 2:
            lines.append(f"number {rng.randint(-5, 99999)}")
        elif kind == 3:
            lines.append(rng.choice(["accept", "decline", "skip"]))
        elif kind == 4:
            lines.append('set agent "Sam"')
        else:
            lines.append('provide "' + "\\u001b[2J" + '"')
    return "\n".join(lines) + "\n"


def source_case(r, idx, path):
    base = os.path.join(r.work, "src", f"m{idx}")
    os.makedirs(base, exist_ok=True)
    f = os.path.join(base, "m.flow")
    out = os.path.join(base, "out")
    ans = os.path.join(base, "m.answers")
    with open(ans, "w") as a:
        a.write(answers_for(idx))
    cmds = [
        [r.flowc, "check", f],
        [r.flowc, "build", f, "-o", out + ".flowc"],
        [r.flowc, "disasm", f],
        [r.flowc, "script", "--format=md", f, "-o", out + ".md"],
        [r.flowc, "script", "--format=html", f, "-o", out + ".html"],
        [r.flowc, "graph", f, "-o", out + ".dot"],
        [r.flowc, "strings", f, "-o", out + ".csv"],
        [r.flowc, "fmt", "--check", f],
        [r.flowc, "dump-ast", f],
    ]
    fails = []
    for c in cmds:
        why = r.run(c)
        if why:
            fails.append((c, why))
    if os.path.exists(out + ".flowc"):
        c = [r.flowrun, out + ".flowc", "--json", "--answers", ans]
        why = r.run(c)
        if why:
            fails.append((c, why))
    if not fails:
        shutil.rmtree(base, ignore_errors=True)
    return fails


def bytecode_cases(r, programs, flips, rng):
    jobs = []
    for n in range(flips):
        name, good = programs[rng.randrange(len(programs))]
        b = bytearray(good)
        pos = rng.randrange(len(b) - 4)
        b[pos] ^= 1 << rng.randrange(8)
        b[-4:] = struct.pack("<I", zlib.crc32(bytes(b[:-4])) & 0xFFFFFFFF)
        jobs.append((f"{name}-flip{n}-byte{pos}", bytes(b), n))
    return jobs


def bytecode_case(r, tag, data, n):
    base = os.path.join(r.work, "bc", tag)
    os.makedirs(base, exist_ok=True)
    f = os.path.join(base, "p.flowc")
    ans = os.path.join(base, "p.answers")
    with open(f, "wb") as out:
        out.write(data)
    with open(ans, "w") as a:
        a.write(answers_for(10_000_000 + n))
    fails = []
    for c in ([r.flowc, "disasm", f], [r.flowrun, f, "--json", "--answers", ans]):
        why = r.run(c)
        if why:
            fails.append((c, why))
    if not fails:
        shutil.rmtree(base, ignore_errors=True)
    return fails


def journal_case(r, journal, cut, program, answers):
    base = os.path.join(r.work, "journal", f"cut{cut}")
    os.makedirs(base, exist_ok=True)
    j = os.path.join(base, "call.journal")
    with open(j, "wb") as out:
        out.write(journal[:cut])
    c = [r.flowrun, program, "--json", "--resume", j, "--answers", answers]
    why = r.run(c)
    if not why:
        shutil.rmtree(base, ignore_errors=True)
        return []
    return [(c, why)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build-asan"))
    ap.add_argument("--mutants", type=int, default=7000)
    ap.add_argument("--flips", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()

    flowc = os.path.join(args.build, "tools", "flowc", "flowc")
    flowrun = os.path.join(args.build, "tools", "flowrun", "flowrun")
    for exe in (flowc, flowrun):
        if not os.access(exe, os.X_OK):
            sys.exit(f"redteam: {exe} is not built (scripts/test-asan.sh builds build-asan/)")
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="callflow-redteam-"))
    logs = os.path.join(work, "sanitizer-logs")
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs)
    r = Runner(flowc, flowrun, work, logs)
    rng = random.Random(args.seed)

    sources = flows_of_repo()
    texts = {p: open(p, "rb").read() for p in sources}
    failures, counts = [], {"source": 0, "bytecode": 0, "journal": 0}

    def record(kind, fs, what):
        counts[kind] += 1
        for c, why in fs:
            failures.append((kind, what, c, why))
            print(f"redteam: FAILED {kind} {what}: {' '.join(c)}: {why}", flush=True)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        # Source mutants.
        futs = {}
        for i in range(args.mutants):
            src = sources[rng.randrange(len(sources))]
            text = mutate(texts[src], rng)
            d = os.path.join(work, "src", f"m{i}")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "m.flow"), "wb") as out:
                out.write(text)
            futs[pool.submit(source_case, r, i, src)] = f"m{i} (from {os.path.relpath(src, ROOT)})"
        for n, fut in enumerate(concurrent.futures.as_completed(futs), 1):
            record("source", fut.result(), futs[fut])
            if n % 500 == 0:
                print(f"redteam: {n}/{args.mutants} source mutants", flush=True)

        # Bytecode with single bits flipped and the CRC fixed.
        programs = []
        for p in ("samples/anything_computers/anything_computers.flow",
                  "samples/case_registration/case_registration.flow",
                  "samples/contract/pay_as_you_go.flow"):
            out = os.path.join(work, os.path.basename(p) + "c")
            if subprocess.run([flowc, "build", os.path.join(ROOT, p), "-o", out], env=r.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                programs.append((os.path.basename(p)[:-5], open(out, "rb").read()))
        if programs:
            futs = {pool.submit(bytecode_case, r, tag, data, n): tag
                    for tag, data, n in bytecode_cases(r, programs, args.flips, rng)}
            for fut in concurrent.futures.as_completed(futs):
                record("bytecode", fut.result(), futs[fut])

        # The seed-000 call journaled, then cut at every byte and resumed.
        program = os.path.join(work, "anything_computers.flowc")
        answers = os.path.join(ROOT, "samples/anything_computers/calls/payg_remote_session.answers")
        journal = os.path.join(work, "full.journal")
        if os.path.exists(program):
            subprocess.run([flowrun, program, "--json", "--answers", answers, "--journal", journal, "--force"],
                           env=r.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(journal):
            data = open(journal, "rb").read()
            futs = {pool.submit(journal_case, r, data, cut, program, answers): f"cut at {cut}"
                    for cut in range(len(data) + 1)}
            for fut in concurrent.futures.as_completed(futs):
                record("journal", fut.result(), futs[fut])

    reports = sorted(os.listdir(logs))
    for rep in reports:
        failures.append(("sanitizer", rep, [], open(os.path.join(logs, rep), errors="replace").read()[:2000]))
        print(f"redteam: sanitizer report {os.path.join(logs, rep)}")
    print(f"redteam: {counts['source']} source mutants (each through 9 flowc commands, and flowrun when it built), {counts['bytecode']} "
          f"bytecode files, {counts['journal']} journal cuts; {len(failures)} failures; work: {work}")
    if failures:
        fdir = os.path.join(work, "failures")
        os.makedirs(fdir, exist_ok=True)
        with open(os.path.join(fdir, "README.txt"), "w") as out:
            for kind, what, c, why in failures:
                out.write(f"{kind} {what}\n  {' '.join(c)}\n  {why}\n\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
