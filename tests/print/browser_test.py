#!/usr/bin/env python3
"""Browser test of the printed call script, with Debian's headless Chromium.

1. The seed-000 sample's script (flowc script) is loaded by Chromium: every
   step has its block and every link target exists in the DOM Chromium built.
2. The scripts of seed 000 (Letter) and of case registration (A4) are
   printed to PDF with page numbers (flowc script --format=pdf): every step
   ID appears in the PDF text; every page number printed in a link or in
   the contents is the page where that step's block begins (pdftotext, page
   by page); no page is empty or holds only a section heading; and a step
   block is cut across pages only when flowc marked it `split`, which it
   may do only for a block that is cut even when every block is kept whole
   (it does not fit where it must begin).
3. The hostile-string flow (Inputs/hostile.flow.in) renders with no element
   the printer did not write (Chromium's DOM has exactly the tags of the
   file), no script element, no event handler, no URL but `#` fragments,
   and no network request other than the file itself (Chromium's net log).

Exit 77 (skipped) when Chromium, pdftotext or pdfinfo is not installed;
scripts/test.sh installs them.
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-extensions']
HOSTILE = ("<script>alert(1)</script> \\\"><img src=x onerror=alert(2)> '><svg onload=alert(3)> "
           "</style></title><!-- --> javascript:alert(4) [x](javascript:alert(5)) "
           "<a href=\\\"javascript:alert(6)\\\">a</a> <iframe src=https://evil.example/></iframe> "
           "<link rel=stylesheet href=https://evil.example/x.css> <meta http-equiv=refresh "
           "content=0;url=https://evil.example> \u202Eoverride \u200Bzero\u200Dwidth \uFFFD "
           "🚀👩‍💻 Кириллица")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.ids, self.hrefs, self.attrs = [], [], [], []
        self.articles = {}  # id -> text
        self._article, self._depth = None, 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if 'id' in a:
            self.ids.append(a['id'])
        if 'href' in a:
            self.hrefs.append(a['href'])
        if tag in ('style', 'title'):
            self._skip += 1
        if self._article is not None and tag not in ('br', 'meta'):
            self._depth += 1
        if tag == 'article':
            self._article, self._depth = a.get('id'), 1
            self.articles[self._article] = ''

    def handle_endtag(self, tag):
        if tag in ('style', 'title'):
            self._skip -= 1
        if self._article is not None and tag not in ('br', 'meta'):
            self._depth -= 1
            if self._depth == 0:
                self._article = None

    def handle_data(self, data):
        if self._article is not None and not self._skip:
            self.articles[self._article] += data


def parse(text):
    d = Dom()
    d.feed(text)
    return d


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900, **kw)


def chromium(browser, work, *args):
    profile = tempfile.mkdtemp(prefix='profile-', dir=work)
    try:
        return run([browser] + FLAGS + ['--user-data-dir=' + profile] + list(args))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def squash(s):
    # Whitespace-free and case-folded (CSS text-transform changes the case
    # of the tags in the PDF text).
    return re.sub(r'\s+', '', s).casefold()


# The script's own words the PDF is read by, per language
# (compiler/print/messages.def).
CHROME = {
    'en': {'script': 'Call script', 'contents': 'Contents', 'p': 'p.',
           'footer': 'Page {} of {}', 'role': 'To be completed by', 'quotes': '“”',
           'flags': ('Start of the call', 'Not reachable from the start', 'Loop with no way out')},
    'ru': {'script': 'Сценарий звонка', 'contents': 'Содержание', 'p': 'стр.',
           'footer': 'Страница {} из {}', 'role': 'Заполняет:', 'quotes': '«»',
           'flags': ('Начало звонка', 'Недостижим от начала звонка', 'Цикл без выхода')},
}


def anchor(sid):
    """compiler/print's anchorId("step-", sid)."""
    return 'step-' + ''.join(chr(b) if chr(b).isascii() and (chr(b).isalnum() or b == 0x2d)
                             else '_%02X' % b for b in sid.encode('utf-8'))


def id_pattern(step_ids):
    # Longest first, and not followed by more of an ID: D-2-1 is not D-2-10.
    alt = '|'.join(re.escape(i) for i in sorted(step_ids, key=len, reverse=True))
    return '(' + alt + r')(?![\w-])'


