// Browser test of the agent desktop (web/desktop) against a real
// `flowrun serve`, in Debian's headless Chromium driven by puppeteer-core.
//
//   node desktop.test.mjs --flowc FLOWC --flowrun FLOWRUN --source-dir DIR --work DIR
//
// It compiles the seed-000 (Anything Computers) and seed-003 (case
// registration, Russian) samples, adds an agent and a supervisor with
// `flowrun serve --add-agent` to a temporary agents file, starts
// `flowrun serve` on a free loopback port with a temporary SQLite store, and:
//
// 1. seed 000, keyboard only (no mouse event at all): sign in, start a call
//    as "Sam", answer with 1-9 and typed values + Enter; checks the step
//    header (ID, title, section, role), the lines with the placeholder
//    filled, the notes set apart, the option keys, Back (Alt+B) undoing a
//    wrong choice, the Ticket form in progress with what is still required,
//    the record number, the charge and the invoice, the payment, the inline
//    refusal of a code that breaks the field's pattern (the server's 422),
//    Pause (Alt+P) with a reason and Resume, and the transfer summary;
// 2. meanwhile a supervisor, signed in in another browser context, sees the
//    paused call (with its current step and the reason) in the calls view;
// 3. seed 003, with the mouse: the page is in Russian (html lang, its own
//    words), Back, a lookup, the refusal of notes without «СС №…», and the
//    end summary with the completed Case.
//
// Every page is served with the CSP; the test fails on any console error,
// page error, CSP report or request to another origin. Screenshots are
// written to the work directory (desktop-*.png). Exit 77 (skipped) when
// Chromium is not installed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const need of ['flowc', 'flowrun', 'source-dir', 'work']) {
  if (!args[need]) {
    console.error(`usage: node desktop.test.mjs --flowc F --flowrun F --source-dir D --work D (missing --${need})`);
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
if (!chromium) {
  console.log('SKIP: chromium is needed (scripts/deps.sh --browser)');
  process.exit(77);
}
const { default: puppeteer } = await import('puppeteer-core');

const work = path.resolve(args.work);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
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

function run(cmd, argv) {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) {
    // A timeout or a signal has no status: say which, and after how long.
    const how = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
    throw new Error(`${cmd} ${argv.join(' ')} failed (${how}, after ${Date.now() - t0} ms): ${r.stderr}`);
  }
  return r.stdout;
}

// ---- the server -------------------------------------------------------------

const src = path.resolve(args['source-dir']);
const ac = path.join(work, 'anything_computers.flowc');
const cr = path.join(work, 'case_registration.flowc');
run(args.flowc, ['build', path.join(src, 'samples/anything_computers/anything_computers.flow'), '-o', ac]);
run(args.flowc, ['build', path.join(src, 'samples/case_registration/case_registration.flow'), '-o', cr]);
// The printers' hostile flow (tests/print/Inputs/hostile.flow.in): the same
// hostile text (markup, script URLs, bidi overrides, zero-width, emoji,
// Cyrillic) in every text slot, as tests/print/browser_test.py fills it.
const HOSTILE = '<script>alert(1)</script> \\"><img src=x onerror=alert(2)> \'><svg onload=alert(3)> ' +
  '</style></title><!-- --> javascript:alert(4) [x](javascript:alert(5)) ' +
  '<a href=\\"javascript:alert(6)\\">a</a> <iframe src=https://evil.example/></iframe> ' +
  '<link rel=stylesheet href=https://evil.example/x.css> <meta http-equiv=refresh ' +
  'content=0;url=https://evil.example> \u202Eoverride \u200Bzero\u200Dwidth \uFFFD 🚀👩‍💻 Кириллица';
