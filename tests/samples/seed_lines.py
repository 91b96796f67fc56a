#!/usr/bin/env python3
"""The seeds' lines must be in the samples' printed call scripts.

Seed 000 (samples/anything_computers): every quoted line (“…”) must be in a
`Say` line of its own step, in the Markdown and in the HTML script. Seed
003 (samples/case_registration): every sentence of the page's guidance to
the agent must be in a `Note` of the step of its field. The seeds' obvious
typos may be corrected (CORRECTIONS below); each correction must be named in
a note of its step, as `'seed' → 'sample'` (000) or «seed» → «sample» (003).

The seeds live outside the repository (../shared/seeds), so what this test
needs from them is committed as tests/samples/testdata/seed000_quotes.txt
and seed003_lines.txt, written by

    python3 tests/samples/seed_lines.py extract [--seeds DIR]

`check` compares the committed files with a fresh extract when the seeds
are at --seeds (default ../shared/seeds beside the repository), then prints
both samples' scripts with flowc and looks for every line:

    python3 tests/samples/seed_lines.py check --flowc build/tools/flowc/flowc
"""
import argparse
import hashlib
import html
import html.parser
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, 'tests', 'samples', 'testdata')
SEED000 = '000_b0c6077f90bcbc28.txt'
SEED003 = '003_3cf7be677a483523.txt'
SAMPLE000 = os.path.join(ROOT, 'samples', 'anything_computers', 'anything_computers.flow')
SAMPLE003 = os.path.join(ROOT, 'samples', 'case_registration', 'case_registration.flow')

# ---- seed 000: the quoted lines ------------------------------------------------

# A quote the seed does not close ends at the next step, the next quote, or
# the first of these lines after it: the seed's actions and questions that
# follow a quote (D-2-8 and D-2-15 "Take Payment …", D-2-9 "Re-Assign chat
# to Remote Agent", D-2-23 "Take Payment for past due amount", D-2-28
# "Response?"). D-2-7's second quote runs to the next step.
QUOTE_ENDS = ('Take Payment', 'Re-Assign chat', 'Response?')


def quotes000(text):
    """(step, line number, text) of every non-empty line of every quote."""
    out, step, inq = [], None, False

    def add(n, s):
        s = s.strip()
        if s:
            out.append((step, n, s))

    for n, line in enumerate(text.split('\n'), 1):
        s = line.strip()
        if re.fullmatch(r'D-2-\d+', s):
            step, inq = s, False
            continue
        if inq and (s.startswith('“') or s.startswith(QUOTE_ENDS)):
            inq = False
        if not inq:
            if '“' not in line:
                continue
            line = line[line.index('“') + 1:]
            inq = True
        if not line.strip():
            continue
        # A quote closes at ”, or at a “ that ends the line (the seed types
        # “ for ” after "We received a message from you. ").
        end = line.find('”')
        if end < 0 and line.rstrip().endswith('“'):
            end = line.rstrip().rindex('“')
        if end >= 0:
            add(n, line[:end])
            inq = False
        else:
            add(n, line)
    return out


# ---- seed 003: the agent's guidance -------------------------------------------

# The page's field headings and the step that fills each field. The page
# starts inside Customer Segment (its heading is on the previous page). The
# Microsoft Alias is entered in interaction_type, where the caller says they
# are a Microsoft employee.
HEADINGS003 = {
    '5. Agreement/ License Type;': 'license',
    'Product;': 'product',
    'ISP;': 'isp',
    'OEM;': 'oem',
    'Microsoft Alias;': 'interaction_type',
    'Program.': 'program',
    'Complete': 'action_taken',
    'Action Taken': 'action_taken',
}
FIRST_STEP003 = 'segment'
# Lines of the page that are not guidance to the agent.
SKIP003 = (
    'Читайте также:',                # the site's navigation
    '|',
    'Рисунок 4. Complete.',          # the caption of a figure the page does not include,
    'На рис.4. заполняется',         # and the sentence that points at it
    'Дата добавления:',              # the site's footer and page links
    '<== предыдущая страница',
    'Product Market;',
)
# Abbreviations after which a sentence goes on.
ABBREVIATIONS = ('т.е.', 'пр.', 'рис.')