class Pdf:
    """The text of a printed script, page by page (pdftotext), read the way
    a person leafs through it: where each step's block begins, which blocks
    are cut across pages, what the links and the contents say."""

    def __init__(self, path, steps, sections, title, lang):
        step_ids = list(steps)
        self.step_ids, self.sections = step_ids, sections
        self.words = words = CHROME[lang]
        r = run(['pdftotext', '-enc', 'UTF-8', path, '-'])
        self.raw = r.stdout.decode('utf-8').split('\f')
        if self.raw and not self.raw[-1].strip():
            self.raw.pop()  # pdftotext ends the last page with a form feed
        r = run(['pdftotext', '-enc', 'UTF-8', '-layout', path, '-'])
        self.layout = r.stdout.decode('utf-8').split('\f')
        self.header = (words['script'], title)
        self.footer = re.escape(words['footer']).replace(r'\{\}', r'\d+')
        # The contents are on the cover; the steps follow.
        self.first = next((i for i, p in enumerate(self.raw) if words['contents'] not in p),
                          len(self.raw))
        self.badge = {}   # step ID -> page (1-based) where its block begins
        self.cut = []     # step IDs whose block continues on the next page
        last = None
        for n in range(self.first, len(self.raw)):
            lines = self.body(n)
            # A block begins with its ID badge; its title and flags share the
            # badge's row, so pdftotext may put one of them first.
            starts = bool(lines) and (
                lines[0] in steps or any(lines[0].startswith(t) for t in sections) or
                (len(lines) > 1 and lines[1] in steps and
                 (steps[lines[1]].startswith(lines[0]) or lines[0] in words['flags'])))
            if lines and not starts and last is not None and last not in self.cut:
                self.cut.append(last)
            for l in lines:
                if l in step_ids and l not in self.badge:
                    self.badge[l] = n + 1
                    last = l

    def body(self, n):
        """The lines of page index n without the running header and footer."""
        lines = [l.strip() for l in self.raw[n].splitlines() if l.strip()]
        return [l for l in lines if l not in self.header and not re.fullmatch(self.footer, l)]

    def links(self):
        """(page, target ID, printed page) of every link that names a page:
        "→ D-2-8 Yes – Remote Support Session, p. 8" and the back links
        "Reached from D-2-7 (“Yes”, p. 6)" (in Russian "стр." and «»)."""
        ids = id_pattern(self.step_ids)
        p = re.escape(self.words['p'])
        q_open, q_close = (re.escape(q) for q in self.words['quotes'])
        out = []
        for n, page in enumerate(self.raw):
            flat = re.sub(r'\s+', ' ', page)
            for m in re.finditer('→ ?' + ids + r'[^→]*?, ' + p + r' ?(\d+)', flat):
                out.append((n + 1, m.group(1), int(m.group(2))))
            for m in re.finditer(ids + r' \((?:' + q_open + '[^' + q_close + ']*' + q_close + ', )?' + p +
                                 r' ?(\d+)\)', flat):
                out.append((n + 1, m.group(1), int(m.group(2))))
        return out

    def contents(self):
        """{step ID or section title: page} from the cover's contents (each
        entry ends in its page; two columns share a line)."""
        out = {}
        ids = id_pattern(self.step_ids)
        for page in self.layout[:self.first]:
            for line in page.splitlines():
                s = line.strip()
                for t in self.sections:
                    m = re.fullmatch(re.escape(t) + r'\s+(\d+)', s)
                    if m:
                        out[t] = int(m.group(1))
                for chunk in re.split('(?=' + ids + ')', s):
                    m = re.match(ids + r'.*?\s(\d+)\s*$', chunk)
                    if m:
                        out[m.group(1)] = int(m.group(2))
        return out


def chromium_pdf(browser, work, html_path, pdf_path):
    r = chromium(browser, work, '--no-pdf-header-footer', '--print-to-pdf=' + pdf_path,
                 'file://' + html_path)
    check(r.returncode == 0 and os.path.exists(pdf_path), 'Chromium did not print %s' % html_path)