const SHOWN = HOSTILE.replaceAll('\\"', '"'); // the flow's \" is a "
const hostileFlow = path.join(work, 'hostile.flow');
fs.writeFileSync(hostileFlow, fs.readFileSync(path.join(src, 'tests/print/Inputs/hostile.flow.in'), 'utf8').replaceAll('@H@', HOSTILE));
const hostile = path.join(work, 'hostile.flowc');
run(args.flowc, ['build', hostileFlow, '-o', hostile]);
// A question whose options have keys (docs/language.md "Keys on options").
const screenerFlow = path.join(work, 'screener.flow');
fs.writeFileSync(screenerFlow, `flow screener "Survey screener"
start S-1
step S-1 "Outcome" {
  say "Hello, I am calling from Harbour Research about a short survey."
  ask "Outcome of the call (interviewer code)" {
    "Complete interview"      key 1   -> DONE
    "Partial interview"       key 2   -> DONE
    "Quota full"              key 23  { end "quota full" }
    "General callback"        key 92  -> CB
    "Specific callback"       key 93  -> CB
    "Repeat the introduction" key "*" -> S-1
  }
}
step CB "Callback" {
  say "When would be a good time to call you back?"
  end "callback"
}
step DONE "Done" {
  end "interviewed"
}
`);
const screener = path.join(work, 'screener.flowc');
run(args.flowc, ['build', screenerFlow, '-o', screener]);
const agents = path.join(work, 'agents.txt');
const tokenOf = (out) => out.trim().split('\n').pop().trim();
const samToken = tokenOf(run(args.flowrun, ['serve', '--add-agent', 'sam', `--agents=${agents}`]));
const leadToken = tokenOf(run(args.flowrun, ['serve', '--add-agent', 'lead', '--supervisor', `--agents=${agents}`]));
check(/^[A-Za-z0-9_-]{20,}$/.test(samToken), `--add-agent printed a token (${samToken.length} characters)`);

const server = spawn(args.flowrun, ['serve', '--listen=127.0.0.1:0', `--store=sqlite:${path.join(work, 'sessions.db')}`,
  `--agents=${agents}`, ac, cr, hostile, screener], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
const base = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`flowrun serve did not say where it listens: ${out} ${serverErr}`)), 30000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`flowrun serve exited (${code}): ${serverErr}`)));
});
console.log(`flowrun serve at ${base}`);

// ---- the browser ------------------------------------------------------------

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--lang=en-US'],
});
// A wait ends as soon as what it waits for holds; only a failure waits this
// long. Under ASan beside the heavy server tests, a flow's first step took
// more than 30 s to show once (2026-12-05).
const TIMEOUT = 90000;

const pages = [];
async function newPage(name) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  pages.push([name, page]);
  await page.setViewport({ width: 1360, height: 1000 });
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) check(false, `${name}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => check(false, `${name}: page error: ${e.message}`));
  page.on('request', (r) => {
    check(r.url().startsWith(`${base}/`), `${name}: a request to another origin: ${r.url()}`);
  });
  return page;
}

let shot = 0;
async function screenshot(page, name) {
  const file = path.join(work, `desktop-${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }); // what the agent sees: the focused part
  console.log(`screenshot ${file}`);
}

const text = (page, sel) => page.$eval(sel, (e) => e.textContent);
const texts = (page, sel) => page.$$eval(sel, (es) => es.map((e) => e.textContent));
const idle = (page) => page.waitForFunction(() => !document.body.classList.contains('busy'));
async function waitStep(page, id) {
  await page.waitForFunction((want) => document.getElementById('step-id').textContent === want &&
    !document.getElementById('call-view').hidden && !document.body.classList.contains('busy'), {}, id);
}
const answers = (page) => page.$$eval('#answers li:not(.empty)', (es) => es.length);
// Does `act`, then waits until the server took one more answer.
async function answered(page, act) {
  const before = await answers(page);
  await act();
  await page.waitForFunction((n) => document.querySelectorAll('#answers li:not(.empty)').length === n &&
    !document.body.classList.contains('busy'), {}, before + 1);
}
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? `${e.tagName.toLowerCase()}${e.className ? `.${e.className.split(' ').join('.')}` : ''}` : '';
});
async function key(page, k) {
  await page.keyboard.press(k);
}
async function typeEnter(page, s) {
  await page.keyboard.type(s);
  await page.keyboard.press('Enter');
}
async function alt(page, k) {
  await page.keyboard.down('Alt');
  await page.keyboard.press(k);
  await page.keyboard.up('Alt');
}
async function clickButton(page, label) {
  const buttons = await page.$$('#script button, #call-view .toolbar button, #start-view button');
  for (const b of buttons) {
    const visible = await b.evaluate((e) => e.offsetParent !== null);
    if (visible && (await b.evaluate((e) => e.textContent)).includes(label)) {
      await b.click();
      return;
    }
  }
  throw new Error(`no button '${label}'`);
}