def sentences(paragraph):
    """Splits at . ! ? before a capital, not after an abbreviation, and not
    inside a numbered list line ("1. Поле Customer, …" stays whole)."""
    if re.match(r'\d+\. ', paragraph):
        return [paragraph]
    out, start = [], 0
    for m in re.finditer(r'(?<=[.!?])\s+(?=[A-ZА-ЯЁ«])', paragraph):
        head = paragraph[start:m.start()]
        if head.endswith(ABBREVIATIONS):
            continue
        out.append(head)
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


def lines003(text):
    """(step, line number, sentence) of every sentence of guidance."""
    out, step = [], FIRST_STEP003
    for n, line in enumerate(text.split('\n'), 1):
        s = line.strip()
        if not s or s.startswith(SKIP003):
            continue
        if s in HEADINGS003:
            step = HEADINGS003[s]
            continue
        s = re.sub(r'^·\s*', '', s)   # a bullet of the segment list
        for sentence in sentences(s):
            out.append((step, n, sentence))
    return out


# ---- the committed extracts ---------------------------------------------------

EXTRACTS = {
    'seed000_quotes.txt': (SEED000, quotes000,
                           'every non-empty line of every quote (“…”) of seed 000'),
    'seed003_lines.txt': (SEED003, lines003,
                          "every sentence of seed 003's guidance to the agent"),
}


def render(name, seed_text):
    seed, extract, what = EXTRACTS[name]
    digest = hashlib.sha256(seed_text.encode('utf-8')).hexdigest()
    rows = extract(seed_text)
    head = (f'# GENERATED by tests/samples/seed_lines.py extract from {seed}\n'
            f'# (sha256 {digest}); do not edit.\n'
            f'# {what}: STEP<TAB>SEED LINE<TAB>TEXT, {len(rows)} rows.\n')
    return head + ''.join(f'{st}\t{n}\t{t}\n' for st, n, t in rows)


