// Browser test of the designer's workbench (`flowc serve`, web/workbench) in
// Debian's headless Chromium driven by puppeteer-core.
//
//   node workbench.test.mjs --flowc FLOWC --source-dir DIR --work DIR [--big N]
//
// It copies the seed-000 (Anything Computers, English) and seed-003 (case
// registration, Russian) samples and a generated flow (bench/gen_flow.py,
// 10,000 steps) into a work directory, starts `flowc serve` on it on a free
// loopback port, and:
//
// 1. opens seed 000's pay_as_you_go.flow (a section the root
//    anything_computers.flow imports: it is checked, drawn and tried as
//    part of that flow), sees the flowchart and no problems;
// 2. types an error (a goto to a step that does not exist) and sees it
//    underlined in the editor and listed, with the step marked in the
//    flowchart; fixes it and sees both go;
// 3. clicks a step in the flowchart: the editor's caret moves to its line;
// 4. plays the seed-000 Pay-As-You-Go call in the "try a call" panel with
//    the desktop's widgets (buttons, fields, the record number, the
//    payment) to the transfer, with the $20.00 Add-on charged;
// 5. edits a `say` line the call passed: the replayed call shows the new
//    text, the answers kept;
// 6. hover on a step name (the API and the tooltip), F12 to its definition;
//    the Russian sample: no problems, the call's
//    words in Russian, the printed script;
// 7. the 10,000-step flow: typing stays responsive (the analysis comes
//    back), the flowchart and script say they are left out, only the lines
//    in view are drawn.
//
// The test fails on any console error, page error or request to another
// origin. Screenshots are written to the work directory (workbench-*.png).
// Exit 77 (skipped) when Chromium or Graphviz's dot is not installed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const need of ['flowc', 'source-dir', 'work']) {
  if (!args[need]) {
    console.error(`usage: node workbench.test.mjs --flowc F --source-dir D --work D (missing --${need})`);
    process.exit(2);
  }
}

function which(name) {
  for (const dir of (process.env.PATH || '').split(':')) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch { /* not here */ }
  }
  return null;
}
const chromium = which('chromium') || which('chromium-browser');
if (!chromium || !which('dot')) {
  console.log('SKIP: chromium and graphviz (dot) are needed');
  process.exit(77);
}
const { default: puppeteer } = await import('puppeteer-core');

