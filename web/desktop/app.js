// The agent desktop of `flowrun serve` (docs/server.md "The page").
//
// One page, four views: sign in (a token, kept in sessionStorage), start a
// call, the call (the current step with its lines, the question or field
// waiting for an answer, Back and Pause, the forms, charges, invoice and
// answers beside it, the summary at the end) and the calls (live and
// paused; a supervisor sees everyone's). It speaks only the JSON API.
//
// Flow text is never markup: every text from the server is set as a text
// node or an attribute value (h() below; nothing here writes HTML), control
// characters are dropped (clean()), and flow text sits in elements whose
// bidirectional text is isolated (class `flowtext`, dir=auto), so a
// right-to-left override in a line cannot reorder the page around it.
import { t, setLang, lang } from './i18n.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'callflow.token';
const CALL_KEY = 'callflow.call';
const SET_KEY = 'callflow.set.';

const S = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  flows: [],
  outlines: new Map(), // flow name -> outline (GET /api/flows/{name}/outline)
  call: null, // {id, flow, version, seq, status, pauseReason, agent, outline, events}
  view: '',
  busy: false,
  active: null, // the waiting event's choices, for the keys: {options, keyed, choose}
  keyBuffer: '',
  keyTimer: 0,
  callsTimer: 0,
  langBefore: 'en',
};

// ---- text and elements ----------------------------------------------------

// C0 controls but tab and newline, DEL, the C1 controls: dropped.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
function clean(s) {
  return String(s ?? '').replace(CONTROLS, '');
}

// h('p', {class: 'say'}, 'text', child...): strings become text nodes.
function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : clean(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(clean(c)));
  }
  return e;
}

// Flow text: its own bidi context, direction from its first strong letter.
function flowText(tag, cls, text) {
  return h(tag, { class: `flowtext ${cls || ''}`.trim(), dir: 'auto' }, text);
}

