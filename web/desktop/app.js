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
import { clean, h, flowText, money, provided } from './dom.js';
import { callWidgets, priced } from './call.js';
import { requestJson } from './api.js';

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
// ---- text and elements (dom.js) and the call's widgets (call.js) -----------

const W = callWidgets({ state: S, outline: () => S.call.outline, events: () => S.call.events, submit });
const { answerWords, typeWords, renderEvent, formLabel, fieldLabel, invoiceTable, typedKey, confirmKey } = W;

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
  const r = await requestJson(method, path, body, {
    headers: { Authorization: `Bearer ${S.token}` },
    noServer: (why) => t('noServer', why),
  });
  if (r.status === 401 && S.view !== 'signin') {
    signOut(t('badToken'));
  }
  return r;
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
  // Focus now, not after the outline comes: by then the agent may be typing
  // in a field, and a late focus sent the rest of the keys to the list.
  select.focus();
  await renderStartFields();
}

// Each call renders the flow chosen when it began; the outline comes back
// later, so only the newest call may render (the start view asks for the
// default flow's outline, and the agent may choose another before it comes).
let startFieldsGeneration = 0;

async function renderStartFields() {
  const generation = ++startFieldsGeneration;
  const flow = $('flow-select').value;
  const fields = $('start-fields');
  if (!flow) {
    fields.replaceChildren();
    $('start-values').hidden = true;
    return;
  }
  const o = await outlineOf(flow);
  if (generation !== startFieldsGeneration) return; // a newer choice renders
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
      h('span', { class: 'amount' }, priced(e))))));
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
