#!/usr/bin/env python3
"""flowrun serve over real HTTP (urllib): the API, its errors, auth, another
agent's session, the crash test (kill -9 at every point of the recorded
seed-000 call, restart, every acknowledged answer is there and the call goes
on at the right question), and on PostgreSQL the scale-out test (two servers
on one database continuing each other's calls).

  serve_test.py --flowrun FLOWRUN --flowc FLOWC --source-dir DIR
                --backend sqlite|postgresql [--suites api,crash,scaleout]

With --backend postgresql the test starts a throwaway cluster itself
(initdb in a temporary directory as a non-root user -- `postgres` through
runuser when run as root -- on a free loopback port) and stops it at the end.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return cond


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """One `flowrun serve` process."""

    def __init__(self, args, work, store, flows, agents):
        self.cmd = [args.flowrun, "serve", "--listen=127.0.0.1:0", "--store=" + store, "--agents=" + agents] + flows
        self.work = work
        self.proc = None
        self.port = None

    def start(self):
        self.err = open(os.path.join(self.work, "server.err"), "a+")
        self.proc = subprocess.Popen(self.cmd, cwd=self.work, stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        if "listening on http://127.0.0.1:" not in line:
            self.err.seek(0)
            err = self.err.read()
            raise RuntimeError("the server did not start: " + line + err)
        self.port = int(line.split("127.0.0.1:")[1].split()[0])
        return self

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = -9
            check(code == 0, "the server exits 0 on SIGTERM (got %s)" % code)

    def call(self, method, path, token=None, body=None, raw=None, timeout=30):
        """(status, parsed JSON body)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            text = e.read()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {"raw": text.decode(errors="replace")}


def strip_comment(line):
    """The directive of an answers-file line: a # outside quotes starts a comment."""
    quoted, i = False, 0
    while i < len(line):
        c = line[i]
        if c == "\\" and quoted:
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == "#" and not quoted:
            break
        i += 1
    return line[:i].strip()


def read_answers(path):
    """The directives of an answers file; the `set` lines apart."""
    sets, answers = {}, []
    for line in open(path, encoding="utf-8"):
        line = strip_comment(line)
        if not line:
            continue
        if line.startswith("set "):
            _, name, value = line.split(" ", 2)
            sets[name] = json.loads(value)
        else:
            answers.append(line)
    return sets, answers


def waiting_of(events):
    return events[-1] if events and events[-1].get("waiting") else None