try {
  // ---- the page and its headers -------------------------------------------
  const res = await fetch(`${base}/`);
  eq(res.status, 200, 'GET / status');
  has(res.headers.get('content-type'), 'text/html', 'GET / content type');
  const csp = res.headers.get('content-security-policy') || '';
  has(csp, "default-src 'none'", 'the page\'s CSP');
  has(csp, "script-src 'self'", 'the page\'s CSP');
  check(!csp.includes('unsafe'), `the CSP allows nothing unsafe: ${csp}`);
  eq(res.headers.get('x-content-type-options'), 'nosniff', 'X-Content-Type-Options');
  eq(res.headers.get('x-frame-options'), 'DENY', 'X-Frame-Options');
  eq(res.headers.get('referrer-policy'), 'no-referrer', 'Referrer-Policy');
  eq((await fetch(`${base}/assets/app.js`)).status, 200, 'GET /assets/app.js');
  eq((await fetch(`${base}/assets/nothing.js`)).status, 404, 'GET /assets/nothing.js');
  eq((await fetch(`${base}/api/flows/anything_computers/outline`)).status, 401, 'the outline needs a token');

  // ---- 1. seed 000, keyboard only -----------------------------------------
  const sam = await newPage('seed 000');
  await sam.goto(`${base}/`);
  await sam.waitForSelector('#token:focus');
  await screenshot(sam, 'signin');
  await typeEnter(sam, 'not-a-token');
  await sam.waitForFunction(() => document.getElementById('signin-error').textContent !== '');
  eq(await text(sam, '#signin-error'), 'The server does not know this token.', 'a wrong token is refused');
  await sam.keyboard.down('Control');
  await key(sam, 'a');
  await sam.keyboard.up('Control');
  await typeEnter(sam, samToken);
  await sam.waitForSelector('#start-view:not([hidden]) #flow-select:focus');
  eq(await sam.evaluate(() => sessionStorage.getItem('callflow.token')), samToken, 'the token is kept in sessionStorage');
  eq(await sam.$eval('#flow-select', (s) => [...s.options].map((o) => o.value).join(',')),
    'anything_computers,case_registration,hostile,screener', 'the flows to start');
  // The flow's own fields come with its outline, after the list is focused:
  // on a loaded host a Tab before them went past where they appear.
  await sam.waitForSelector('#start-fields input[name="agent"]');
  await key(sam, 'Tab'); // to "Agent name"
  eq(await sam.evaluate(() => document.activeElement.name), 'agent', 'Tab reaches the agent name');
  await sam.keyboard.type('Sam');
  await screenshot(sam, 'start');
  await key(sam, 'Enter');

  await waitStep(sam, 'D-2-1');
  eq(await text(sam, '#step-title'), 'Leads', 'D-2-1 title');
  has(await text(sam, '#step-meta'), 'Section: Leads', 'D-2-1 section');
  has(await text(sam, '#step-meta'), 'Role: Team Director', 'D-2-1 role');
  eq((await texts(sam, '#script .say .line'))[0],
    'Thank you for calling Anything Computers.org. This is Sam. Are you an existing member?', 'D-2-1 line, {agent} filled');
  eq((await texts(sam, '#script aside.note')).length, 3, 'D-2-1 notes are set apart');
  eq(await text(sam, '#script .ask.active .question'), 'Existing Member?', 'D-2-1 question');
  eq((await texts(sam, '#script .active .option')).join('|'), '1Yes|2No', 'D-2-1 options with their keys');
  eq(await focused(sam), 'button.option', 'the first option has the focus');
  eq(await sam.$eval('html', (e) => e.lang), 'en', 'an English flow: the page is English');
  await screenshot(sam, 'seed000-D-2-1');
  await answered(sam, () => key(sam, '2')); // No: a new caller

  await waitStep(sam, 'D-2-3');
  eq((await texts(sam, '#script .say .line'))[0],
    'Hello. My name is Sam. Are you a Member or looking for one time support?', 'D-2-3 line');
  await answered(sam, () => key(sam, '1')); // Member: the wrong answer
  await waitStep(sam, 'D-2-5');
  await alt(sam, 'KeyB'); // Back
  await waitStep(sam, 'D-2-3');
  eq(await text(sam, '#script .ask.active .question'), 'Member or one time support?', 'Back asks D-2-3 again');
  eq(await answers(sam), 1, 'Back undid the last answer');
  await answered(sam, () => key(sam, '2')); // One time support

  await waitStep(sam, 'D-2-4');
  eq(await text(sam, '#step-title'), 'One Time Support', 'D-2-4 title');
  eq(await focused(sam), 'input.answer-input', 'an input has the focus');
  has(await text(sam, '#script .input.active'), 'Ticket Title', 'D-2-4 asks for the ticket title');
  has(await text(sam, '#script .input.active .hint'), 'Type: text', 'the input says its type');
  await answered(sam, () => typeEnter(sam, 'Laptop will not boot'));
  await answered(sam, () => typeEnter(sam, 'Blue screen after an update'));
  has(await text(sam, '#forms'), 'Ticketin progress', 'the Ticket is in progress');
  has(await text(sam, '#forms .required'), 'Tech / Assignee', 'Tech / Assignee is still required');
  await answered(sam, () => typeEnter(sam, 'Dana Lee'));
  check(!(await text(sam, '#forms .required')).includes('Tech / Assignee'), 'Tech / Assignee is no longer required once given');
  has(await text(sam, '#forms'), 'Dana Lee', 'the form shows what was entered');
  await answered(sam, () => typeEnter(sam, 'Chris'));
  await answered(sam, () => typeEnter(sam, 'Standard'));
  has(await text(sam, '#script .record.active'), 'Ticket — created', 'the Ticket is created');
  await screenshot(sam, 'seed000-create');
  await answered(sam, () => typeEnter(sam, '2001')); // the record number
  has(await text(sam, '#forms'), 'number 2001', 'the Ticket has its number');
  const charges = await text(sam, '#charges');
  has(charges, 'ONE-TIME REMOTE SESSION', 'the charge is listed');
  has(charges, '$35.00', 'the charge amount');
  has(charges, 'Charged so far: $35.00', 'the running total');
  has(charges, 'Total$35.00', 'the invoice total');
  eq(await text(sam, '#script .payment.active .question'), 'Take payment: $35.00', 'the payment is asked for');

  // Pause with a reason; the supervisor sees the paused call.
  await alt(sam, 'KeyP');
  await sam.waitForSelector('#pause-reason:focus');
  await typeEnter(sam, 'Caller looks for the card');
  await sam.waitForFunction(() => document.getElementById('call-status').textContent === 'paused');
  has(await text(sam, '#script .paused-banner'), 'Caller looks for the card', 'the pause reason is shown');
  await key(sam, '1'); // no answer while paused
  await idle(sam);
  eq(await answers(sam), 8, 'no answer is taken while paused');
  await screenshot(sam, 'seed000-paused');

  const lead = await newPage('supervisor');
  await lead.goto(`${base}/`);
  await lead.waitForSelector('#token:focus');
  await typeEnter(lead, leadToken);
  await lead.waitForSelector('#start-view:not([hidden])');
  await alt(lead, 'KeyL');
  await lead.waitForSelector('#calls table.calls');
  const row = await lead.$eval('#calls tbody tr', (tr) => [...tr.cells].map((c) => c.textContent));
  eq(row[0], 'sam', 'the supervisor sees Sam\'s call');
  has(row[2], 'D-2-4', 'the call\'s current step');
  has(row[2], 'One Time Support', 'the current step\'s title');
  has(row[3], 'paused', 'the call is paused');
  has(row[3], 'Caller looks for the card', 'the pause reason');
  await screenshot(lead, 'supervisor-calls');

  await alt(sam, 'KeyP'); // resume
  await sam.waitForFunction(() => document.getElementById('call-status').textContent === 'live');
  await sam.waitForSelector('#script .payment.active .option:focus');
  await answered(sam, () => key(sam, '1')); // the payment went through
  has(await text(sam, '#charges'), 'Payment: $35.00 — Payment went through', 'the payment is recorded');

  // The LogMeIn code must be six digits: the server refuses "12ab" (422).
  has(await text(sam, '#script .input.active'), 'LogMeIn 6 digit code', 'the code is asked for');
  has(await text(sam, '#script .input.active .hint'), 'Must match: [0-9]{6}', 'the input says its pattern');
  await typeEnter(sam, '12ab');
  await sam.waitForFunction(() => document.querySelector('#script .active .refusal')?.textContent !== '');
  has(await text(sam, '#script .active .refusal'), 'does not match', 'the refusal is shown inline');
  eq(await sam.$eval('#script .active .answer-input', (e) => e.getAttribute('aria-invalid')), 'true', 'the field is marked invalid');
  eq(await focused(sam), 'input.answer-input', 'the refused field keeps the focus');
  await waitStep(sam, 'D-2-4');
  await screenshot(sam, 'seed000-refused');
  await sam.keyboard.down('Control');
  await key(sam, 'a');
  await sam.keyboard.up('Control');
  await answered(sam, () => typeEnter(sam, '123456'));

  await sam.waitForSelector('#script .summary');
  eq(await text(sam, '#call-status'), 'transferred', 'the call was transferred');
  eq(await text(sam, '#script .summary h2'), 'The call was transferred', 'the summary heading');
  has(await text(sam, '#script .summary'), 'Transferred to: Remote Agent', 'the summary says to whom');
  has(await text(sam, '#script .summary'), 'Total: $35.00', 'the summary has the invoice total');
  has(await text(sam, '#script .summary'), 'Ticket — created (number 2001)', 'the summary has the ticket');
  eq(await focused(sam), 'button.primary', 'New call has the focus');
  check(await sam.$eval('#back', (b) => b.hidden), 'no Back after the end');
  await screenshot(sam, 'seed000-transferred');

  // The supervisor's list no longer has the call.
  await lead.click('#calls-refresh');
  await lead.waitForFunction(() => document.querySelector('#calls .empty') !== null);

  // ---- 3. seed 003, Russian, with the mouse --------------------------------
  const ru = await newPage('seed 003');
  // The start view asks for the default flow's outline; here it comes back
  // only after the agent has chosen another flow, which must keep its
  // language and fields (the page once let the late answer win).
  await ru.setRequestInterception(true);
  let lateOutline = null;
  ru.on('request', (r) => {
    if (!lateOutline && r.url().endsWith('/outline') && !r.url().includes('/case_registration/')) {
      lateOutline = new Promise((resolve) => setTimeout(() => r.continue().then(resolve, resolve), 1500));
      return;
    }
    r.continue().catch(() => {}); // the page may be closing
  });
  await ru.goto(`${base}/`);
  await ru.waitForSelector('#token');
  await ru.type('#token', samToken);
  await ru.click('#signin-form button[type=submit]');
  await ru.waitForSelector('#start-view:not([hidden])');
  await ru.select('#flow-select', 'case_registration');
  await ru.waitForFunction(() => document.documentElement.lang === 'ru');
  check(lateOutline !== null, 'the default flow\'s outline was held back');
  await lateOutline;
  await new Promise((resolve) => setTimeout(resolve, 300)); // the page handles the late answer
  eq(await ru.evaluate(() => document.documentElement.lang), 'ru', 'a late outline does not take the language back');
  eq(await text(ru, '#start-form button[type=submit]'), 'Начать звонок', 'the start button in Russian');
  await ru.click('#start-form button[type=submit]');
  await waitStep(ru, 'interaction_type');
  eq(await text(ru, '#step-title'), 'Interaction Type', 'interaction_type title');
  has(await text(ru, '#step-meta'), 'Раздел: Классификация обращения', 'the section, in Russian');
  eq(await text(ru, '#back'), 'Назад', 'Back in Russian');
  eq(await text(ru, '#pause'), 'Пауза', 'Pause in Russian');
  eq((await texts(ru, '#script .ask .tag'))[0], 'Спросите', 'the Ask tag in Russian');
  eq(await text(ru, '#script .ask.active .question'), 'Кем представился клиент? (Interaction Type)', 'the question');
  await screenshot(ru, 'seed003-interaction');
  await answered(ru, () => clickButton(ru, 'Anonymous'));
  await waitStep(ru, 'segment');
  await answered(ru, () => clickButton(ru, 'Commercial (Business User)'));
  await waitStep(ru, 'license');
  await answered(ru, () => clickButton(ru, 'Open Value'));
  await waitStep(ru, 'product');
  await clickButton(ru, 'Назад');
  await waitStep(ru, 'license');
  eq(await answers(ru), 2, 'Back undid the license');
  await ru.reload(); // the tab keeps its token and its call
  await waitStep(ru, 'license');
  eq(await answers(ru), 2, 'a reload shows the call as it was');
  eq(await ru.$eval('html', (e) => e.lang), 'ru', 'still in Russian after a reload');
  await answered(ru, () => clickButton(ru, 'Open Value'));
  await waitStep(ru, 'product');
  await answered(ru, () => clickButton(ru, 'Да'));
  has(await text(ru, '#script .do.active'), 'Product Lookup', 'the product lookup');
  await ru.type('#script .active .answer-input', 'Windows 7 Professional');
  await answered(ru, () => clickButton(ru, 'Ввод'));
  await waitStep(ru, 'oem');
  await answered(ru, () => clickButton(ru, 'OEM-3 – Ukraine'));
  await waitStep(ru, 'program');
  await answered(ru, () => clickButton(ru, 'Home Use Program'));
  await waitStep(ru, 'action_taken');
  has(await text(ru, '#step-meta'), 'Раздел: Complete', 'action_taken section');
  await answered(ru, () => clickButton(ru, 'Captured Feedback Only'));
  has(await text(ru, '#script .input.active'), 'Contact Summary Notes', 'the notes are asked for');
  has(await text(ru, '#forms'), 'Case', 'the Case form is in progress');
  await ru.type('#script .active .answer-input', 'просто заметка');
  await clickButton(ru, 'Ввод');
  await ru.waitForFunction(() => document.querySelector('#script .active .refusal')?.textContent !== '');
  const refusal = await text(ru, '#script .active .refusal');
  check(refusal.length > 0, `the notes without «СС №…» are refused: ${refusal}`);
  await screenshot(ru, 'seed003-refused');
  await ru.click('#script .active .answer-input', { clickCount: 3 });
  await ru.type('#script .active .answer-input', 'CC №12345');
  await answered(ru, () => clickButton(ru, 'Ввод'));
  await ru.waitForSelector('#script .summary');
  eq(await text(ru, '#script .summary h2'), 'Звонок завершён', 'the end summary in Russian');
  has(await text(ru, '#script .summary'), 'Причина: Обращение зарегистрировано', 'the end reason');
  has(await text(ru, '#forms'), 'завершена', 'the Case is completed');
  has(await text(ru, '#forms'), 'CC №12345', 'the Case has the notes');
  has(await text(ru, '#forms'), 'Windows 7 Professional', 'the Case has the product');
  await screenshot(ru, 'seed003-ended');

  // ---- 4. hostile flow text: never markup ---------------------------------
  const x = await newPage('hostile');
  x.on('dialog', async (d) => {
    check(false, `a dialog opened: ${d.message()}`);
    await d.dismiss();
  });
  // The default flow's outline comes back only after the agent has typed in
  // the chosen flow's field: the page once focused the flow list then, and
  // the rest of the keys went to the list (its type-ahead chose a flow).
  await x.setRequestInterception(true);
  let releaseOutline = null;
  const heldOutline = new Promise((resolve) => { releaseOutline = resolve; });
  x.on('request', (r) => {
    if (r.url().endsWith('/outline') && !r.url().includes('/hostile/')) {
      heldOutline.then(() => r.continue()).catch(() => {});
      return;
    }
    r.continue().catch(() => {}); // the page may be closing
  });
  await x.goto(`${base}/`);
  await x.waitForSelector('#token:focus');
  await typeEnter(x, samToken);
  await x.waitForSelector('#start-view:not([hidden])');
  await x.select('#flow-select', 'hostile');
  await x.waitForFunction(() => [...document.querySelectorAll('#start-fields label')]
    .some((l) => l.textContent.includes('<script>alert(1)</script>')));
  await x.click('#start-fields input');
  await x.keyboard.type('<b>');
  releaseOutline();
  await new Promise((resolve) => setTimeout(resolve, 300)); // the page handles the late answer
  await x.keyboard.type('Sam</b>');
  eq(await focused(x), 'input', 'a late outline leaves the focus in the field');
  eq(await x.$eval('#flow-select', (e) => e.value), 'hostile', 'a late outline leaves the chosen flow');
  eq(await x.$eval('#start-fields input', (e) => e.value), '<b>Sam</b>', 'a late outline keeps what was typed');
  await x.click('#start-form button[type=submit]');
  await waitStep(x, 'A');
  const line = (await texts(x, '#script .say .line'))[0];
  has(line, SHOWN.slice(0, 60), 'the hostile line is shown as text');
  has(line, '<b>Sam</b>', 'a host value is shown as text');
  has(await text(x, '#step-title'), '<script>alert(1)</script>', 'the hostile title is shown as text');
  await answered(x, () => typeEnter(x, '12.50')); // do ... -> amount
  await answered(x, () => key(x, '1'));
  await waitStep(x, 'B');
  await answered(x, () => key(x, '1')); // Rec.category: an enum input, by its key
  await answered(x, () => typeEnter(x, '123456')); // Rec.code
  await answered(x, () => typeEnter(x, 'title')); // the create's title
  await answered(x, () => typeEnter(x, '7')); // the record number
  has(await text(x, '#charges'), '$47.50', 'the hostile charges add up');
  await screenshot(x, 'hostile');
  await answered(x, () => key(x, '1')); // paid: transferred
  await x.waitForSelector('#script .summary');
  has(await text(x, '#script .summary'), '<iframe src=https://evil.example/></iframe>', 'the transfer target as text');

  // ---- 5. a question with option keys -------------------------------------
  const k = await newPage('keys');
  await k.goto(`${base}/`);
  await k.waitForSelector('#token:focus');
  await typeEnter(k, samToken);
  await k.waitForSelector('#start-view:not([hidden]) #flow-select:focus');
  await k.select('#flow-select', 'screener');
  await k.click('#start-form button[type=submit]');
  await waitStep(k, 'S-1');
  eq((await texts(k, '#script .active .optkey')).join(' '), '1 2 23 92 93 *', 'the options show their own keys');
  await key(k, '9');
  has(await text(k, '#script .keybuffer'), '9', 'a typed key waits for the next');
  await answered(k, () => key(k, '2')); // 92: General callback
  await k.waitForSelector('#script .summary');
  has(await text(k, '#script .summary'), 'Reason: callback', 'the keyed option 92 was chosen');
  has(await text(k, '#answers'), 'General callback', 'the answer is General callback');

  // No element anywhere was made from flow text as markup: the pages hold
  // only the elements the page itself makes.
  for (const p of [sam, ru, x, k]) {
    const tags = await p.evaluate(() => [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))]);
    const allowed = new Set(['html', 'head', 'meta', 'title', 'link', 'script', 'body', 'a', 'header', 'span', 'nav', 'button',
      'main', 'section', 'form', 'h1', 'h2', 'h3', 'p', 'label', 'input', 'select', 'option', 'fieldset', 'legend', 'div',
      'aside', 'ol', 'ul', 'li', 'footer', 'dl', 'dt', 'dd', 'kbd', 'strong', 'table', 'thead', 'tbody', 'tfoot', 'tr',
      'th', 'td', 'time', 'datalist']);
    for (const t of tags) check(allowed.has(t), `an element the page does not make: <${t}>`);
    eq(await p.$$eval('script', (s) => s.length), 1, 'one script element (the module)');
  }
} catch (err) {
  failures.push(`aborted: ${err.stack || err}`);
  console.error(err);
  for (const [name, page] of pages) await screenshot(page, `failure-${name.replace(/\W+/g, '-')}`).catch(() => {});
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

if (failures.length) {
  console.error(`\n${failures.length} failure(s)`);
  process.exit(1);
}
console.log('desktop: all checks passed');
