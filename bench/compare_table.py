#!/usr/bin/env python3
"""Prints bench/compare's table: callflow's figures (callflow.json, written by
bench/compare) beside the peers' (results.json of shared/peers bench.mjs),
with the ratios and the targets of issue 9.

    python3 bench/compare_table.py PEERS/out/results.json PEERS/out/callflow.json
"""
import json
import math
import statistics
import sys

# Doubling the size may cost at most 2.2x: a scaling exponent of log2(2.2).
MAX_EXPONENT = math.log2(2.2)


def load(results_path, callflow_path):
    peers = {}
    for r in json.load(open(results_path))["results"]:
        if r.get("median"):
            peers[(r["measurement"], r["n"])] = (r["median"], r.get("info", {}))
    cf = json.load(open(callflow_path))
    by = {}
    for run in cf["runs"]:
        res = run["result"]
        phase = res["phase"]
        if phase == "build_process":
            phase += "_" + run.get("emitter", "plain")
        elif run.get("emitter") == "titled":
            phase += "_titled"
        by.setdefault((phase, run["n"]), []).append(res)
    return peers, by, cf


def med(rows, key):
    vals = [r[key] for r in rows if key in r]
    return statistics.median(vals) if vals else None


def fmt_s(s):
    if s is None:
        return "-"
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.1f ms" % (s * 1e3)
    return "%.0f µs" % (s * 1e6)


def fmt_rate(r):
    if r is None:
        return "-"
    if r >= 1e6:
        return "%.2f M/s" % (r / 1e6)
    return "%.1f k/s" % (r / 1e3)


def fmt_bytes(b):
    if b is None:
        return "-"
    if b >= 1 << 20:
        return "%.1f MB" % (b / (1 << 20))
    return "%.1f kB" % (b / 1024)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt_x(x):
    return "-" if x is None else ("%.1f×" % x if x < 100 else "%.0f×" % x)


def verdict(ok):
    return "-" if ok is None else ("met" if ok else "**not met**")