# ---------------------------------------------------------------- the API ---
def suite_api(ctx):
    s = ctx.server()
    sam, ann, boss = ctx.tokens["sam"], ctx.tokens["ann"], ctx.tokens["boss"]
    st, flows = s.call("GET", "/api/flows", sam)
    check(st == 200, "GET /api/flows is 200")
    names = {f["name"]: f for f in flows}
    check("anything_computers" in names and "card_payment" in names, "both flows are listed: %s" % list(names))
    check(len(names["anything_computers"]["version"]) == 64, "a flow's version is its SHA-256")
    check(names["anything_computers"]["title"].startswith("Anything Computers"), "a flow's title is listed")

    # auth
    st, body = s.call("GET", "/api/flows")
    check(st == 401 and "error" in body, "no token is 401 (%s)" % st)
    st, body = s.call("GET", "/api/flows", "not-a-token")
    check(st == 401, "an unknown token is 401 (%s)" % st)

    # a whole seed-000 call
    st, c = s.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": ctx.sets})
    check(st == 201, "POST /api/sessions is 201 (%s %s)" % (st, c))
    sid = c["id"]
    check(len(sid) == 32 and all(ch in "0123456789abcdef" for ch in sid), "the session ID is 128 bits of hex")
    check(c["seq"] == 0 and c["status"] == "waiting", "a new session waits at seq 0")
    check(c["version"] == names["anything_computers"]["version"], "the session is on the served version")
    w = waiting_of(c["events"])
    check(w is not None and w["event"] == "ask" and w["step"] == "D-2-1", "the first event that waits is D-2-1's ask")
    check(any(e["event"] == "say" and "This is Sam." in e["text"] for e in c["events"]), "the host's value is used")

    # malformed requests
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, raw=b"{not json")
    check(st == 400 and "not JSON" in body.get("error", ""), "malformed JSON is 400 (%s %s)" % (st, body))
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": 0, "answer": "chose \"Yes\""})
    check(st == 400 and "unknown directive" in body.get("error", ""), "a malformed directive is 400 (%s)" % body)
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"answer": "choose 1"})
    check(st == 400, "an answer without seq is 400")
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": 0, "answer": "ack\nack"})
    check(st == 400, "two directives in one answer is 400")
    st, body = s.call("POST", "/api/sessions", sam, {"flow": "nope"})
    check(st == 404, "an unknown flow is 404 (%s)" % st)
    st, body = s.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": {"nope": "x"}})
    check(st == 422, "setting an unknown variable is 422 (%s)" % st)
    check(body.get("error") == "set: there is no variable or field 'nope'", "the unknown name is told (%s)" % body)
    st, body = s.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": ["agent"]})
    check(st == 400 and "must be an object" in body.get("error", ""), "\"set\" not an object is 400 (%s)" % st)
    st, body = s.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": {"agent": [1]}})
    check(st == 400 and "a string, an integer or a boolean" in body.get("error", ""),
          "a value that is a list is 400 (%s %s)" % (st, body))
    # A body over 1 MiB (cpp-httplib reads it through, then answers 413).
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    conn.putrequest("POST", "/api/sessions/%s/answers" % sid)
    conn.putheader("Authorization", "Bearer " + sam)
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str((1 << 20) + 1))
    conn.endheaders()
    conn.send(b"{" + b" " * (1 << 20))
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    check(resp.status == 413 and "larger than 1048576" in body.get("error", ""),
          "a body over 1 MiB is 413 (%s %s)" % (resp.status, body))
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam,
                      raw=json.dumps({"seq": 0, "answer": "provide \"" + "x" * ((1 << 20) - 100) + "\""}).encode())
    check(st == 422, "a body just under 1 MiB is read (the answer does not fit the question: %s)" % st)
    st, body = s.call("GET", "/api/sessions/%s" % ("0" * 32), sam)
    check(st == 404, "an unknown session is 404 (%s)" % st)
    st, body = s.call("GET", "/api/sessions/../../etc/passwd", sam)
    check(st == 404, "a path that is not a session is 404 (%s)" % st)
    st, body = s.call("DELETE", "/api/sessions/%s" % sid, sam)
    check(st == 405, "a method a route does not take is 405 (%s)" % st)

    # refused answer: 422, nothing changes
    st, before = s.call("GET", "/api/sessions/%s" % sid, sam)
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": 0, "answer": "choose \"Maybe\""})
    check(st == 422 and "not one of the options" in body.get("error", ""), "a refused answer is 422 (%s)" % body)
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": 0, "answer": "accept"})
    check(st == 422, "an answer of the wrong kind is 422 (%s)" % st)
    st, after = s.call("GET", "/api/sessions/%s" % sid, sam)
    check(before == after, "a refused answer changes nothing")

    # another agent's session
    st, body = s.call("GET", "/api/sessions/%s" % sid, ann)
    check(st == 404 and "Sam" not in json.dumps(body), "another agent's session is 404, its content untold")
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, ann, {"seq": 0, "answer": "choose 1"})
    check(st == 404, "another agent cannot answer (%s)" % st)
    st, body = s.call("GET", "/api/sessions/%s/log" % sid, ann)
    check(st == 404, "another agent cannot read the log (%s)" % st)
    st, body = s.call("GET", "/api/sessions/%s" % sid, boss)
    check(st == 200 and body["agent"] == "sam", "a supervisor sees an agent's session")

    # the call, with a stale seq on the way
    seq = 0
    for i, a in enumerate(ctx.answers):
        st, r = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": a})
        check(st == 200 and r["seq"] == seq + 1, "answer %d (%s) is 200 at seq %d (%s %s)" % (i, a, seq + 1, st, r))
        if st != 200:
            return
        if i == 1:
            st2, r2 = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": a})
            check(st2 == 409 and r2.get("seq") == seq + 1, "an answer with an old seq is 409 (%s %s)" % (st2, r2))
        seq = r["seq"]
        if i == 3:  # back, then the same answer again
            st, b = s.call("POST", "/api/sessions/%s/back" % sid, sam, {"seq": seq})
            check(st == 200 and b["seq"] == seq + 1, "back is 200 (%s %s)" % (st, b))
            seq = b["seq"]
            st, r = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": a})
            check(st == 200, "the undone answer is given again")
            seq = r["seq"]
        if i == 4:  # pause: answers wait until resume
            st, p = s.call("POST", "/api/sessions/%s/pause" % sid, sam, {"reason": "caller on hold"})
            check(st == 200 and p["status"] == "paused", "pause is 200")
            st, g = s.call("GET", "/api/sessions/%s" % sid, sam)
            check(g["status"] == "paused" and g["pause_reason"] == "caller on hold", "the session is paused")
            st, x = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": ctx.answers[5]})
            check(st == 409, "a paused session takes no answer (%s)" % st)
            st, p = s.call("POST", "/api/sessions/%s/pause" % sid, sam, {})
            check(st == 409, "pausing a paused session is 409")
            st, p = s.call("POST", "/api/sessions/%s/resume" % sid, sam)
            check(st == 200 and p["status"] == "waiting" and waiting_of(p["events"]), "resume shows the question")
    check(r["status"] == "transferred", "the seed-000 call ends transferred (%s)" % r["status"])
    check(r["events"][-1]["event"] == "transfer", "the last event is the transfer")
    st, body = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": "ack"})
    check(st == 409, "an ended call takes no answer (%s)" % st)

    st, g = s.call("GET", "/api/sessions/%s" % sid, sam)
    check(g["status"] == "transferred" and g["waiting"] is None and g["seq"] == seq, "GET shows the ended session")
    rec = g["record"]
    rec_answers = [e for e in rec if e["event"] == "answer" and not e["answer"].startswith("set ")]
    check(len(rec_answers) == len(ctx.answers) and rec_answers[0].get("label") == "Yes",
          "the record holds every answer: %s" % rec_answers)
    check(rec[-1]["event"] == "transfer", "the record ends with the transfer")

    st, log = s.call("GET", "/api/sessions/%s/log" % sid, sam)
    kinds = [e["kind"] for e in log]
    check(kinds[0] == "start" and kinds.count("answer") == len(ctx.answers) + 1 and kinds.count("back") == 1
          and kinds.count("pause") == 1 and kinds.count("resume") == 1, "the log has every action: %s" % kinds)
    check([e["n"] for e in log] == list(range(1, len(log) + 1)), "the log is numbered without gaps")
    first = [e for e in log if e["kind"] == "answer"][0]
    check(first["directive"] == ctx.answers[0] and first["label"] == "Yes" and first["agent"] == "sam"
          and first["at"].endswith("Z"), "a log entry has directive, label, agent and time: %s" % first)
    check([e for e in log if e["kind"] == "pause"][0].get("reason") == "caller on hold", "the pause's reason")

    # lists
    st, mine = s.call("GET", "/api/sessions", sam)
    check(st == 200 and sid in [x["id"] for x in mine], "an agent lists their session")
    st, theirs = s.call("GET", "/api/sessions", ann)
    check(sid not in [x["id"] for x in theirs], "another agent does not list it")
    st, every = s.call("GET", "/api/sessions?status=transferred", boss)
    check(sid in [x["id"] for x in every] and all(x["status"] == "transferred" for x in every),
          "a supervisor lists everyone's, by status")
    st, body = s.call("GET", "/api/sessions?status=bogus", sam)
    check(st == 400, "an unknown status filter is 400")

    # funnel
    st, f = s.call("GET", "/api/flows/anything_computers/funnel", boss)
    steps = {x["step"]: x for x in f["steps"]}
    check(st == 200 and steps.get("D-2-1", {}).get("reached", 0) >= 1, "the funnel counts D-2-1 reached")
    at = r["events"][-1]["step"]
    check(steps.get(at, {}).get("transferred", 0) >= 1, "the funnel counts the transfer at %s: %s" % (at, f))
    st, body = s.call("GET", "/api/flows/nope/funnel", boss)
    check(st == 404, "the funnel of an unknown flow is 404")

    # sensitive values: masked in the log, never stored
    st, c = s.call("POST", "/api/sessions", ann, {"flow": "card_payment"})
    cid, seq = c["id"], 0
    for a in ['provide "Dana Lee"', 'provide "4929180012345678"', 'provide "8317"']:
        st, r = s.call("POST", "/api/sessions/%s/answers" % cid, ann, {"seq": seq, "answer": a})
        check(st == 200, "card answer %s" % a)
        seq = r["seq"]
    st, log = s.call("GET", "/api/sessions/%s/log" % cid, ann)
    text = json.dumps(log)
    check("4929180012345678" not in text and "8317" not in text and "Dana Lee" in text,
          "the log masks sensitive values: %s" % text)
    s.stop()
    with open(ctx.sqlite_path, "rb") if ctx.sqlite_path else open(os.devnull, "rb") as db:
        raw = db.read()
    if ctx.sqlite_path:
        for suffix in ("-wal",):
            if os.path.exists(ctx.sqlite_path + suffix):
                raw += open(ctx.sqlite_path + suffix, "rb").read()
        hexed = "4929180012345678".encode().hex().encode()
        check(b"4929180012345678" not in raw and hexed not in raw, "the store never holds the card number")
    if ctx.psql:
        dump = ctx.psql("SELECT string_agg(payload, ',') FROM answers; SELECT string_agg(directive, ',') FROM audit;")
        check("4929180012345678".encode().hex() not in dump and "4929180012345678" not in dump,
              "the PostgreSQL store never holds the card number")


