#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_journal (fuzz/corpus/journal/): small
answer journals in the format of runtime/include/callflow/journal.h, one of
them with a torn tail. The program id in the header is not checked by the
fuzz target, so it is left 0.

    python3 fuzz/make_journal_seeds.py fuzz/corpus/journal
"""
import os
import struct
import sys
import zlib


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def answer(kind, origin=0, index=None, text=None):
    p = bytes([ord(kind)]) + varint(origin)
    if kind in "cvwW":
        p += varint(index or 0)
    if kind in "pvt":
        t = text.encode()
        p += varint(len(t)) + t
    return p


def record(seq, payload):
    head = struct.pack("<II", len(payload), seq)
    return head + payload + struct.pack("<I", zlib.crc32(head + payload) & 0xFFFFFFFF)


def journal(answers, torn=0):
    out = b"CFJL" + struct.pack("<HHII", 1, 0, 0, 0)
    for i, a in enumerate(answers):
        out += record(i, a)
    return out[:-torn] if torn else out


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    seeds = {
        "choices.cfjl": [answer("c", 1, 0), answer("c", 2, 1), answer("c", 3, 0), answer("c", 4, 2)],
        "inputs.cfjl": [answer("c", 1, 1), answer("p", 2, text="Jane Doe"), answer("a", 3),
                        answer("y", 4), answer("n", 5), answer("s", 6)],
        "supply.cfjl": [answer("v", 0, 0, "Agent Smith"), answer("c", 1, 0), answer("p", 2, text="123456")],
        # Sensitive values: withheld answers ('w', 'W') carry the slot only.
        "withheld.cfjl": [answer("W", 0, 1), answer("p", 1, text="Dana Lee"), answer("w", 2, 2),
                          answer("w", 3, 3)],
        "torn.cfjl": ([answer("c", 1, 0), answer("p", 2, text="Привет")], 5),
        # Dates: the clock record first ('t', today and now), a date typed in
        # two forms, a clock record out of place and a malformed one.
        "clock.cfjl": [answer("t", 0, text="2026-12-03 14:30"), answer("p", 1, text="03/14/1961"),
                       answer("p", 2, text="1961-03-14"), answer("t", 3, text="- 25:00")],
        "clock_unset.cfjl": [answer("t", 0, text="- -"), answer("p", 1, text="14.03.1961")],
    }
    for name, spec in seeds.items():
        answers, torn = spec if isinstance(spec, tuple) else (spec, 0)
        with open(os.path.join(d, name), "wb") as f:
            f.write(journal(answers, torn))


if __name__ == "__main__":
    main()