def main():
    peers, by, cf = load(sys.argv[1], sys.argv[2])
    sizes = sorted({n for (_, n) in by if n > 0})
    rows = [("N", "measure", "callflow", "peer", "ratio", "target", "")]

    def add(n, what, ours, theirs, x, target="", ok=None):
        rows.append(("{:,}".format(n), what, ours, theirs, fmt_x(x) if isinstance(x, float) else (x or "-"),
                     target, verdict(ok)))

    scaling = {}
    for n in sizes:
        comp = by.get(("compile", n), [])
        chk = by.get(("check", n), [])
        run = by.get(("run", n), [])
        big = n == 100000
        c_s = med(comp, "total_s")
        ink = peers.get(("ink-compile", n))
        ink_s = ink[0]["compileS"] if ink else None
        x = ratio(ink_s, c_s)
        add(n, "compile (parse+check+codegen)", fmt_s(c_s), "ink " + fmt_s(ink_s), x,
            "≥50× ink" if big else "", (x >= 50) if big and x else None)
        # As a user runs it: `flowc build` as a process, for the flows of
        # both emitters (issue 21: >= 80x ink at 100k, >= 50x at 10k;
        # process overhead, build wall / in-process compile, <= 1.1).
        # Against ink's compiles made beside the builds, in the same minutes,
        # where there are some (bench/compare: a shared host drifts).
        beside_s = med(by.get(("ink_compile_beside", n), []), "compile_s")
        build_ink_s = beside_s or ink_s
        build_ink = ("ink " + fmt_s(beside_s) + ", beside") if beside_s else "ink " + fmt_s(ink_s)
        for emitter, label in (("plain", "graph_to_flow.py"), ("titled", "graph_to_flow_titled.py")):
            b_s = med(by.get(("build_process_" + emitter, n), []), "wall_s")
            inproc = c_s if emitter == "plain" else med(by.get(("compile_titled", n), []), "total_s")
            x = ratio(build_ink_s, b_s)
            goal = 80 if big else 50 if n == 10000 else None
            add(n, "`flowc build` as a process, %s flow" % label, fmt_s(b_s), build_ink, x,
                "≥%d× ink" % goal if goal else "", (x >= goal) if goal and x else None)
            over = ratio(b_s, inproc)
            add(n, "process overhead (build wall ÷ in-process compile %s), %s" % (fmt_s(inproc), label),
                "%.2f" % over if over else "-", "", "", "≤1.1" if big else "", (over <= 1.1) if big and over else None)
        src = med(comp, "source_bytes")
        rss = med(comp, "peak_rss_kb")
        per_byte = rss * 1024 / src if rss and src else None
        ink_pb = (ink[0]["peakRssMB"] * (1 << 20) / ink[1]["srcBytes"]) if ink and ink[1].get("srcBytes") else None
        add(n, "compile peak RSS per source byte", "%.1f (%s)" % (per_byte, fmt_bytes(rss * 1024)) if per_byte else "-",
            "ink %.0f (%.0f MB)" % (ink_pb, ink[0]["peakRssMB"]) if ink_pb else "-", ratio(ink_pb, per_byte),
            "≤20 B/B" if big else "", (per_byte <= 20) if big and per_byte else None)
        k_s = med(chk, "total_s")
        bp = peers.get(("bpmnlint", n))
        bp_total = bp[0].get("totalS") if bp else None
        bp_lint = bp[0].get("lintS") if bp else None
        x = ratio(bp_total, k_s)
        add(n, "check (parse+check) vs bpmnlint fromXML+lint", fmt_s(k_s), "bpmnlint " + fmt_s(bp_total), x,
            "≥50×" if big else "", (x >= 50) if big and x else None)
        add(n, "check vs bpmnlint lint alone", fmt_s(k_s), "bpmnlint " + fmt_s(bp_lint), ratio(bp_lint, k_s))
        sps = med(run, "steps_per_s")
        ink_run = peers.get(("ink-run", n))
        xs = peers.get(("xstate", n))
        ink_sps = ink_run[0]["stepsPerS"] if ink_run else None
        x = ratio(sps, ink_sps)
        add(n, "run: steps/s, lines rendered", fmt_rate(sps), "ink " + fmt_rate(ink_sps), x,
            "≥100× ink, ≥4 M/s", (x >= 100 and sps >= 4e6) if x else None)
        xs_tps = xs[0]["transitionsPerS"] if xs else None
        x = ratio(sps, xs_tps)
        add(n, "run vs XState transitions/s", fmt_rate(sps), "XState " + fmt_rate(xs_tps), x, "≥10×",
            (x >= 10) if x else None)
        bc = med(comp, "bytecode_bytes")
        ink_json = ink[1].get("jsonBytes") if ink else None
        add(n, "bytecode size (÷ source)", "%s (%.2f)" % (fmt_bytes(bc), bc / src) if bc and src else "-",
            "ink JSON " + fmt_bytes(ink_json), ratio(ink_json, bc), "≤0.5× source",
            (bc / src <= 0.5) if bc and src else None)
        lv = med(run, "load_verify_s")
        ink_load = ink_run[0].get("loadS") if ink_run else None
        add(n, "load+verify", fmt_s(lv), "ink load " + fmt_s(ink_load), ratio(ink_load, lv),
            "≤20 ms" if big else "", (lv <= 0.020) if big and lv else None)
        add(n, "peak RSS: compile / check / run",
            " / ".join(fmt_bytes(v * 1024) if v else "-" for v in
                       (med(comp, "peak_rss_kb"), med(chk, "peak_rss_kb"), med(run, "peak_rss_kb"))),
            "ink %s / bpmnlint %s / ink-run %s" % tuple(
                ("%.0f MB" % p[0]["peakRssMB"]) if p else "-" for p in (ink, bp, ink_run)), None)
        # The phases' own costs come from the sequential compile (one parse
        # thread, codegen after the check); compile is as flowc build runs.
        seq = by.get(("compile_seq", n), []) or comp
        for key, val in (("parse (1 thread)", med(seq, "parse_s")), ("check", med(seq, "check_s")),
                         ("codegen", med(seq, "codegen_s")), ("compile, sequential", med(seq, "total_s")),
                         ("compile (parallel parse, overlapped codegen)", c_s), ("load+verify", lv)):
            scaling.setdefault(key, {})[n] = val

    seed = by.get(("seed000_check", 0), [])
    if seed:
        w = med(seed, "wall_s")
        rows.append(("-", "`flowc check` seed-000 sample, start-up included", fmt_s(w), "", "", "≤20 ms",
                     verdict(w <= 0.020)))

    out = ["| " + " | ".join(r) + " |" for r in rows]
    out.insert(1, "|" + "---|" * len(rows[0]))
    print("\n".join(out))
    print()
    print("Scaling (exponent e: time ∝ N^e; doubling costs 2^e; target e ≤ %.3f, i.e. doubling ≤ 2.2×):" % MAX_EXPONENT)
    print()
    print("| phase | " + " | ".join("{:,}".format(n) for n in sizes) + " | exponent per step | met |")
    print("|---|" + "---|" * len(sizes) + "---|---|")
    for key, vals in scaling.items():
        exps = []
        for a, b in zip(sizes, sizes[1:]):
            if vals.get(a) and vals.get(b):
                exps.append(math.log(vals[b] / vals[a]) / math.log(b / a))
        last = exps[-1] if exps else None
        print("| %s | %s | %s | %s |" % (key, " | ".join(fmt_s(vals.get(n)) for n in sizes),
                                         ", ".join("%.2f" % e for e in exps) or "-",
                                         verdict(last <= MAX_EXPONENT) if last is not None else "-"))
    print()
    print("Load average before / after the callflow runs: %s / %s" % (cf.get("load_before"), cf.get("load_after")))
    if cf.get("cpus_before"):
        print()
        print("A fixed loop on each CPU before / after the callflow runs (equal on a quiet host; "
              "a slow one slows any figure measured on it): %s / %s" % (cf.get("cpus_before"), cf.get("cpus_after")))


if __name__ == "__main__":
    main()