# ---------------------------------------------------------- the crash test ---
def reference_run(ctx):
    """The uninterrupted call: the waiting event after each seq."""
    s = ctx.server()
    st, c = s.call("POST", "/api/sessions", ctx.tokens["sam"], {"flow": "anything_computers", "set": ctx.sets})
    waits = [waiting_of(c["events"])]
    seq = 0
    for a in ctx.answers:
        st, r = s.call("POST", "/api/sessions/%s/answers" % c["id"], ctx.tokens["sam"], {"seq": seq, "answer": a})
        seq = r["seq"]
        waits.append(waiting_of(r["events"]))
    s.stop()
    return waits, r["status"]


def suite_crash(ctx):
    """Three recorded seed-000 calls; at every point of each, the server is
    killed (kill -9) while an answer is in flight (after a delay that varies
    from pass to pass), restarted, and checked; when the answer in flight was
    not committed, it is given again, acknowledged, and the server killed
    again. Every acknowledged answer must survive, no unacknowledged one may
    appear twice, and the call must wait at the question the uninterrupted
    call waited at."""
    sam = ctx.tokens["sam"]
    waits, final = reference_run(ctx)
    n = len(ctx.answers)
    kills = 0
    for run in range(3):
        s = ctx.server()
        st, c = s.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": ctx.sets})
        sid, acked = c["id"], 0
        s.kill9()
        kills += 1
        step = 0
        while True:
            s = ctx.server()
            st, g = s.call("GET", "/api/sessions/%s" % sid, sam)
            check(st == 200, "run %d kill %d: the session is there" % (run, kills))
            check(acked <= g["seq"] <= acked + 1, "run %d kill %d: every acknowledged answer survived, none "
                  "appeared from nowhere (seq %d, acknowledged %d)" % (run, kills, g["seq"], acked))
            acked = g["seq"]  # an answer in flight at the kill may have been committed
            if acked >= n:
                break
            check(g["waiting"] == waits[acked], "run %d kill %d: the call waits at the right question (seq %d)" %
                  (run, kills, acked))
            if step % 2 == 0:  # killed while the answer is in flight
                done = {}

                def send():
                    try:
                        done["r"] = s.call("POST", "/api/sessions/%s/answers" % sid, sam,
                                           {"seq": acked, "answer": ctx.answers[acked]}, timeout=5)
                    except Exception as e:  # the connection died with the server
                        done["e"] = e
                t = threading.Thread(target=send)
                t.start()
                time.sleep(0.0007 * ((step // 2 + run * 3) % 6))
                s.kill9()
                t.join()
                if "r" in done and done["r"][0] == 200:
                    acked = done["r"][1]["seq"]
            else:  # acknowledged, then killed
                st, r = s.call("POST", "/api/sessions/%s/answers" % sid, sam,
                               {"seq": acked, "answer": ctx.answers[acked]})
                check(st == 200 and waiting_of(r["events"]) == waits[acked + 1], "answer %d after a restart" % acked)
                acked = r["seq"]
                s.kill9()
            kills += 1
            step += 1
        check(g["status"] == final, "run %d: after the kills the call ended as the whole one did (%s)" %
              (run, g["status"]))
        st, log = s.call("GET", "/api/sessions/%s/log" % sid, sam)
        check([e["directive"] for e in log if e["kind"] == "answer"] == ctx.answers,
              "run %d: the log holds each answer once, in order" % run)
        s.stop()
    print("crash test: %d kills -9 over 3 calls of %d answers, every acknowledged answer kept" % (kills, n),
          flush=True)


# ------------------------------------------- sensitive values and restarts ---
def suite_sensitive(ctx):
    """Sensitive values are never stored, so a server that rebuilds a call
    after a restart (kill -9) asks again for one the call still needs (the
    card number and code, read by the `create` that comes later), and says
    why in the event's problems; a value the call no longer reads is not
    asked for."""
    ann = ctx.tokens["ann"]
    card, code = "4929180012345678", "8317"

    def answer(s, sid, seq, a, expect=200):
        st, r = s.call("POST", "/api/sessions/%s/answers" % sid, ann, {"seq": seq, "answer": a})
        check(st == expect, "answer %r at seq %d is %d (%s %s)" % (a, seq, expect, st, r))
        return r

    def asked_again(event, slot):
        return (event is not None and event.get("event") == "input" and event.get("slot") == slot
                and event.get("sensitive") is True
                and any("is sensitive" in p and "ask for it again" in p for p in event.get("problems", [])))

    # 1. Restarted after all three card answers, before the record: the
    #    create needs the number and the code, which the store never had.
    s = ctx.server()
    st, c = s.call("POST", "/api/sessions", ann, {"flow": "card_payment"})
    sid, seq = c["id"], 0
    for a in ['provide "Dana Lee"', 'provide "%s"' % card, 'provide "%s"' % code]:
        seq = answer(s, sid, seq, a)["seq"]
    s.kill9()
    s = ctx.server()
    st, g = s.call("GET", "/api/sessions/%s" % sid, ann)
    check(st == 200 and asked_again(g["waiting"], "Payment.number"),
          "after a restart the card number is asked again, with why: %s" % g.get("waiting"))
    r = answer(s, sid, seq, 'provide "%s"' % card)
    seq = r["seq"]
    check(asked_again(waiting_of(r["events"]), "Payment.cvv"), "then the code is asked again: %s" % r["events"])
    r = answer(s, sid, seq, 'provide "%s"' % code)
    seq = r["seq"]
    w = waiting_of(r["events"])
    check(w is not None and w["event"] == "create" and w["fields"].get("number") == "****",
          "with both given again the record is made (the number masked): %s" % w)
    seq = answer(s, sid, seq, "number 1042")["seq"]
    r = answer(s, sid, seq, 'choose "No"')
    check(r["status"] == "ended" and any("Thank you, Dana Lee." in e.get("text", "") for e in r["events"]),
          "the call ends as an uninterrupted one does: %s" % r["events"])

    # 2. Restarted between two sensitive answers: the code is answered on
    #    the new server, which then asks again for the number given before.
    st, c = s.call("POST", "/api/sessions", ann, {"flow": "card_payment"})
    sid2, seq = c["id"], 0
    for a in ['provide "Dana Lee"', 'provide "%s"' % card]:
        seq = answer(s, sid2, seq, a)["seq"]
    s.kill9()
    s = ctx.server()
    r = answer(s, sid2, seq, 'provide "%s"' % code)
    seq = r["seq"]
    check(asked_again(waiting_of(r["events"]), "Payment.number"),
          "the number given before the restart is asked again when the record needs it: %s" % r["events"])
    answer(s, sid2, seq, 'provide "123"', expect=422)  # still checked against its pattern
    seq = answer(s, sid2, seq, 'provide "%s"' % card)["seq"]
    st, g = s.call("GET", "/api/sessions/%s" % sid2, ann)
    check(g["waiting"] is not None and g["waiting"]["event"] == "create", "then the record: %s" % g["waiting"])

    # 3. Restarted after the record was made: nothing reads the values any
    #    more, so nothing is asked again.
    seq = answer(s, sid2, seq, "number 1042")["seq"]
    s.kill9()
    s = ctx.server()
    st, g = s.call("GET", "/api/sessions/%s" % sid2, ann)
    check(g["waiting"] is not None and g["waiting"]["event"] == "ask",
          "after the record, a restart asks nothing again: %s" % g["waiting"])
    r = answer(s, sid2, seq, 'choose "No"')
    check(r["status"] == "ended", "and the call ends")
    for i in (sid, sid2):
        st, log = s.call("GET", "/api/sessions/%s/log" % i, ann)
        text = json.dumps(log)
        check(card not in text and code not in text, "the log holds no card value")
    s.stop()
    if ctx.sqlite_path:
        raw = open(ctx.sqlite_path, "rb").read()
        if os.path.exists(ctx.sqlite_path + "-wal"):
            raw += open(ctx.sqlite_path + "-wal", "rb").read()
        check(card.encode() not in raw and card.encode().hex().encode() not in raw,
              "the SQLite store never holds the card number")
    if ctx.psql:
        dump = ctx.psql("SELECT string_agg(payload, ',') FROM answers; SELECT string_agg(directive, ',') FROM audit;")
        check(card not in dump and card.encode().hex() not in dump, "the PostgreSQL store never holds the card number")
    print("sensitive: asked again after restarts at three points of a card call", flush=True)


# ------------------------------------------------------- the command line ---
def suite_cli(ctx):
    fr, work = ctx.args.flowrun, ctx.work

    def run(*args):
        return subprocess.run([fr, "serve"] + list(args), cwd=work, capture_output=True, text=True, timeout=30)
    r = run("--help")
    check(r.returncode == 0 and "--store=URL" in r.stdout and "--add-agent" in r.stdout, "--help is 0")
    r = run(ctx.flows[0])
    check(r.returncode == 2 and "--agents=FILE is required" in r.stderr, "no --agents is 2: %s" % r.stderr)
    r = run("--agents=" + ctx.agents)
    check(r.returncode == 2 and "no flows" in r.stderr, "no flows is 2")
    r = run("--agents=" + ctx.agents, "--bogus", ctx.flows[0])
    check(r.returncode == 2 and "unknown option '--bogus'" in r.stderr, "an unknown option is 2")
    r = run("--agents=" + ctx.agents, "--listen=localhost", ctx.flows[0])
    check(r.returncode == 2 and "HOST:PORT" in r.stderr, "a bad --listen is 2: %s" % r.stderr)
    r = run("--agents=" + ctx.agents, "--store=mysql://x", ctx.flows[0])
    check(r.returncode == 2 and "unknown store" in r.stderr, "an unknown store is 2: %s" % r.stderr)
    r = run("--agents=" + ctx.agents, "--store=sqlite:/nonexistent-dir/x.db", ctx.flows[0])
    check(r.returncode == 2 and "cannot" in r.stderr, "an unusable store is 2: %s" % r.stderr)
    junk = os.path.join(work, "junk.flowc")
    open(junk, "wb").write(b"not bytecode")
    r = run("--agents=" + ctx.agents, "--store=sqlite:" + os.path.join(work, "cli.db"), junk)
    check(r.returncode == 1 and "rejected" in r.stderr, "a rejected flow is 1: %s" % r.stderr)
    r = run("--agents=" + ctx.agents, "--store=sqlite:" + os.path.join(work, "cli.db"), ctx.flows[0], ctx.flows[0])
    check(r.returncode == 2 and "two flows named" in r.stderr, "the same flow twice is 2: %s" % r.stderr)
    bad = os.path.join(work, "bad-agents.txt")
    open(bad, "w").write("# agents\nsam agent 1234\n")
    r = run("--agents=" + bad, ctx.flows[0])
    check(r.returncode == 2 and "bad-agents.txt:2:" in r.stderr and "64 hex" in r.stderr,
          "a bad agents file is 2 with FILE:LINE: %s" % r.stderr)
    open(bad, "w").write("sam admin " + "0" * 64 + "\n")
    r = run("--agents=" + bad, ctx.flows[0])
    check(r.returncode == 2 and "role" in r.stderr, "an unknown role is 2")
    r = run("--add-agent", "sam", "--agents=" + ctx.agents)
    check(r.returncode == 2 and "already" in r.stderr, "adding a name twice is 2: %s" % r.stderr)
    r = run("--add-agent", "no spaces", "--agents=" + ctx.agents)
    check(r.returncode == 2, "a bad agent name is 2")
    text = open(ctx.agents).read()
    check(all(t not in text for t in ctx.tokens.values()), "the agents file holds no token, only hashes")
    check(oct(os.stat(ctx.agents).st_mode & 0o777) == "0o600", "the agents file is made private (0600)")


# ---------------------------------------------------- PostgreSQL scale-out ---
def suite_scaleout(ctx):
    sam = ctx.tokens["sam"]
    a, b = ctx.server(), ctx.server()
    st, c = a.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": ctx.sets})
    sid, seq = c["id"], 0
    for i, ans in enumerate(ctx.answers):
        s = (a, b)[i % 2]
        st, r = s.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": ans})
        check(st == 200, "server %s continues the call at seq %d (%s %s)" % ("ab"[i % 2], seq, st, r))
        if i == 2:  # the other server, stale in memory, must not accept the old seq
            other = (a, b)[(i + 1) % 2]
            st2, r2 = other.call("POST", "/api/sessions/%s/answers" % sid, sam, {"seq": seq, "answer": ans})
            check(st2 == 409, "the other server refuses the old seq (%s)" % st2)
        seq = r["seq"]
    check(r["status"] == "transferred", "the call ended on two servers as on one")
    # both at once on one seq: exactly one wins
    st, c = a.call("POST", "/api/sessions", sam, {"flow": "anything_computers", "set": ctx.sets})
    sid2 = c["id"]
    for round_ in range(5):
        results = []
        def go(s):
            results.append(s.call("POST", "/api/sessions/%s/answers" % sid2, sam,
                                  {"seq": round_, "answer": ctx.answers[round_]})[0])
        ts = [threading.Thread(target=go, args=(s,)) for s in (a, b)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        check(sorted(results) == [200, 409], "round %d: one server wins, the other says 409 (%s)" % (round_, results))
    st, log = b.call("GET", "/api/sessions/%s/log" % sid2, sam)
    check([e["directive"] for e in log if e["kind"] == "answer"] == ctx.answers[:5], "no answer twice")
    a.stop()
    b.stop()
    print("scale-out: one call answered alternately by two servers; races give one 200 and one 409", flush=True)


# ------------------------------------------------------------------ setup ---
class PgCluster:
    def __init__(self, base):
        self.base = base
        self.bindir = self.find_bindir()
        self.port = free_port()
        self.data = os.path.join(base, "pgdata")
        self.sock = os.path.join(base, "pgsock")
        os.makedirs(self.sock)
        self.as_user = []
        if os.geteuid() == 0:  # initdb refuses root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(base, "postgres")
            shutil.chown(self.sock, "postgres")
            os.chmod(base, 0o700)

    @staticmethod
    def find_bindir():
        for v in sorted(os.listdir("/usr/lib/postgresql"), reverse=True) if os.path.isdir("/usr/lib/postgresql") else []:
            d = "/usr/lib/postgresql/%s/bin" % v
            if os.path.exists(d + "/initdb"):
                return d
        raise RuntimeError("PostgreSQL's initdb is not installed (scripts/deps.sh installs postgresql)")

    def run(self, *cmd):
        subprocess.run(self.as_user + list(cmd), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        self.run(self.bindir + "/initdb", "-D", self.data, "-U", "callflow", "--auth=trust", "-E", "UTF8",
                 "--no-locale")
        self.run(self.bindir + "/pg_ctl", "-D", self.data, "-l", os.path.join(self.base, "pg.log"), "-w", "-o",
                 "-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB"
                 % (self.port, self.sock), "start")
        self.run(self.bindir + "/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "callflow", "callflow")
        return self

    def stop(self):
        try:
            self.run(self.bindir + "/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except Exception as e:
            print("could not stop PostgreSQL:", e)

    def url(self, db="callflow"):
        return "postgresql://callflow@127.0.0.1:%d/%s" % (self.port, db)

    def psql(self, sql, db="callflow"):
        return subprocess.run(self.as_user + [self.bindir + "/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                                              "callflow", "-d", db, "-At", "-c", sql],
                              check=True, capture_output=True, text=True).stdout


class Ctx:
    pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flowrun", required=True)
    ap.add_argument("--flowc", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    ap.add_argument("--suites", default="api,crash")
    args = ap.parse_args()
    args.flowrun, args.flowc = os.path.abspath(args.flowrun), os.path.abspath(args.flowc)
    work = tempfile.mkdtemp(prefix="callflow-serve-")
    os.chmod(work, 0o755)
    cluster = None
    servers = []
    try:
        flows = []
        for src, out in [("samples/anything_computers/anything_computers.flow", "ac.flowc"),
                         ("tests/flowrun/Inputs/sensitive_card.flow", "card.flowc")]:
            subprocess.run([args.flowc, "build", os.path.join(args.source_dir, src), "-o", os.path.join(work, out)],
                           check=True)
            flows.append(os.path.join(work, out))
        agents = os.path.join(work, "agents.txt")
        tokens = {}
        for name, sup in [("sam", False), ("ann", False), ("boss", True)]:
            r = subprocess.run([args.flowrun, "serve", "--add-agent", name, "--agents=" + agents]
                               + (["--supervisor"] if sup else []), check=True, capture_output=True, text=True)
            tokens[name] = r.stdout.strip()
        sets, answers = read_answers(os.path.join(args.source_dir,
                                                  "samples/anything_computers/calls/payg_remote_session.answers"))
        ctx = Ctx()
        ctx.tokens, ctx.sets, ctx.answers = tokens, sets, answers
        ctx.args, ctx.work, ctx.flows, ctx.agents = args, work, flows, agents
        ctx.psql = None
        ctx.sqlite_path = None
        if args.backend == "postgresql":
            cluster = PgCluster(tempfile.mkdtemp(prefix="callflow-pg-")).start()
            ctx.psql = cluster.psql
        for suite in args.suites.split(","):
            if args.backend == "sqlite":
                store_path = os.path.join(work, suite + ".db")
                store = "sqlite:" + store_path
                ctx.sqlite_path = store_path
            else:
                cluster.run(cluster.bindir + "/createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U",
                            "callflow", suite)
                store = cluster.url(suite)
                ctx.psql = (lambda sql, db=suite: cluster.psql(sql, db))

            def server(store=store):
                s = Server(args, work, store, flows, agents).start()
                servers.append(s)
                return s
            ctx.server = server
            t0 = time.time()
            {"api": suite_api, "crash": suite_crash, "scaleout": suite_scaleout, "cli": suite_cli,
             "sensitive": suite_sensitive}[suite](ctx)
            print("%s on %s: %.1fs" % (suite, args.backend, time.time() - t0), flush=True)
    finally:
        for s in servers:
            if s.proc and s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
        if cluster:
            cluster.stop()
            shutil.rmtree(cluster.base, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print("%d checks failed" % len(FAILURES))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