def load(name):
    rows = []
    with open(os.path.join(DATA, name), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            st, n, t = line.rstrip('\n').split('\t')
            rows.append((st, int(n), t))
    return rows


def seed_text(seeds, seed):
    with open(os.path.join(seeds, seed), encoding='utf-8') as f:
        return f.read()


# ---- what the sample does with the seed's text --------------------------------

# The seed's typos the samples correct, by step: (seed, sample). Each must
# occur in the seed's lines of the step and be named in a note of the step.
CORRECTIONS = {
    'D-2-1': [('Anything Computers.org This is', 'Anything Computers.org. This is')],
    'D-2-3': [('My name is ________ Are you', 'My name is ________. Are you')],
    'D-2-21': [('Helo', 'Hello'), ('recieved', 'received')],
    'D-2-22': [('here is the chat', 'here in the chat')],
    'D-2-23': [('recieved', 'received'), ('here is the chat', 'here in the chat')],
    'license': [('open Value', 'Open Value'), ('данное поля', 'данное поле')],
    'isp': [('поде', 'поле')],
    'oem': [('компанию- производителя', 'компанию-производителя'), ('Dell,HP', 'Dell, HP')],
}


def blanks000(text):
    """The seed's blanks as the printed placeholders: the labels of
    {past_due}, {invoice.total}, {Ticket.number} and {agent}."""
    text = re.sub(r'(amount of )\$\s*_+', r'\1{Past due amount}', text)
    text = re.sub(r'(total is )\$\s*_+', r'\1{Invoice total}', text)
    text = re.sub(r'…+', '{Ticket number}', text)
    text = re.sub(r'_+', '{Agent name}', text)
    return re.sub(r'\}\s+([.,])', r'}\1', text)   # "________ ." is "{agent}."


def prices000(text):
    """"$35" and "$20" are {price 310} and {price 320}: $35.00, $20.00."""
    return re.sub(r'\$(\d+)(?![\d.])', r'$\1.00', text)


def squeeze(text):
    return re.sub(r'\s+', ' ', text).strip()


# ---- the printed scripts, per step: its Say lines and its Notes ----------------

def step_id(anchor):
    """flowc writes other characters of a step ID in anchors as _XX (hex)."""
    return re.sub(r'_([0-9A-F]{2})', lambda m: chr(int(m.group(1), 16)), anchor)


def md_inline(text):
    text = re.sub(r'\*\*((?:[^*\\]|\\.)+?)\\:\*\* `_+`', r'{\1}', text)  # a blank
    text = text.replace('**', '')
    text = re.sub(r'\\(.)', r'\1', text)
    return squeeze(html.unescape(text))


# The Say and Note tags of the Markdown script, in each language the script
# prints (compiler/print/messages.def): seed 003's is printed in Russian.
SAY_TAGS = ('**Say\\:**', '**Произнесите\\:**')
NOTE_TAGS = ('**Note\\:**', '**Примечание\\:**')


def parse_md(text):
    steps = {}
    parts = re.split(r'<a id="step-([^"]+)"></a>', text)
    for k in range(1, len(parts), 2):
        body = re.split(r'<a id="section-', parts[k + 1])[0]
        says, notes = [], []
        for para in re.split(r'\n\s*\n', body):
            lines = [l.strip() for l in para.strip().split('\n')]
            lines = [l[1:].strip() if l.startswith('>') else l for l in lines]
            lines = [l[:-1] if l.endswith('\\') else l for l in lines]
            joined = ' '.join(lines)
            say = next((t for t in SAY_TAGS if joined.startswith(t)), None)
            note = next((t for t in NOTE_TAGS if joined.startswith(t)), None)
            if say:
                says.append(md_inline(joined[len(say):]))
            elif note:
                notes.append(md_inline(joined[len(note):]))
        steps[step_id(parts[k])] = {'say': says, 'note': notes}
    return steps


class HtmlSteps(html.parser.HTMLParser):
    """Per <article class="step">: the text of its say blockquotes and note
    paragraphs, a blank as {label}, the Say/Note tags left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.steps, self.step, self.stack, self.kind, self.buf = {}, None, [], None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get('class') or '').split()
        if tag == 'article' and 'step' in cls:
            self.step = step_id(a['id'][len('step-'):])
            self.steps[self.step] = {'say': [], 'note': []}
        if self.step and self.kind is None:
            if tag == 'blockquote' and 'say' in cls:
                self.kind, self.buf = 'say', []
            elif tag == 'p' and 'note' in cls:
                self.kind, self.buf = 'note', []
        if tag == 'br':
            self.buf.append('\n')
            return
        self.stack.append((tag, cls))

    def handle_endtag(self, tag):
        if tag == 'br':
            return
        while self.stack:
            t, cls = self.stack.pop()
            if t == tag:
                break
        if self.kind and ((self.kind == 'say' and tag == 'blockquote' and 'say' in cls) or
                          (self.kind == 'note' and tag == 'p' and 'note' in cls)):
            self.steps[self.step][self.kind].append(squeeze(''.join(self.buf)))
            self.kind = None
        if tag == 'article':
            self.step = None

    def handle_data(self, data):
        if not self.kind:
            return
        classes = [c for _, cls in self.stack for c in cls]
        if 'tag' in classes or ('blank' in classes and 'label' not in classes):
            return
        if 'label' in classes:
            data = '{' + data.strip().rstrip(':') + '}'
        self.buf.append(data)


def parse_html(text):
    p = HtmlSteps()
    p.feed(text)
    return p.steps


def script(flowc, flow, fmt):
    args = [flowc, 'script', f'--format={fmt}', flow]
    if fmt == 'html':
        args.insert(2, '--page-numbers=off')
    r = subprocess.run(args, capture_output=True, text=True, encoding='utf-8')
    if r.returncode != 0:
        sys.exit(f'seed_lines: {" ".join(args)} failed:\n{r.stderr}')
    return r.stdout


# ---- the check ------------------------------------------------------------------

def check_seed(label, rows, flow, flowc, kind, fix, arrow):
    """Every row's text, corrected and normalised by `fix`, is in a `kind`
    element of its step, in both formats; every correction of a step is
    used and named in a note of it."""
    problems = []
    by_step = {}
    for st, _, t in rows:
        by_step.setdefault(st, []).append(t)
    for fmt, parse in (('md', parse_md), ('html', parse_html)):
        steps = parse(script(flowc, flow, fmt))
        for st, n, t in rows:
            want = t
            for seed, sample in CORRECTIONS.get(st, []):
                want = want.replace(seed, sample)
            want = squeeze(fix(want))
            found = steps.get(st, {}).get(kind, [])
            if not any(want in have for have in found):
                where = 'no such step' if st not in steps else f'not in a {kind} of the step'
                problems.append(f'{label} {fmt}: {st} (seed line {n}): {where}:\n'
                                f'    seed:     {t}\n    expected: {want}')
        for st in by_step:
            for seed, sample in CORRECTIONS.get(st, []):
                if not any(seed in t for t in by_step[st]):
                    problems.append(f'{label}: {st}: correction of {seed!r}: the seed has no such text')
                named = arrow(squeeze(seed), squeeze(fix(sample)))
                if not any(named in note for note in steps.get(st, {}).get('note', [])):
                    problems.append(f'{label} {fmt}: {st}: no note names the correction {named}')
    return problems


def check_extracts(seeds):
    """The committed extracts are what the seeds give today."""
    problems = []
    for name, (seed, _, _) in EXTRACTS.items():
        path = os.path.join(seeds, seed)
        if not os.path.exists(path):
            print(f'seed_lines: {path} not found: checking the committed {name} as it is')
            continue
        with open(os.path.join(DATA, name), encoding='utf-8') as f:
            if f.read() != render(name, seed_text(seeds, seed)):
                problems.append(f'tests/samples/testdata/{name} differs from a fresh extract of '
                                f'{path}: run tests/samples/seed_lines.py extract')
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('command', choices=['extract', 'check'])
    ap.add_argument('--seeds', default=os.path.join(os.path.dirname(ROOT), 'shared', 'seeds'))
    ap.add_argument('--flowc', default=os.path.join(ROOT, 'build', 'tools', 'flowc', 'flowc'))
    args = ap.parse_args()

    if args.command == 'extract':
        os.makedirs(DATA, exist_ok=True)
        for name, (seed, _, _) in EXTRACTS.items():
            with open(os.path.join(DATA, name), 'w', encoding='utf-8') as f:
                f.write(render(name, seed_text(args.seeds, seed)))
            print(f'seed_lines: wrote tests/samples/testdata/{name}')
        return 0

    problems = check_extracts(args.seeds)
    q000, l003 = load('seed000_quotes.txt'), load('seed003_lines.txt')
    problems += check_seed('seed 000', q000, SAMPLE000, args.flowc, 'say',
                           lambda t: blanks000(prices000(t)), lambda a, b: f"'{a}' → '{b}'")
    problems += check_seed('seed 003', l003, SAMPLE003, args.flowc, 'note',
                           lambda t: t, lambda a, b: f'«{a}» → «{b}»')
    for p in problems:
        print('FAIL ' + p)
    print(f'seed_lines: seed 000: {len(q000)} quoted lines, each in a Say line of its step; '
          f'seed 003: {len(l003)} sentences, each in a Note of its step (Markdown and HTML): '
          f'{"ok" if not problems else f"{len(problems)} problems"}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