const work = path.resolve(args.work);
fs.rmSync(work, { recursive: true, force: true });
const project = path.join(work, 'project');
fs.mkdirSync(project, { recursive: true });
const failures = [];
function check(cond, msg) {
  if (!cond) {
    failures.push(msg);
    console.error(`FAIL: ${msg}`);
  }
}
function eq(got, want, msg) {
  check(got === want, `${msg}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
function has(got, part, msg) {
  check(typeof got === 'string' && got.includes(part), `${msg}: ${JSON.stringify(got)} does not contain ${JSON.stringify(part)}`);
}

// ---- the project and the server ------------------------------------------------

const src = path.resolve(args['source-dir']);
fs.cpSync(path.join(src, 'samples/anything_computers'), path.join(project, 'anything_computers'), { recursive: true });
fs.cpSync(path.join(src, 'samples/case_registration'), path.join(project, 'case_registration'), { recursive: true });
const bigSteps = Number(args.big || 10000);
const gen = spawnSync('python3', [path.join(src, 'bench/gen_flow.py'), String(bigSteps)], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (gen.status !== 0) throw new Error(`gen_flow.py failed: ${gen.stderr}`);
fs.mkdirSync(path.join(project, 'bench'));
fs.writeFileSync(path.join(project, 'bench/big.flow'), gen.stdout);

const server = spawn(args.flowc, ['serve', project, '--listen=127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
const base = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`flowc serve did not say where it listens: ${out} ${serverErr}`)), 30000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`flowc serve exited (${code}): ${serverErr}`)));
});
console.log(`flowc serve at ${base}`);

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--lang=en-US'],
});
const TIMEOUT = 60000;

const context = await browser.createBrowserContext();
const page = await context.newPage();
await page.setViewport({ width: 1600, height: 1000 });
page.setDefaultTimeout(TIMEOUT);
page.on('console', (m) => {
  if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) check(false, `console error: ${m.text()}`);
});
page.on('pageerror', (e) => check(false, `page error: ${e.message}`));
page.on('request', (r) => check(r.url().startsWith(`${base}/`), `a request to another origin: ${r.url()}`));
page.on('dialog', (d) => d.dismiss());

let shot = 0;
async function screenshot(name) {
  const file = path.join(work, `workbench-${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`screenshot ${file}`);
}

const text = (sel) => page.$eval(sel, (e) => e.textContent);
const analyzed = () => page.evaluate(() => Number(document.body.dataset.analyzed || 0));
const played = () => page.evaluate(() => Number(document.body.dataset.played || 0));
// Waits for the analysis of the text as `act` left it: a slow page may
// analyse (and count) a prefix of what was typed first.
async function afterAnalysis(act) {
  const before = await analyzed();
  await act();
  await page.waitForFunction(
    (n) => Number(document.body.dataset.analyzed || 0) > n && !document.body.dataset.pending, {}, before);
}
async function afterPlay(act) {
  const before = await played();
  await act();
  await page.waitForFunction((n) => Number(document.body.dataset.played || 0) > n, {}, before);
}
// The UTF-16 offset of `needle` in the editor's text (the n-th occurrence).
async function offsetOf(needle, nth = 0) {
  return page.$eval('#editor textarea', (t, s, n) => {
    let at = -1;
    for (let i = 0; i <= n; ++i) at = t.value.indexOf(s, at + 1);
    return at;
  }, needle, nth);
}
async function caretAt(offset) {
  await page.$eval('#editor textarea', (t, o) => {
    t.focus();
    t.setSelectionRange(o, o);
  }, offset);
}
async function caretLine() {
  return page.$eval('#editor textarea', (t) => t.value.slice(0, t.selectionStart).split('\n').length);
}
async function openFile(p) {
  await afterAnalysis(() => page.click(`button.file[data-path="${p}"]`));
}
async function clickOption(label) {
  await afterPlay(async () => {
    const buttons = await page.$$('#try-events .active button');
    for (const b of buttons) {
      if ((await b.evaluate((e) => e.textContent)).includes(label)) {
        await b.click();
        return;
      }
    }
    throw new Error(`no button '${label}' in the try panel: ${await text('#try-events')}`);
  });
}
async function provide(value) {
  await afterPlay(async () => {
    await page.click('#try-events .active .answer-input');
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  });
}

try {
  const res = await fetch(`${base}/`);
  eq(res.status, 200, 'GET /');
  const csp = res.headers.get('content-security-policy') || '';
  has(csp, "script-src 'self'", 'the CSP');
  check(!csp.includes('unsafe'), `the page's CSP allows nothing unsafe: ${csp}`);
  eq((await fetch(`${base}/api/files`, { headers: { Origin: 'http://evil.example' } })).status, 403, 'a foreign Origin');

  // ---- 1. seed 000 -----------------------------------------------------------
  await page.goto(`${base}/#anything_computers%2Fpay_as_you_go.flow`);
  await page.waitForFunction(() => Number(document.body.dataset.analyzed || 0) > 0);
  has(await text('#doc-path'), 'anything_computers/pay_as_you_go.flow', 'the file opened from the address');
  has(await text('#doc-root'), 'anything_computers/anything_computers.flow', 'checked as part of the root flow');
  has(await text('#doc-state'), 'no problems', 'seed 000 has no problems');
  await page.waitForSelector('#graph svg g.step');
  const nodes = await page.$$eval('#graph svg g.step', (gs) => gs.length);
  check(nodes > 10, `the flowchart has the steps (${nodes})`);
  check(await page.$eval('#script-frame', (f) => f.getAttribute('src') || ''), 'the script frame has a source');
  await screenshot('seed000-open');

  // ---- 2. an error typed, underlined and listed; fixed, gone -------------------
  const gotoAt = await offsetOf('"Yes" -> D-2-');
  check(gotoAt > 0, 'the first option jump is found');
  const target = gotoAt + '"Yes" -> '.length;
  await page.$eval('#editor textarea', (t, o) => { t.focus(); t.setSelectionRange(o, o + 5); }, target); // the step ID
  await afterAnalysis(() => page.keyboard.type('NOPE-1'));
  await page.waitForSelector('#problems .problem-item.error');
  has(await text('#problems'), 'NOPE-1', 'the error is listed');
  const underlined = await page.$$eval('#editor .overlay .dg-error', (es) => es.map((e) => e.textContent).join('|'));
  has(underlined, 'NOPE-1', 'the error is underlined in the editor');
  check(await page.$('#editor .gutter .num.has-error'), 'the line number is marked');
  check(await page.$('#graph svg g.has-error'), 'the step with the error is marked in the flowchart');
  has(await text('#doc-state'), '1 error', 'the state says one error');
  await screenshot('error-typed');
  // A click on the problem moves the caret to it.
  await caretAt(0);
  await page.click('#problems .problem-link');
  const errLine = await caretLine();
  const wantLine = await page.$eval('#editor textarea', (t, o) => t.value.slice(0, o).split('\n').length, target);
  eq(errLine, wantLine, 'a click on the problem moves the caret to its line');
  // Fix it: the old step ID back.
  const fixed = await page.$eval('#editor textarea', (t, o) => t.value.slice(o, o + 6), target);
  eq(fixed, 'NOPE-1', 'the typed ID');
  await page.$eval('#editor textarea', (t, o) => { t.focus(); t.setSelectionRange(o, o + 6); }, target);
  const original = fs.readFileSync(path.join(project, 'anything_computers/pay_as_you_go.flow'), 'utf8').slice(target, target + 5);
  await afterAnalysis(() => page.keyboard.type(original));
  await page.waitForFunction(() => !document.querySelector('#problems .problem-item'));
  eq(await page.$$eval('#editor .overlay .dg-error', (es) => es.length), 0, 'no underline after the fix');
  check(!(await page.$('#graph svg g.has-error')), 'no step marked after the fix');
  has(await text('#doc-state'), 'no problems', 'no problems after the fix');

  // ---- 3. a click on a step in the flowchart moves the editor -------------------
  const stepNode = await page.$('#graph svg g.step[data-step="D-2-11"]');
  check(stepNode, 'step D-2-11 is in the flowchart');
  await caretAt(0);
  await stepNode.click();
  const line = await caretLine();
  const stepLine = await page.$eval('#editor textarea', (t) => t.value.slice(0, t.value.indexOf('step D-2-11')).split('\n').length);
  eq(line, stepLine, 'the caret is on the step D-2-11');
  check(line > 1, 'the caret moved');
  check(await page.$('#graph svg g.step.selected[data-step="D-2-11"]'), 'the clicked step is selected');
  await screenshot('step-clicked');

  // ---- 4. the seed-000 Pay-As-You-Go call, played in the panel ---------------------
  await page.waitForSelector('#try-events .ev.active');
  has(await text('#try-events'), 'Agent name', 'the call asks for the host value agent first');
  await provide('Sam');
  await clickOption('Yes'); // D-2-1 Existing Member?
  await clickOption('Already Attached to Customer');
  await clickOption('Pay As You Go Plan'); // plan: an enum, its values as buttons
  await provide('0.00'); // past due
  has(await text('#try-events'), 'Remote Support Session', 'D-2-7 offers the session');
  await clickOption('Yes'); // Remote support?
  await provide('Dana Lee');
  await provide('Standard');
  await provide('1042'); // the ticket's number
  has(await text('#try-events'), '$20.00', 'the Add-on is charged');
  await screenshot('payg-payment');
  await clickOption('Payment went through');
  await page.waitForSelector('#try-events .chip.status-transferred');
  has(await text('#try-answers'), 'Dana Lee', 'the answers are listed');
  await screenshot('payg-transferred');

  // ---- 5. an edited line shows in the replayed call -------------------------------
  const sayAt = await offsetOf('Hello. My name is {agent}.');
  check(sayAt > 0, 'the D-2-7 greeting is in pay_as_you_go.flow');
  if (sayAt < 0) throw new Error('greeting not found');
  await page.$eval('#editor textarea', (t, o) => { t.focus(); t.setSelectionRange(o, o + 5); }, sayAt);
  await afterPlay(() => page.keyboard.type('Good afternoon'));
  await page.waitForFunction(() => document.getElementById('try-events').textContent.includes('Good afternoon. My name is Sam.'));
  check(await page.$('#try-events .chip.status-transferred'), 'the replayed call still ends transferred');
  await screenshot('replayed-edit');
  // Undo it (the file on disk is unchanged: nothing was saved).
  await page.$eval('#editor textarea', (t, o) => { t.focus(); t.setSelectionRange(o, o + 'Good afternoon'.length); }, sayAt);
  await afterAnalysis(() => page.keyboard.type('Hello'));

  // ---- hover ---------------------------------------------------------------------------
  const hoverAt = await offsetOf('-> D-2-13');
  const box = await page.$eval('#editor textarea', (t, o) => {
    t.setSelectionRange(o, o);
    const line = t.value.slice(0, o).split('\n').length;
    const col = o - t.value.lastIndexOf('\n', o - 1);
    return { line, col };
  }, hoverAt + 4);
  const hov = await page.evaluate(async (line, column) => {
    const r = await fetch('/api/hover', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: 'anything_computers/pay_as_you_go.flow', text: document.querySelector('#editor textarea').value, line, column }) });
    return (await r.json()).markdown;
  }, box.line, box.col);
  has(hov, 'step D-2-13', 'hover on a step name shows the step');
  // In the page: the mouse over the name shows it in the tooltip...
  const at = await page.$eval('#editor textarea', (t, o) => {
    const line = t.value.slice(0, o).split('\n').length - 1;
    const col = o - (t.value.lastIndexOf('\n', o - 1) + 1);
    const r = t.getBoundingClientRect();
    const probe = document.querySelector('#editor .overlay .row span');
    const cw = probe ? probe.getBoundingClientRect().width / probe.textContent.length : 8;
    t.scrollTop = Math.max(0, line * 20 - 100);
    return { x: r.left + 8 + (col + 0.5) * cw, y: r.top + 6 + line * 20 - t.scrollTop + 10 };
  }, hoverAt + 4);
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('#hover:not([hidden])');
  has(await text('#hover'), 'step D-2-13', 'the hover tooltip shows the step');
  await screenshot('hover');
  await page.mouse.move(5, 500);
  // ... and F12 on it goes to its definition.
  await caretAt(hoverAt + 4);
  await page.keyboard.press('F12');
  const declLine = await page.$eval('#editor textarea', (t) => t.value.slice(0, t.value.indexOf('step D-2-13')).split('\n').length);
  await page.waitForFunction((want) => {
    const t = document.querySelector('#editor textarea');
    return t.value.slice(0, t.selectionStart).split('\n').length === want;
  }, {}, declLine);

  // ---- 6. the Russian sample ----------------------------------------------------------
  await openFile('case_registration/case_registration.flow');
  has(await text('#doc-state'), 'no problems', 'seed 003 has no problems');
  await page.waitForSelector('#graph svg g.step');
  await page.waitForSelector('#try-events .ev.active');
  eq(await page.$eval('#try-view', (e) => e.lang), 'ru', 'the call is in the flow\'s language');
  has(await text('#try-events'), 'Примечание', 'the widgets speak Russian');
  await page.click('#tab-script');
  await page.waitForFunction(() => {
    const f = document.getElementById('script-frame');
    return f && f.getAttribute('src') && !document.getElementById('script-view').hidden;
  });
  await new Promise((r) => setTimeout(r, 500));
  await screenshot('seed003-russian-script');
  await page.click('#tab-try');

  // ---- 7. the 10,000-step flow -----------------------------------------------------------
  const t0 = Date.now();
  await openFile('bench/big.flow');
  console.log(`big flow (${bigSteps} steps): opened and analysed in ${Date.now() - t0} ms`);
  has(await text('#graph-note'), 'left out', 'the flowchart is left out above the draw limit');
  has(await text('#script-note'), 'left out', 'the script is left out above the draw limit');
  // Typing at the end of the file: each key is handled at once (the editor
  // draws the lines in view only), the analysis follows.
  const end = await page.$eval('#editor textarea', (t) => t.value.length);
  await caretAt(end);
  const keyStart = Date.now();
  await afterAnalysis(() => page.keyboard.type('// typed'));
  const typed = Date.now() - keyStart;
  console.log(`big flow: 8 keys typed and analysed in ${typed} ms`);
  const ping = Date.now();
  await page.evaluate(() => 1);
  check(Date.now() - ping < 1000, 'the page answers while big flows are analysed');
  // One key, handled and drawn: the textarea holds a window of the text,
  // not 2.9 MB that the browser would lay out again on every key.
  const keyMs = await page.evaluate(async () => {
    const ta = document.querySelector('#editor textarea');
    const s = performance.now();
    ta.setRangeText('x', ta.selectionStart, ta.selectionStart, 'end');
    ta.dispatchEvent(new Event('input'));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - s;
  });
  console.log(`big flow: one key handled and drawn in ${Math.round(keyMs)} ms`);
  check(keyMs < 1500, `a key in the big flow is handled in ${Math.round(keyMs)} ms (< 1500 ms on a loaded machine)`);
  // Scrolling to the window's end moves the window on: the gutter shows
  // the real line numbers past it.
  const lastShown = () => page.$$eval('#editor .gutter .num', (ns) => Math.max(...ns.map((n) => Number(n.textContent))));
  let before = await lastShown();
  for (let i = 0; i < 3; ++i) {
    await page.$eval('#editor textarea', (t) => { t.scrollTop = t.scrollHeight; });
    await new Promise((r) => setTimeout(r, 300));
  }
  const after = await lastShown();
  check(after > before + 1000, `scrolling moves the window on (last line shown ${before} -> ${after})`);
  const total = await page.$eval('#editor textarea', () => 0) + gen.stdout.split('\n').length;
  check(after < total + 10, 'the line numbers are the file\'s');
  await caretAt(Math.floor(end / 2));
  await page.$eval('#editor textarea', (t) => { t.scrollTop = t.scrollHeight / 2; });
  await new Promise((r) => setTimeout(r, 200));
  const rows = await page.$$eval('#editor .overlay .row', (rs) => rs.length);
  check(rows > 10 && rows < 200, `only the lines in view are drawn (${rows})`);
  await screenshot('big-flow');
} catch (err) {
  failures.push(`aborted: ${err.stack || err}`);
  console.error(err);
  await screenshot('failure').catch(() => {});
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

if (failures.length) {
  console.error(`\n${failures.length} failure(s)`);
  process.exit(1);
}
console.log('workbench: all checks passed');
