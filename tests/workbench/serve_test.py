#!/usr/bin/env python3
"""`flowc serve` over real HTTP: the command line (help, a missing
directory, a non-loopback or malformed --listen, exit codes), and on a
running server the page with its CSP, the files API, 403 for a foreign
Host (DNS rebinding) or Origin, 400 for malformed JSON, 413 for a body over
the limit, and exit 0 on SIGTERM.

    serve_test.py --flowc FLOWC --source-dir DIR
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flowc", required=True)
    ap.add_argument("--source-dir", required=True)
    args = ap.parse_args()
    flowc = args.flowc

    # ---- the command line ----------------------------------------------------
    r = subprocess.run([flowc, "serve", "--help"], capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, "serve --help exits 0 (%d)" % r.returncode)
    check("--listen" in r.stdout and "workbench" in r.stdout, "serve --help names --listen: " + r.stdout[:300])
    r = subprocess.run([flowc, "serve", "/no/such/dir"], capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "not a directory" in r.stderr, "a missing DIR: exit 2 (%d) %s" % (r.returncode, r.stderr))
    r = subprocess.run([flowc, "serve", ".", "--listen=0.0.0.0:0"], capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "loopback" in r.stderr, "a non-loopback --listen: exit 2 (%d) %s" % (r.returncode, r.stderr))
    r = subprocess.run([flowc, "serve", ".", "--listen=nonsense"], capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "HOST:PORT" in r.stderr, "a malformed --listen: exit 2 (%d) %s" % (r.returncode, r.stderr))

    # ---- a running server ----------------------------------------------------
    work = tempfile.mkdtemp(prefix="callflow-serve-test-")
    try:
        shutil.copy(os.path.join(args.source_dir, "samples/anything_computers/anything_computers.flow"), work)
        for name in os.listdir(os.path.join(args.source_dir, "samples/anything_computers")):
            if name.endswith(".flow"):
                shutil.copy(os.path.join(args.source_dir, "samples/anything_computers", name), work)
        proc = subprocess.Popen([flowc, "serve", work, "--listen=127.0.0.1:0"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        check(line.startswith("flowc serve: http://127.0.0.1:"), "the server says where it listens: %r" % line)
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])

        # Port 0 again while this one runs: a second server, another port.
        def req(method, path, body=None, headers=None):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            h = {"Host": "127.0.0.1:%d" % port}
            h.update(headers or {})
            c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for k, v in h.items():
                c.putheader(k, v)
            data = body.encode() if isinstance(body, str) else body
            if data is not None:
                c.putheader("Content-Length", str(len(data)))
            c.endheaders()
            if data is not None:
                try:
                    c.send(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            resp = c.getresponse()
            out = resp.status, dict(resp.getheaders()), resp.read()
            c.close()
            return out

        status, headers, body = req("GET", "/")
        check(status == 200, "GET / is 200 (%d)" % status)
        check("script-src 'self'" in headers.get("Content-Security-Policy", ""), "the page has its CSP: %r" % headers)
        status, _, body = req("GET", "/api/files")
        files = [f["path"] for f in json.loads(body)["files"]]
        check("anything_computers.flow" in files, "the files are listed: %r" % files)
        status, _, body = req("GET", "/api/files", headers={"Host": "evil.example:%d" % port})
        check(status == 403, "a foreign Host (DNS rebinding) is 403 (%d)" % status)
        text = open(os.path.join(work, "anything_computers.flow"), encoding="utf-8").read()
        analyze = json.dumps({"path": "anything_computers.flow", "text": text})
        status, _, body = req("POST", "/api/analyze", analyze, {"Origin": "http://evil.example", "Content-Type": "application/json"})
        check(status == 403, "a foreign Origin is 403 (%d)" % status)
        status, _, body = req("POST", "/api/analyze", analyze, {"Origin": "http://127.0.0.1:%d" % port, "Content-Type": "application/json"})
        check(status == 200, "the page's own Origin is served (%d %s)" % (status, body[:200]))
        a = json.loads(body)
        check(a["diagnostics"] == [] and len(a["steps"]) > 10, "seed 000 analyses clean: %r" % a["diagnostics"][:2])
        check(a["graph_svg"].startswith("<?xml") or "<svg" in a["graph_svg"] or "graph_note" in a, "a flowchart or a note")
        status, _, body = req("POST", "/api/analyze", "{not json", {"Content-Type": "application/json"})
        check(status == 400 and b"JSON" in body, "malformed JSON is 400 (%d %r)" % (status, body[:100]))
        status, _, body = req("POST", "/api/analyze", b"x" * (33 << 20), {"Content-Type": "application/json"})
        check(status == 413, "a 33 MiB body is 413 (%d)" % status)
        status, _, body = req("GET", "/api/files/..%2F..%2Fetc%2Fpasswd")
        check(status in (403, 404), "an escaping path is refused (%d)" % status)
        check(b"root:" not in body, "no file outside DIR is read")
        status, _, body = req("GET", "/api/files/%2E%2E/x.flow")
        check(status == 403, "an encoded .. is 403 (%d %r)" % (status, body[:100]))

        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        check(rc == 0, "SIGTERM stops the server with exit 0 (%d)" % rc)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        print("%d failure(s)" % len(failures), file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