function money(cents, currency) {
  const v = Math.abs(Number(cents) || 0);
  const whole = String(Math.floor(v / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${currency}${whole}.${String(v % 100).padStart(2, '0')}`;
}

// A string of the answers-file language: "..." with \" \\ \n \t escaped.
function quote(s) {
  return `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

// The value of a `provide "..."` directive, unescaped; else null.
function provided(directive) {
  const m = /^provide\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(directive || '');
  if (!m) return null;
  return m[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] || c);
}

function announce(text) {
  $('live').textContent = clean(text);
}

function translatePage() {
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  document.title = t('appName');
  renderKeys();
}

function useLang(tag) {
  setLang(tag);
  translatePage();
}

// ---- the API --------------------------------------------------------------

async function api(method, path, body) {
  const init = { method, headers: { Authorization: `Bearer ${S.token}` }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    return { status: 0, ok: false, data: { error: t('noServer', err.message || err) } };
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  if (res.status === 401 && S.view !== 'signin') {
    signOut(t('badToken'));
  }
  return { status: res.status, ok: res.ok, data };
}

function errorOf(r) {
  return (r.data && r.data.error) || `HTTP ${r.status}`;
}

async function outlineOf(flow) {
  if (S.outlines.has(flow)) return S.outlines.get(flow);
  const r = await api('GET', `/api/flows/${encodeURIComponent(flow)}/outline`);
  const o = r.ok && r.data ? r.data : { name: flow, steps: {}, forms: [], vars: [], enums: {}, lang: lang(), currency: '$' };
  S.outlines.set(flow, o);
  return o;
}

// ---- views ----------------------------------------------------------------

const VIEWS = ['signin', 'start', 'call', 'calls'];
function show(view) {
  S.view = view;
  for (const v of VIEWS) $(`${v}-view`).hidden = v !== view;
  const signedIn = view !== 'signin';
  $('nav').hidden = !signedIn;
  $('signout').hidden = !signedIn;
  $('keys').hidden = !signedIn;
  $('nav-call').setAttribute('aria-current', view === 'call' || view === 'start' ? 'page' : 'false');
  $('nav-calls').setAttribute('aria-current', view === 'calls' ? 'page' : 'false');
  clearInterval(S.callsTimer);
  if (view === 'calls') S.callsTimer = setInterval(() => refreshCalls(false), 5000);
  renderKeys();
}

function renderKeys() {
  const keys = $('keys');
  keys.replaceChildren(
    h('span', { class: 'keys-title' }, t('shortcuts')),
    ...['kChoose', 'kKeys', 'kEnter', 'kBack', 'kPause', 'kNew', 'kCalls'].map((k) => h('span', { class: 'key' }, t(k))),
  );
}

// ---- sign in --------------------------------------------------------------

async function signIn(token) {
  S.token = token;
  const r = await api('GET', '/api/flows');
  if (!r.ok) {
    S.token = '';
    sessionStorage.removeItem(TOKEN_KEY);
    return r.status === 401 ? t('badToken') : errorOf(r);
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  S.flows = Array.isArray(r.data) ? r.data : [];
  return '';
}

function signOut(message) {
  S.token = '';
  S.call = null;
  S.outlines.clear();
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(CALL_KEY);
  show('signin');
  $('signin-error').textContent = clean(message || '');
  $('token').value = '';
  $('token').focus();
}

// ---- start a call ---------------------------------------------------------

async function showStart() {
  S.call = null;
  sessionStorage.removeItem(CALL_KEY);
  show('start');
  const select = $('flow-select');
  const chosen = select.value;
  select.replaceChildren(...S.flows.map((f) => h('option', { value: f.name }, f.title ? `${f.title} (${f.name})` : f.name)));
  if (chosen && S.flows.some((f) => f.name === chosen)) select.value = chosen;
  $('start-error').textContent = S.flows.length ? '' : t('noFlows');
  await renderStartFields();
  select.focus();
}

async function renderStartFields() {
  const flow = $('flow-select').value;
  const fields = $('start-fields');
  if (!flow) {
    fields.replaceChildren();
    $('start-values').hidden = true;
    return;
  }
  const o = await outlineOf(flow);
  useLang(o.lang);
  const autos = (o.vars || []).filter((v) => v.auto);
  fields.replaceChildren(
    ...autos.map((v, i) =>
      h('div', { class: 'field' },
        h('label', { for: `set-${i}` }, flowText('span', '', v.label || v.name), h('span', { class: 'type' }, ` (${typeWords(v.type, o)})`)),
        h('input', {
          id: `set-${i}`, name: v.name, type: 'text', autocomplete: 'off',
          value: sessionStorage.getItem(SET_KEY + v.name) || '',
        }),
      )),
  );
  $('start-values').hidden = autos.length === 0;
}

async function startCall() {
  const flow = $('flow-select').value;
  if (!flow || S.busy) return;
  const set = {};
  for (const input of $('start-fields').querySelectorAll('input')) {
    sessionStorage.setItem(SET_KEY + input.name, input.value);
    if (input.value !== '') set[input.name] = input.value;
  }
  S.busy = true;
  const r = await api('POST', '/api/sessions', { flow, set });
  S.busy = false;
  if (!r.ok) {
    $('start-error').textContent = clean(errorOf(r));
    return;
  }
  const outline = await outlineOf(flow);
  S.call = {
    id: r.data.id, flow, version: r.data.version, seq: r.data.seq, status: r.data.status,
    pauseReason: '', outline, events: [],
  };
  sessionStorage.setItem(CALL_KEY, S.call.id);
  addEvents(r.data.events);
  renderCall(true);
}

// ---- the call: its events -------------------------------------------------

// The record of GET /api/sessions/{id}: events, each answer after the event
// it answered. The host's values (`set ...`) are not answers to show.
function loadRecord(record) {
  S.call.events = [];
  for (const item of record || []) {
    if (item.event === 'answer') {
      if (!String(item.answer || '').startsWith('set ')) attachAnswer(item.answer, item.label);
    } else {
      S.call.events.push(item);
    }
  }
}

function addEvents(events) {
  for (const e of events || []) S.call.events.push(e);
}

function waitingEvent() {
  const evs = S.call.events;
  for (let i = evs.length - 1; i >= 0; --i) {
    if (evs[i].waiting && !evs[i].answer) return evs[i];
    if (evs[i].answer) return null;
  }
  return null;
}

function attachAnswer(directive, label) {
  const e = waitingEvent();
  if (e) e.answer = { directive, label };
}

function currentStep() {
  const evs = S.call.events;
  return evs.length ? evs[evs.length - 1].step : '';
}

// The events of the current step: the last run of events of one step.
function stepEvents() {
  const evs = S.call.events;
  const step = currentStep();
  let i = evs.length;
  while (i > 0 && evs[i - 1].step === step) --i;
  return evs.slice(i);
}

// What the agent answered, in words.
function answerWords(e) {
  if (!e.answer) return '';
  if (e.answer.label) return e.answer.label;
  const d = e.answer.directive || '';
  const v = provided(d);
  if (v !== null) {
    if (e.event === 'input' && e.type === 'bool') return v === 'yes' ? t('yes') : v === 'no' ? t('no') : v;
    return v;
  }
  if (d === 'accept') return t('paid');
  if (d === 'decline') return t('declined');
  if (d === 'skip') return t('skipLookup');
  if (d === 'ack') return t('withoutNumber');
  return d;
}

function typeWords(type, outline) {
  switch (type) {
    case 'text': return t('typeText');
    case 'money': return `${t('typeMoney')}, ${(outline && outline.currency) || '$'}`;
    case 'number': return t('typeNumber');
    case 'bool': return t('typeBool');
    default: return `${t('typeEnum')}: ${type}`;
  }
}

// ---- the call: rendering --------------------------------------------------

function renderCall(focus) {
  const c = S.call;
  useLang(c.outline.lang);
  show('call');
  const step = currentStep();
  const info = (c.outline.steps && c.outline.steps[step]) || {};
  $('step-id').textContent = clean(step);
  $('step-title').replaceChildren(info.title ? flowText('span', '', info.title) : h('span', { class: 'untitled' }, t('untitled')));
  $('step-title').title = clean(info.title || ''); // the whole title, when a long one is cut
  const meta = [];
  if (info.section) meta.push(h('span', { class: 'meta-item', title: info.section }, h('span', { class: 'meta-name' }, `${t('section')}: `), flowText('span', '', info.section)));
  if (info.role) meta.push(h('span', { class: 'meta-item', title: info.role }, h('span', { class: 'meta-name' }, `${t('role')}: `), flowText('span', '', info.role)));
  meta.push(h('span', { class: 'meta-item flow-name', title: c.outline.title || c.flow }, flowText('span', '', c.outline.title || c.flow)));
  $('step-meta').replaceChildren(...meta);
  document.title = `${clean(step)} — ${t('appName')}`;

  const status = c.status;
  $('call-status').textContent = t({ waiting: 'statusWaiting', paused: 'statusPaused', ended: 'statusEnded', transferred: 'statusTransferred' }[status] || 'statusWaiting');
  $('call-status').className = `chip status-${status}`;
  const live = status === 'waiting' || status === 'paused';
  $('back').hidden = !live;
  $('pause').hidden = !live;
  $('pause').textContent = status === 'paused' ? t('resume') : t('pause');
  $('back').disabled = status !== 'waiting' || !c.events.some((e) => e.answer);
  if (status !== 'waiting') $('pause-form').hidden = true;

  renderScript();
  renderForms();
  renderCharges();
  renderAnswers();
  announce(`${t('nowAtStep', step)} ${info.title || ''}`);
  if (focus) focusActive();
}

function renderScript() {
  const c = S.call;
  const box = $('script');
  const active = c.status === 'waiting' ? waitingEvent() : null;
  S.active = null;
  S.keyBuffer = '';
  const over = c.status === 'ended' || c.status === 'transferred';
  const parts = stepEvents().filter((e) => !over || (e.event !== 'end' && e.event !== 'transfer')).map((e) => renderEvent(e, e === active));
  if (c.status === 'paused') {
    parts.unshift(h('p', { class: 'paused-banner', role: 'status' },
      c.pauseReason ? t('pausedBecause', c.pauseReason) : t('paused')));
  }
  if (over) parts.unshift(renderSummary());
  box.replaceChildren(...parts);
  box.classList.toggle('is-paused', c.status === 'paused');
}

function tag(key) {
  return h('span', { class: 'tag' }, t(key));
}

function renderEvent(e, active) {
  switch (e.event) {
    case 'say':
      return h('div', { class: 'ev say' }, tag('say'), flowText('p', 'line', e.text));
    case 'note':
      return h('aside', { class: 'ev note' }, tag('note'), flowText('p', '', e.text));
    case 'do': {
      const lookup = !!e.result;
      return h('div', { class: `ev do${lookup ? ' lookup' : ''}${active ? ' active' : ''}` },
        tag(lookup ? 'lookup' : 'do'),
        h('p', { id: `q-${S.call.events.indexOf(e)}` }, flowText('span', '', e.text)),
        e.optional ? h('span', { class: 'chip quiet' }, t('optional')) : null,
        lookup ? h('p', { class: 'hint' }, `→ ${clean(e.result)} (${typeWords(e.type, S.call.outline)})`) : null,
        lookup && !active && e.answer ? answered(e) : null,
        active ? lookupWidget(e, `q-${S.call.events.indexOf(e)}`) : null);
    }
    case 'ask':
      return h('div', { class: `ev ask${active ? ' active' : ''}` },
        tag('ask'),
        flowText('p', 'question', e.text),
        active ? optionsWidget(askOptions(e), !!e.keys) : answered(e));
    case 'input':
      return h('div', { class: `ev input${active ? ' active' : ''}` },
        tag('input'),
        h('p', { class: 'input-label', id: `q-${S.call.events.indexOf(e)}` }, flowText('span', 'label', e.label || e.slot),
          e.prompt && e.prompt !== e.label ? flowText('span', 'prompt', e.prompt) : null),
        active ? inputWidget(e, `q-${S.call.events.indexOf(e)}`) : answered(e));
    case 'create':
    case 'complete':
    case 'update':
      return h('div', { class: `ev record${active ? ' active' : ''}` },
        h('p', { class: 'record-head' }, formLabel(e.form), ` — ${t({ create: 'formCreated', complete: 'formCompleted', update: 'formUpdated' }[e.event])}`),
        fieldList(e.form, e.fields),
        active ? recordWidget(e) : (e.answer ? answered(e, t('recordNumber')) : null));
    case 'charge':
      return h('div', { class: 'ev money' }, tag('charge'),
        h('p', {}, flowText('span', '', e.label), e.item !== undefined ? h('span', { class: 'item' }, ` #${e.item}`) : null,
          h('span', { class: 'amount' }, ` ${clean(e.amount_text)}`)),
        e.already_open ? h('p', { class: 'help' }, t('alreadyOpen')) : null);
    case 'invoice':
      return h('div', { class: 'ev money' }, tag('invoice'), invoiceTable(e));
    case 'take_payment':
      return h('div', { class: `ev payment${active ? ' active' : ''}` },
        h('p', { class: 'question' }, t('takePayment', clean(e.amount_text))),
        active ? optionsWidget([
          { label: t('paid'), directive: 'accept' },
          { label: t('declined'), directive: 'decline' },
        ], false) : answered(e));
    case 'transfer':
      return h('div', { class: 'ev final' }, h('p', {}, t('transferTo', clean(e.to))));
    case 'end':
      return h('div', { class: 'ev final' }, h('p', {}, e.failed ? t('failedCall', clean(e.reason)) : t('endReason', clean(e.reason))));
    default:
      return h('div', { class: 'ev' }, tag('note'), flowText('p', '', e.text || e.event),
        active ? optionsWidget([{ label: t('continue'), directive: 'ack' }], false) : null);
  }
}

function answered(e, what) {
  if (!e.answer) return null;
  return h('p', { class: 'answered' }, h('span', { class: 'answered-tag' }, `${what || t('answered')}: `), flowText('span', '', answerWords(e)));
}

function formLabel(name) {
  const def = (S.call.outline.forms || []).find((f) => f.name === name);
  return flowText('span', 'form-name', (def && def.label) || name);
}

function fieldLabel(form, field) {
  const def = (S.call.outline.forms || []).find((f) => f.name === form);
  const fd = def && def.fields.find((f) => f.name === field);
  return (fd && fd.label) || field;
}

function fieldList(form, fields) {
  const entries = Object.entries(fields || {});
  if (!entries.length) return null;
  return h('dl', { class: 'fields' }, entries.map(([k, v]) => [
    h('dt', {}, flowText('span', '', fieldLabel(form, k))),
    h('dd', {}, flowText('span', '', v)),
  ]));
}

function invoiceTable(e) {
  return h('table', { class: 'invoice' },
    h('tbody', {}, (e.lines || []).map((l) =>
      h('tr', {}, h('td', {}, flowText('span', '', l.label), l.item !== undefined ? h('span', { class: 'item' }, ` #${l.item}`) : null),
        h('td', { class: 'amount' }, clean(l.amount_text))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('invoiceTotal')), h('td', { class: 'amount total' }, clean(e.total_text)))));
}

// ---- the call: answering --------------------------------------------------

function askOptions(e) {
  return (e.options || []).map((label, i) => ({
    label,
    key: e.keys ? e.keys[i] : null,
    directive: `choose ${i + 1}`,
  }));
}

// Buttons with their keys: 1-9, or the options' own keys (typed, then
// chosen as soon as only one key can still match, or with Enter).
function optionsWidget(options, keyed) {
  const refusal = h('p', { class: 'refusal', role: 'alert' });
  const list = h('div', { class: 'options', role: 'group' },
    options.map((o, i) => {
      const key = keyed ? o.key : (i < 9 ? String(i + 1) : null);
      return h('button', {
        type: 'button', class: 'option', 'data-directive': o.directive,
        'aria-keyshortcuts': key || undefined,
        onclick: () => submit(o.directive, o.label, refusal),
      }, key ? h('kbd', { class: 'optkey' }, key) : h('span', { class: 'optkey none' }), flowText('span', 'optlabel', o.label));
    }));
  const buffer = h('p', { class: 'keybuffer', 'aria-live': 'polite' });
  S.active = { options, keyed, refusal, buffer };
  return h('div', { class: 'widget' }, list, keyed ? buffer : null, refusal);
}

function typedKey(k) {
  const a = S.active;
  clearTimeout(S.keyTimer);
  S.keyBuffer += k;
  const keys = a.options.map((o) => o.key).filter(Boolean);
  const exact = a.options.find((o) => o.key === S.keyBuffer);
  const longer = keys.some((key) => key !== S.keyBuffer && key.startsWith(S.keyBuffer));
  a.buffer.textContent = t('keyTyped', S.keyBuffer);
  if (exact && !longer) {
    const chosen = exact;
    S.keyBuffer = '';
    submit(chosen.directive, chosen.label, a.refusal);
  } else if (!exact && !longer) {
    a.refusal.textContent = t('noSuchKey', S.keyBuffer);
    S.keyBuffer = '';
  } else {
    a.refusal.textContent = '';
    S.keyTimer = setTimeout(() => { S.keyBuffer = ''; a.buffer.textContent = ''; }, 3000);
  }
}

function confirmKey() {
  const a = S.active;
  const exact = a.options.find((o) => o.key === S.keyBuffer);
  if (exact) {
    S.keyBuffer = '';
    submit(exact.directive, exact.label, a.refusal);
  } else {
    a.refusal.textContent = t('noSuchKey', S.keyBuffer);
    S.keyBuffer = '';
  }
}

let fieldCount = 0;
// A text field with its label, type, pattern words and refusal line.
function fieldWidget({ label, labelledBy, type, pattern, patternWords, problems, hostValue, buttons, toDirective, optionalEmpty, suggestions }) {
  const id = `answer-${++fieldCount}`;
  const hintId = `${id}-hint`;
  const refusalId = `${id}-refusal`;
  const input = h('input', {
    id, type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'answer-input',
    inputmode: type === 'money' || type === 'number' ? 'decimal' : undefined,
    'aria-describedby': `${hintId} ${refusalId}`,
    'aria-labelledby': labelledBy || undefined,
    list: suggestions && suggestions.length ? `${id}-suggestions` : undefined,
  });
  const refusal = h('p', { id: refusalId, class: 'refusal', role: 'alert' });
  const hints = type ? [h('span', { class: 'type' }, `${t('type')}: ${typeWords(type, S.call.outline)}`)] : [];
  if (patternWords || pattern) hints.push(h('span', { class: 'pattern' }, t('mustMatch', ''), flowText('span', '', patternWords || pattern)));
  if (hostValue) hints.push(h('span', { class: 'host' }, t('hostValue')));
  for (const p of problems || []) hints.push(flowText('span', 'problem', t('askedAgain', clean(p))));
  const form = h('form', {
    class: 'answer-form', novalidate: true,
    onsubmit: (ev) => {
      ev.preventDefault();
      if (input.value === '' && !optionalEmpty) {
        input.focus();
        return;
      }
      const d = toDirective(input.value);
      submit(d.directive, d.label, refusal, input);
    },
  },
  labelledBy ? null : h('label', { for: id, class: 'field-label' }, flowText('span', '', label)),
  h('div', { class: 'field-row' }, input, h('button', { type: 'submit', class: 'primary' }, t('submit')), buttons || []),
  h('p', { id: hintId, class: 'hint' }, hints),
  suggestions && suggestions.length ? [
    h('datalist', { id: `${id}-suggestions` }, suggestions.map((v) => h('option', { value: v }))),
    h('div', { class: 'suggestions', role: 'group', 'aria-label': t('suggestions') },
      h('span', { class: 'hint' }, `${t('suggestions')}: `),
      suggestions.map((v) => h('button', {
        type: 'button', class: 'suggestion',
        onclick: () => {
          const d = toDirective(v);
          submit(d.directive, d.label, refusal, input);
        },
      }, flowText('span', '', v)))),
  ] : null,
  refusal);
  S.active = { options: [], keyed: false, refusal, input };
  return form;
}

function inputWidget(e, labelledBy) {
  const o = S.call.outline;
  const problems = e.problems || [];
  if (e.options && e.options.length && e.type !== 'text') {
    const w = optionsWidget(e.options.map((label, i) => ({ label, directive: `choose ${i + 1}` })), false);
    return h('div', {}, problems.map((p) => flowText('p', 'problem', t('askedAgain', clean(p)))), w);
  }
  if (e.type === 'bool') {
    return optionsWidget([
      { label: t('yes'), directive: 'provide "yes"' },
      { label: t('no'), directive: 'provide "no"' },
    ], false);
  }
  // A text field's options are suggestions: offered, not imposed.
  const suggestions = e.type === 'text' ? (e.options || []) : [];
  return fieldWidget({
    label: e.prompt || e.label, labelledBy, type: e.type, pattern: e.pattern, patternWords: e.pattern_description,
    problems, hostValue: e.host_value, suggestions,
    toDirective: (v) => ({ directive: `provide ${quote(v)}`, label: e.sensitive ? '••••' : v }),
  });
}

function lookupWidget(e, labelledBy) {
  const o = S.call.outline;
  const values = (o.enums || {})[e.type];
  const skip = e.optional ? [{ label: t('skipLookup'), directive: 'skip' }] : [];
  if (values) {
    return optionsWidget([...values.map((v) => ({ label: v.label || v.name, directive: `provide ${quote(v.name)}` })), ...skip], false);
  }
  if (e.type === 'bool') {
    return optionsWidget([{ label: t('yes'), directive: 'provide "yes"' }, { label: t('no'), directive: 'provide "no"' }, ...skip], false);
  }
  const buttons = e.optional ? [h('button', { type: 'button', onclick: () => submit('skip', t('skipLookup'), S.active.refusal) }, t('skipLookup'))] : [];
  return fieldWidget({
    label: e.text, labelledBy, type: e.type, buttons,
    toDirective: (v) => ({ directive: `provide ${quote(v)}`, label: v }),
  });
}

function recordWidget(e) {
  const buttons = [h('button', { type: 'button', onclick: () => submit('ack', t('withoutNumber'), S.active.refusal) }, t('withoutNumber'))];
  return fieldWidget({
    label: `${t('recordNumber')}: ${(S.call.outline.forms || []).find((f) => f.name === e.form)?.label || e.form}`,
    type: '', buttons, optionalEmpty: true,
    toDirective: (v) => (v === '' ? { directive: 'ack', label: t('withoutNumber') } : { directive: `provide ${quote(v)}`, label: v }),
  });
}

function focusActive() {
  const box = $('script');
  const target = box.querySelector('.active .answer-input') || box.querySelector('.active .option') ||
    box.querySelector('.answer-input') || box.querySelector('.option') || box.querySelector('.summary .primary');
  if (target) target.focus();
  else $('main').focus();
}

function setBusy(busy) {
  S.busy = busy;
  for (const b of document.querySelectorAll('#script button, #back, #pause')) {
    if (busy) b.setAttribute('aria-disabled', 'true');
    else b.removeAttribute('aria-disabled');
  }
  document.body.classList.toggle('busy', busy);
}

async function submit(directive, label, refusal, input) {
  const c = S.call;
  if (!c || S.busy || c.status !== 'waiting') return;
  setBusy(true);
  const r = await api('POST', `/api/sessions/${c.id}/answers`, { seq: c.seq, answer: directive });
  setBusy(false);
  if (r.ok) {
    hideNotice();
    attachAnswer(directive, label);
    c.seq = r.data.seq;
    c.status = r.data.status;
    addEvents(r.data.events);
    renderCall(true);
    return;
  }
  if (r.status === 409) {
    await reload(t('conflict'));
    return;
  }
  // 422 (the flow refuses the answer), 400: said where the answer is given.
  if (refusal) refusal.textContent = clean(errorOf(r));
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    input.select();
  }
}

async function back() {
  const c = S.call;
  if (!c || S.busy || c.status !== 'waiting' || !c.events.some((e) => e.answer)) return;
  setBusy(true);
  const r = await api('POST', `/api/sessions/${c.id}/back`, { seq: c.seq });
  setBusy(false);
  if (!r.ok && r.status !== 409) {
    notice(errorOf(r));
    return;
  }
  await reload(r.status === 409 ? t('conflict') : '');
}

function togglePause() {
  const c = S.call;
  if (!c || S.busy || S.view !== 'call') return;
  if (c.status === 'paused') {
    resume();
  } else if (c.status === 'waiting') {
    $('pause-form').hidden = false;
    $('pause-reason').value = '';
    $('pause-reason').focus();
  }
}

async function pause(reason) {
  const c = S.call;
  setBusy(true);
  const r = await api('POST', `/api/sessions/${c.id}/pause`, reason ? { reason } : {});
  setBusy(false);
  $('pause-form').hidden = true;
  if (!r.ok) {
    await reload(errorOf(r));
    return;
  }
  c.status = 'paused';
  c.pauseReason = reason;
  renderCall(false);
  $('pause').focus();
}

async function resume() {
  const c = S.call;
  setBusy(true);
  const r = await api('POST', `/api/sessions/${c.id}/resume`, {});
  setBusy(false);
  if (!r.ok) {
    await reload(errorOf(r));
    return;
  }
  c.status = r.data.status || 'waiting';
  c.seq = r.data.seq ?? c.seq;
  c.pauseReason = '';
  renderCall(true);
}

// The session as the server has it now (after Back, a conflict, a reload).
async function reload(message) {
  const id = S.call ? S.call.id : sessionStorage.getItem(CALL_KEY);
  if (!id) return false;
  const r = await api('GET', `/api/sessions/${encodeURIComponent(id)}`);
  if (!r.ok) {
    sessionStorage.removeItem(CALL_KEY);
    if (S.call) notice(errorOf(r));
    return false;
  }
  const d = r.data;
  const outline = await outlineOf(d.flow);
  S.call = {
    id: d.id, flow: d.flow, version: d.version, seq: d.seq, status: d.status, agent: d.agent,
    pauseReason: d.pause_reason || '', outline, events: [],
  };
  sessionStorage.setItem(CALL_KEY, d.id);
  loadRecord(d.record);
  renderCall(true);
  if (message) notice(message);
  else hideNotice();
  return true;
}

function notice(text) {
  const n = $('call-notice');
  n.textContent = clean(text);
  n.hidden = false;
}

function hideNotice() {
  $('call-notice').hidden = true;
}

// ---- the side: forms, charges, answers ------------------------------------

function formsSoFar() {
  const c = S.call;
  const forms = new Map();
  const get = (name) => {
    if (!forms.has(name)) {
      const def = (c.outline.forms || []).find((f) => f.name === name);
      forms.set(name, { name, def, values: new Map(), status: 'progress', number: null });
    }
    return forms.get(name);
  };
  for (const e of c.events) {
    const slot = e.event === 'input' ? e.slot : e.event === 'do' ? e.result : null;
    if (slot && e.answer && slot.includes('.')) {
      const dot = slot.indexOf('.');
      get(slot.slice(0, dot)).values.set(slot.slice(dot + 1), answerWords(e));
    } else if (slot && e.event === 'input' && slot.includes('.')) {
      get(slot.slice(0, slot.indexOf('.'))); // being asked for: the form is in progress
    }
    if (e.event === 'create' || e.event === 'complete' || e.event === 'update') {
      const f = get(e.form);
      for (const [k, v] of Object.entries(e.fields || {})) f.values.set(k, v);
      if (e.event === 'create') f.status = 'created';
      if (e.event === 'complete') f.status = 'completed';
      if (e.event === 'create' && e.answer) {
        const n = provided(e.answer.directive);
        if (n) f.number = n;
      }
    }
  }
  return [...forms.values()];
}

function renderForms() {
  const forms = formsSoFar();
  if (!forms.length) {
    $('forms').replaceChildren(h('p', { class: 'empty' }, t('noForms')));
    return;
  }
  $('forms').replaceChildren(...forms.map((f) => {
    const defs = f.def ? f.def.fields : [];
    const status = t({ progress: 'formInProgress', created: 'formCreated', completed: 'formCompleted' }[f.status]);
    // Still required: what the agent must give and has not (a field the
    // flow sets itself, or one required only under a condition, is asked
    // for by the flow when it is needed).
    const missing = f.status === 'progress'
      ? defs.filter((d) => d.required && !d.auto && !d.set_by_flow && !f.values.has(d.name)) : [];
    return h('div', { class: `form status-${f.status}` },
      h('h3', {}, formLabel(f.name), h('span', { class: 'chip quiet' }, status), f.number ? h('span', { class: 'chip' }, t('numberIs', clean(f.number))) : null),
      h('dl', { class: 'fields' }, [...f.values].map(([k, v]) => [
        h('dt', {}, flowText('span', '', fieldLabel(f.name, k))),
        h('dd', {}, flowText('span', '', v)),
      ])),
      f.status === 'progress'
        ? (missing.length
          ? h('p', { class: 'required' }, t('stillRequired', ''),
            missing.map((d, i) => [i ? ', ' : '', flowText('span', 'req', d.label || d.name)]))
          : h('p', { class: 'required done' }, t('allRequiredGiven')))
        : null);
  }));
}

function renderCharges() {
  const c = S.call;
  const charges = c.events.filter((e) => e.event === 'charge');
  const invoices = c.events.filter((e) => e.event === 'invoice');
  const payments = c.events.filter((e) => e.event === 'take_payment' && e.answer);
  const parts = [];
  if (!charges.length) parts.push(h('p', { class: 'empty' }, t('noCharges')));
  else {
    parts.push(h('ul', { class: 'charges' }, charges.map((e) => h('li', { class: e.already_open ? 'open' : '' },
      h('span', { class: 'what' }, flowText('span', 'label', e.label), e.item !== undefined ? h('span', { class: 'item' }, ` #${e.item}`) : null,
        e.already_open ? h('span', { class: 'help' }, ` (${t('alreadyOpen')})`) : null),
      h('span', { class: 'amount' }, clean(e.amount_text))))));
    const total = charges.filter((e) => !e.already_open).reduce((s, e) => s + (Number(e.amount) || 0), 0);
    parts.push(h('p', { class: 'sum' }, t('chargesTotal', money(total, c.outline.currency || '$'))));
  }
  if (invoices.length) {
    parts.push(h('h3', {}, t('invoice')), invoiceTable(invoices[invoices.length - 1]));
  }
  for (const p of payments) {
    parts.push(h('p', { class: `payment-result ${p.answer.directive}` }, `${t('payment')}: ${clean(p.amount_text)} — ${answerWords(p)}`));
  }
  $('charges').replaceChildren(...parts);
}

function questionOf(e) {
  switch (e.event) {
    case 'ask': case 'do': return e.text;
    case 'input': return e.label || e.slot;
    case 'create': return `${t('recordNumber')}: ${e.form}`;
    case 'take_payment': return t('takePayment', e.amount_text);
    default: return e.event;
  }
}

function renderAnswers() {
  const answeredEvents = S.call.events.filter((e) => e.answer);
  if (!answeredEvents.length) {
    $('answers').replaceChildren(h('li', { class: 'empty' }, t('noAnswers')));
    return;
  }
  $('answers').replaceChildren(...answeredEvents.map((e) => h('li', {},
    h('span', { class: 'astep' }, clean(e.step)), ' ',
    flowText('span', 'aq', questionOf(e)), ' → ',
    flowText('strong', 'aa', answerWords(e)))));
}

function renderSummary() {
  const c = S.call;
  const last = c.events[c.events.length - 1] || {};
  const transferred = c.status === 'transferred';
  const invoice = [...c.events].reverse().find((e) => e.event === 'invoice');
  const forms = formsSoFar();
  return h('section', { class: `summary ${transferred ? 'transferred' : 'ended'}`, 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, transferred ? t('transferred') : t('ended')),
    h('p', { class: 'summary-what' },
      transferred ? t('transferTo', clean(last.to)) : (last.failed ? t('failedCall', clean(last.reason)) : t('endReason', clean(last.reason)))),
    forms.length ? h('ul', { class: 'summary-forms' }, forms.map((f) => h('li', {}, formLabel(f.name), ` — ${t({ progress: 'formInProgress', created: 'formCreated', completed: 'formCompleted' }[f.status])}`,
      f.number ? ` (${t('numberIs', clean(f.number))})` : ''))) : null,
    invoice ? h('p', { class: 'summary-total' }, `${t('invoiceTotal')}: ${clean(invoice.total_text)}`) : null,
    h('p', {}, h('button', { type: 'button', class: 'primary', 'aria-keyshortcuts': 'Alt+N', onclick: () => showStart() }, t('newCall'))));
}

// ---- calls (live and paused; a supervisor sees everyone's) ----------------

async function showCalls() {
  show('calls');
  await refreshCalls(true);
}

async function refreshCalls(focus) {
  const [w, p] = await Promise.all([api('GET', '/api/sessions?status=waiting'), api('GET', '/api/sessions?status=paused')]);
  if (S.view !== 'calls') return;
  if (!w.ok || !p.ok) {
    $('calls').replaceChildren(h('p', { class: 'refusal', role: 'alert' }, t('error', clean(errorOf(w.ok ? p : w)))));
    return;
  }
  const rows = [...w.data, ...p.data].sort((a, b) => String(b.updated).localeCompare(String(a.updated)));
  for (const r of rows) await outlineOf(r.flow);
  if (!rows.length) {
    $('calls').replaceChildren(h('p', { class: 'empty' }, t('noCalls')));
    if (focus) $('calls-refresh').focus();
    return;
  }
  const hadFocus = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.session : null;
  $('calls').replaceChildren(h('table', { class: 'calls' },
    h('thead', {}, h('tr', {}, ['colAgent', 'colFlow', 'colStep', 'colStatus', 'colUpdated', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
    h('tbody', {}, rows.map((r) => {
      const o = S.outlines.get(r.flow) || { steps: {} };
      const info = (o.steps || {})[r.step] || {};
      return h('tr', { class: `status-${r.status}` },
        h('td', {}, clean(r.agent)),
        h('td', {}, flowText('span', '', o.title || r.flow)),
        h('td', {}, h('span', { class: 'step-id small' }, clean(r.step)), ' ', info.title ? flowText('span', '', info.title) : null),
        h('td', {}, h('span', { class: `chip status-${r.status}` }, t(r.status === 'paused' ? 'statusPaused' : 'statusWaiting')),
          r.pause_reason ? [' ', flowText('span', 'reason', r.pause_reason)] : null),
        h('td', {}, h('time', { datetime: r.updated }, clean(String(r.updated || '').replace('T', ' ').replace(/\.\d+Z$/, ' UTC')))),
        h('td', {}, h('button', { type: 'button', 'data-session': r.id, onclick: () => openCall(r.id) }, t('open'))));
    }))));
  if (hadFocus) {
    const again = $('calls').querySelector(`button[data-session="${hadFocus.replace(/[^0-9a-f]/g, '')}"]`);
    if (again) again.focus();
  } else if (focus) {
    const first = $('calls').querySelector('button');
    if (first) first.focus();
  }
}

async function openCall(id) {
  S.call = { id };
  await reload('');
}

// ---- keys -----------------------------------------------------------------

function onKey(ev) {
  if (S.view === 'signin') return;
  if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
    const action = { KeyB: back, KeyP: togglePause, KeyN: showStart, KeyL: showCalls }[ev.code];
    if (action) {
      ev.preventDefault();
      action();
    }
    return;
  }
  if (ev.ctrlKey || ev.metaKey) return;
  const typing = ev.target instanceof HTMLElement && ev.target.matches('input, select, textarea');
  if (ev.key === 'Escape' && !$('pause-form').hidden) {
    ev.preventDefault();
    $('pause-form').hidden = true;
    focusActive();
    return;
  }
  if (typing || S.view !== 'call' || !S.active || S.busy || !S.active.options.length) return;
  if (S.active.keyed) {
    if (/^[0-9*#]$/.test(ev.key)) {
      ev.preventDefault();
      typedKey(ev.key);
    } else if (ev.key === 'Enter' && S.keyBuffer) {
      ev.preventDefault();
      confirmKey();
    } else if (ev.key === 'Escape') {
      S.keyBuffer = '';
      S.active.buffer.textContent = '';
    }
    return;
  }
  if (/^[1-9]$/.test(ev.key)) {
    const o = S.active.options[Number(ev.key) - 1];
    if (o) {
      ev.preventDefault();
      submit(o.directive, o.label, S.active.refusal);
    }
  }
}

// ---- start ----------------------------------------------------------------

async function main() {
  translatePage();
  document.addEventListener('keydown', onKey);
  $('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    const why = await signIn(token);
    if (why) {
      $('signin-error').textContent = clean(why);
      $('token').select();
      return;
    }
    $('token').value = '';
    await showStart();
  });
  $('signout').addEventListener('click', () => signOut(''));
  $('start-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    startCall();
  });
  $('flow-select').addEventListener('change', () => renderStartFields());
  $('nav-call').addEventListener('click', () => (S.call ? renderCall(true) : showStart()));
  $('nav-calls').addEventListener('click', () => showCalls());
  $('calls-refresh').addEventListener('click', () => refreshCalls(true));
  $('back').addEventListener('click', () => back());
  $('pause').addEventListener('click', () => togglePause());
  $('pause-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    pause($('pause-reason').value);
  });
  $('pause-cancel').addEventListener('click', () => {
    $('pause-form').hidden = true;
    focusActive();
  });

  if (S.token && !(await signIn(S.token))) {
    if (sessionStorage.getItem(CALL_KEY) && (await reload(''))) return;
    await showStart();
    return;
  }
  show('signin');
  $('token').focus();
}

main();
