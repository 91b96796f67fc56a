#!/usr/bin/env python3
"""Browser test of the printed call script, with Debian's headless Chromium.

1. The seed-000 sample's script (flowc script) is loaded by Chromium: every
   step has its block and every link target exists in the DOM Chromium built.
2. The script is printed to PDF (flowc script --format=pdf): every step ID
   appears in the PDF text, and no step block is cut across pages (the
   block's first and last words are on the same page).
3. The hostile-string flow (Inputs/hostile.flow.in) renders with no element
   the printer did not write (Chromium's DOM has exactly the tags of the
   file), no script element, no event handler, no URL but `#` fragments,
   and no network request other than the file itself (Chromium's net log).

Exit 77 (skipped) when Chromium or pdftotext is not installed; scripts/test.sh
installs them.
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
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180, **kw)


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


def seed_tests(flowc, src, work, browser):
    flow = os.path.join(src, 'samples/anything_computers/anything_computers.flow')
    step_ids = []
    for name in sorted(os.listdir(os.path.dirname(flow))):
        if name.endswith('.flow'):
            with open(os.path.join(os.path.dirname(flow), name), encoding='utf-8') as f:
                step_ids += re.findall(r'^\s*step\s+([A-Za-z][A-Za-z0-9_-]*)', f.read(), re.M)
    check(len(step_ids) == 32, 'seed 000 has 32 steps, found %d' % len(step_ids))
    page = os.path.join(work, 'seed.html')
    pdf = os.path.join(work, 'seed.pdf')
    r = run([flowc, 'script', flow, '-o', page])
    check(r.returncode == 0, 'flowc script failed: %s' % r.stderr.decode())
    r = chromium(browser, work, '--dump-dom', 'file://' + page)
    dom = parse(r.stdout.decode('utf-8'))
    ids = set(dom.ids)
    for sid in step_ids:
        check('step-' + sid in dom.articles, 'no block for step %s in the DOM' % sid)
    check(len(dom.hrefs) > 64, 'too few links: %d' % len(dom.hrefs))
    for h in dom.hrefs:
        check(h.startswith('#') and h[1:] in ids, 'link target missing: %s' % h)

    r = run([flowc, 'script', '--format=pdf', flow, '-o', pdf])
    check(r.returncode == 0 and os.path.exists(pdf), 'PDF not printed: %s' % r.stderr.decode())
    r = run(['pdftotext', '-enc', 'UTF-8', pdf, '-'])
    raw_pages = r.stdout.decode('utf-8').split('\f')
    pages = [squash(p) for p in raw_pages]
    check(len(pages) > 5, 'the PDF has only %d pages' % len(pages))
    whole = ''.join(pages)
    for sid in step_ids:
        check(squash(sid) in whole, 'step %s is not in the PDF text' % sid)
    # A step block that is cut leaves its rest at the top of the next page.
    # So every page after the contents must begin (below the running header)
    # with a step's ID badge or a section title.
    sections = ['Leads', 'Pay As You Go Member', 'Help Desk & Remote Access Members',
                'Managed Services Member']
    def body_lines(text):
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        return [l for l in lines if l not in ('Call script', 'Anything Computers.org — Team Director')
                and not re.fullmatch(r'Page \d+ of \d+', l)]

    first = next(i for i, p in enumerate(raw_pages) if 'Contents' not in p)
    checked = 0
    for n in range(first, len(raw_pages)):
        lines = body_lines(raw_pages[n])
        if not lines:
            continue
        checked += 1
        top = lines[:3]  # the badge, the title and a flag share one row
        if any(l in step_ids for l in top) or any(lines[0].startswith(t) for t in sections):
            continue
        # Cut: allowed only for a block taller than a page, which then starts
        # at the top of the previous page and fills it.
        prev = body_lines(raw_pages[n - 1])
        ids_prev = [l for l in prev if l in step_ids]
        tall = bool(ids_prev) and ids_prev[-1] in prev[:4]
        check(tall, 'page %d begins inside a step block that fits on one page: %r'
              % (n + 1, lines[0]))
    check(checked >= 8, 'only %d pages checked for cut blocks' % checked)
    print('seed: %d steps, %d links, %d PDF pages checked' % (len(step_ids), len(dom.hrefs), len(pages)))


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
    if not browser or not shutil.which('pdftotext'):
        print('SKIP: chromium and pdftotext (poppler-utils) are needed')
        return 77
    os.makedirs(a.work, exist_ok=True)
    seed_tests(a.flowc, a.source_dir, a.work, browser)
    hostile_tests(a.flowc, a.source_dir, a.work, browser)
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