def layout_tests(name, flowc, browser, work, flow, step_ids, sections, title, paper, lang):
    """The PDF of `flow` on `paper`: every step is in it, the page numbers
    the links and the contents print are the pages the steps begin on, no
    step block is cut unless it cannot be whole where it must begin, no
    page is empty or holds only a section heading, and every page's footer
    counts the pages in the script's language."""
    pdf = os.path.join(work, name + '.pdf')
    page = os.path.join(work, name + '.html')
    r = run([flowc, 'script', '--format=pdf', '--page-numbers=on', '--paper=' + paper, flow,
             '-o', pdf])
    check(r.returncode == 0 and os.path.exists(pdf), 'PDF not printed: %s' % r.stderr.decode())
    check(b'warning' not in r.stderr, 'flowc script --format=pdf: %s' % r.stderr.decode())
    doc = Pdf(pdf, step_ids, sections, title, lang)
    check(len(doc.raw) > 5, '%s: the PDF has only %d pages' % (name, len(doc.raw)))
    for n, text in enumerate(doc.raw):
        footer = CHROME[lang]['footer'].format(n + 1, len(doc.raw))
        check(footer in text, '%s: page %d has no footer %r' % (name, n + 1, footer))
        check(CHROME[lang]['script'] in text, '%s: page %d has no running header' % (name, n + 1))
    whole = ''.join(squash(p) for p in doc.raw)
    for sid in step_ids:
        check(squash(sid) in whole, '%s: step %s is not in the PDF text' % (name, sid))
        check(sid in doc.badge, '%s: no block begins for step %s' % (name, sid))

    # Page numbers: each one printed is the page where the step's block
    # (its ID badge) begins; every link names one.
    links = doc.links()
    for n, sid, printed in links:
        check(doc.badge.get(sid) == printed,
              '%s: page %d links to %s as p. %d, but it begins on p. %s'
              % (name, n, sid, printed, doc.badge.get(sid)))
    r = run([flowc, 'script', '--page-numbers=on', '--paper=' + paper, flow, '-o', page])
    check(r.returncode == 0, 'flowc script --page-numbers=on failed: %s' % r.stderr.decode())
    with open(page, encoding='utf-8') as f:
        text = f.read()
    jumps = text.count('<a class="jump"') - 1  # the legend's sample link has no page
    back = len(re.findall(re.escape(CHROME[lang]['p']) + r'&nbsp;\d+\)', text))
    check(len(links) == jumps + back and jumps > 0,
          '%s: %d links with a page in the PDF text, %d in the HTML (%d jumps, %d back)'
          % (name, len(links), jumps + back, jumps, back))
    toc = doc.contents()
    for sid in step_ids:
        check(toc.get(sid) == doc.badge.get(sid), '%s: the contents put %s on p. %s, it is on p. %s'
              % (name, sid, toc.get(sid), doc.badge.get(sid)))
    for t in sections:
        begins = next((n + 1 for n in range(doc.first, len(doc.raw))
                       if doc.body(n) and doc.body(n)[0].startswith(t)), None)
        check(toc.get(t) == begins and begins is not None,
              '%s: the contents put section %r on p. %s, it begins on p. %s'
              % (name, t, toc.get(t), begins))

    # No page is empty or holds only a section heading (and its role).
    for n in range(doc.first, len(doc.raw)):
        lines = doc.body(n)
        check(lines, '%s: page %d is empty' % (name, n + 1))
        check(not all(any(l.startswith(t) for t in sections) or l.startswith(CHROME[lang]['role'])
                      for l in lines),
              '%s: page %d holds only a section heading: %r' % (name, n + 1, lines))

    # Cut blocks. flowc marks a step `split` when it did not fit where it
    # must begin; only those may be cut. And it must not mark one that
    # fits: printed with every step kept whole (no `split`), each marked
    # step is still cut (it is taller than a page, or than a page under
    # its section's heading, which stays with its first step).
    marked = set(re.findall(r'<article class="step split" id="([^"]+)"', text))
    split = set(sid for sid in step_ids if anchor(sid) in marked)
    check(len(split) == len(marked), '%s: unknown split steps %r' % (name, marked))
    for sid in doc.cut:
        check(sid in split, '%s: step %s is cut across pages but fits on one' % (name, sid))
    whole_html = os.path.join(work, name + '-whole.html')
    whole_pdf = os.path.join(work, name + '-whole.pdf')
    with open(whole_html, 'w', encoding='utf-8') as f:
        f.write(text.replace('<article class="step split"', '<article class="step"'))
    chromium_pdf(browser, work, whole_html, whole_pdf)
    kept = Pdf(whole_pdf, step_ids, sections, title, lang)
    for sid in split:
        check(sid in kept.cut, '%s: step %s may split, but it fits where it begins' % (name, sid))
    print('%s (%s): %d pages, %d links with page numbers, %d steps split: %s'
          % (name, paper, len(doc.raw), len(links), len(split), ' '.join(sorted(split))))


def flow_steps(flow):
    """{step ID: title} (in file order) and the section titles of the flow's folder."""
    steps, sections = {}, []
    folder = os.path.dirname(flow)
    for name in sorted(os.listdir(folder)):
        if name.endswith('.flow'):
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                src = f.read()
            for sid, title in re.findall(r'^\s*step\s+([A-Za-z][A-Za-z0-9_-]*)\s*(?:"([^"]*)")?',
                                         src, re.M):
                steps[sid] = title
            sections += re.findall(r'^\s*section\s+"([^"]*)"', src, re.M)
    return steps, sections


def seed_tests(flowc, src, work, browser):
    flow = os.path.join(src, 'samples/anything_computers/anything_computers.flow')
    step_ids, sections = flow_steps(flow)
    check(len(step_ids) == 32, 'seed 000 has 32 steps, found %d' % len(step_ids))
    check('D-2-2' not in step_ids, 'seed 000 has no D-2-2')
    page = os.path.join(work, 'seed.html')
    r = run([flowc, 'script', '--page-numbers=off', flow, '-o', page])
    check(r.returncode == 0, 'flowc script failed: %s' % r.stderr.decode())
    r = chromium(browser, work, '--dump-dom', 'file://' + page)
    dom = parse(r.stdout.decode('utf-8'))
    ids = set(dom.ids)
    for sid in step_ids:
        check('step-' + sid in dom.articles, 'no block for step %s in the DOM' % sid)
    check(len(dom.hrefs) > 64, 'too few links: %d' % len(dom.hrefs))
    for h in dom.hrefs:
        check(h.startswith('#') and h[1:] in ids, 'link target missing: %s' % h)
    print('seed: %d steps, %d links' % (len(step_ids), len(dom.hrefs)))
    layout_tests('seed', flowc, browser, work, flow, step_ids, sections,
                 'Anything Computers.org — Team Director', 'letter', 'en')
    flow = os.path.join(src, 'samples/case_registration/case_registration.flow')
    step_ids, sections = flow_steps(flow)
    layout_tests('case_registration', flowc, browser, work, flow, step_ids, sections,
                 'Регистрация обращения (Case registration)', 'a4', 'ru')


def hostile_tests(flowc, src, work, browser):
    with open(os.path.join(src, 'tests/print/Inputs/hostile.flow.in'), encoding='utf-8') as f:
        flow_text = f.read().replace('@H@', HOSTILE)
    flow = os.path.join(work, 'hostile.flow')
    page = os.path.join(work, 'hostile.html')
    with open(flow, 'w', encoding='utf-8') as f:
        f.write(flow_text)
    r = run([flowc, 'script', flow, '-o', page])
    check(r.returncode == 0, 'flowc script (hostile) failed: %s' % r.stderr.decode())
    with open(page, encoding='utf-8') as f:
        written = parse(f.read())
    netlog = os.path.join(work, 'netlog.json')
    r = chromium(browser, work, '--virtual-time-budget=3000', '--log-net-log=' + netlog,
                 '--dump-dom', 'file://' + page)
    dom = parse(r.stdout.decode('utf-8'))
    check(dom.tags == written.tags, 'Chromium built elements the printer did not write')
    for bad in ('script', 'img', 'svg', 'iframe', 'link', 'object', 'embed'):
        check(bad not in dom.tags, 'a <%s> element exists' % bad)
    for tag, k, v in dom.attrs:
        check(not k.startswith('on'), 'event handler %s on <%s>' % (k, tag))
        if k in ('href', 'src', 'action'):
            check(v.startswith('#'), 'URL attribute %s=%r' % (k, v))
    check('Кириллица' in ''.join(dom.articles.values()), 'the Cyrillic text is not shown')
    check('<script>alert(1)</script>' in ''.join(dom.articles.values()),
          'the hostile text is not shown as text')
    if os.path.exists(netlog):
        with open(netlog, encoding='utf-8', errors='replace') as f:
            log = f.read()
        # Chromium's own background requests (updates, accounts) are not the
        # page's; every URL in the hostile text names evil.example, so any
        # request caused by flow text would.
        check('evil.example' not in log, 'a request to evil.example was made')
        check('javascript:' not in log, 'a javascript: URL was loaded')
    else:
        failures.append('Chromium wrote no net log')
    print('hostile: %d elements, none from flow text' % len(dom.tags))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--flowc', required=True)
    ap.add_argument('--source-dir', required=True)
    ap.add_argument('--work', required=True)
    a = ap.parse_args()
    browser = shutil.which('chromium') or shutil.which('chromium-browser')
    if not browser or not shutil.which('pdftotext') or not shutil.which('pdfinfo'):
        print('SKIP: chromium, pdftotext and pdfinfo (poppler-utils) are needed')
        return 77
    os.makedirs(a.work, exist_ok=True)
    seed_tests(a.flowc, a.source_dir, a.work, browser)
    hostile_tests(a.flowc, a.source_dir, a.work, browser)
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
