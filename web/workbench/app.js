// The designer's workbench (`flowc serve`, docs/workbench.md).
//
// One page: the flows under the served directory, an editor (editor.js)
// whose text is analysed as you type (POST /api/analyze, 100 ms after the
// last key), its problems listed and underlined, hover and go to
// definition (F12, Ctrl+B or Ctrl+click); beside it the flowchart (the SVG
// of `flowc graph`, rebuilt by svg.js; a click on a step moves the editor
// there, steps with problems are marked), the printed script (`flowc
// script`'s HTML, in a sandboxed frame) and a call tried with the agent
// desktop's widgets (web/shared/call.js): each answer is a directive of the
// answers-file language; after every edit the answers given so far are
// played again (POST /api/simulate), so the call shows the edited flow.
//
// Flow text is never markup: everything from the server is set as text
// nodes or attribute values (dom.js), the SVG is rebuilt from a whitelist
// (svg.js), and the script is a document of its own in a sandboxed frame.
import { setLang } from './i18n.js';
import { clean, h, flowText } from './dom.js';
import { callWidgets } from './call.js';
import { Editor } from './editor.js';
import { drawing } from './svg.js';
import { requestJson } from './api.js';

const $ = (id) => document.getElementById(id);

const S = {
  files: [],
  path: '',
  saved: '', // the text on disk
  analysis: null,
  analyzing: false,
  again: false, // an edit came while an analysis ran
  timer: 0,
  seq: 0,
  scriptUrl: '',
  svgText: null,
};

// The call being tried: the answers given (directives), where it starts
// and the values it starts with; the events of the last play.
const T = {
  answers: [],
  start: '',
  events: [],
  outline: null,
  status: '',
  active: null,
  keyBuffer: '',
  keyTimer: 0,
  playing: false,
  again: false,
};

// ---- the API ----------------------------------------------------------------

async function api(method, path, body) {
  return requestJson(method, path, body, { noServer: (why) => `the server does not answer: ${why}` });
}

const errorOf = (r) => (r.data && r.data.error) || `HTTP ${r.status}`;
const filePath = (p) => `/api/files/${p.split('/').map(encodeURIComponent).join('/')}`;

// ---- files --------------------------------------------------------------------

async function loadFiles() {
  const r = await api('GET', '/api/files');
  if (!r.ok) {
    $('files').replaceChildren(h('li', { class: 'refusal' }, errorOf(r)));
    return;
  }
  S.files = r.data.files || [];
  renderFiles();
}

function renderFiles() {
  if (!S.files.length) {
    $('files').replaceChildren(h('li', { class: 'empty' }, 'No .flow files here.'));
    return;
  }
  // Grouped by folder: the folder once, then its files by name.
  const items = [];
  let folder = null;
  for (const f of S.files) {
    const slash = f.path.lastIndexOf('/');
    const dir = slash < 0 ? '' : f.path.slice(0, slash + 1);
    if (dir !== folder) {
      folder = dir;
      if (dir) items.push(h('li', { class: 'folder', title: dir }, dir));
    }
    items.push(h('li', {},
      h('button', {
        type: 'button', class: dir ? 'file nested' : 'file', 'data-path': f.path, title: f.path,
        'aria-current': f.path === S.path ? 'true' : 'false',
        onclick: () => openFile(f.path),
      }, f.path.slice(slash + 1))));
  }
  $('files').replaceChildren(...items);
}

async function openFile(path) {
  if (S.path && editor.value !== S.saved && !confirm(`Leave ${S.path} without saving it?`)) return;
  const r = await api('GET', filePath(path));
  if (!r.ok) {
    state(errorOf(r), 'bad');
    return;
  }
  S.path = path;
  S.saved = r.data.text;
  S.svgText = null;
  S.scriptUrl = '';
  history.replaceState(null, '', `#${encodeURIComponent(path)}`);
  $('doc-path').textContent = clean(path);
  document.title = `${clean(path)} — callflow workbench`;
  editor.setValue(r.data.text);
  renderFiles();
  dirty();
  await analyze();
}

function dirty() {
  const changed = editor.value !== S.saved;
  $('save').disabled = !S.path || !changed;
  $('doc-path').classList.toggle('changed', changed);
}

async function save() {
  if (!S.path) return;
  const r = await api('PUT', filePath(S.path), { text: editor.value, format: $('fmt-on-save').checked });
  if (!r.ok) {
    state(`not saved: ${errorOf(r)}`, 'bad');
    return;
  }
  S.saved = r.data.text;
  if (r.data.text !== editor.value) {
    const [line, column] = editor.caret();
    editor.setValue(r.data.text);
    editor.moveTo(line, column);
    changed();
  }
  dirty();
  state(r.data.formatted ? 'saved (formatted)' : r.data.note ? `saved; ${r.data.note}` : 'saved', 'good');
}

function state(text, kind) {
  const s = $('doc-state');
  s.textContent = clean(text);
  s.className = `doc-state ${kind || ''}`;
}

// ---- analysis -------------------------------------------------------------------

function changed() {
  document.body.dataset.pending = '1'; // an edit not analysed yet (tests wait for its analysis)
  dirty();
  clearTimeout(S.timer);
  S.timer = setTimeout(analyze, 100);
}

async function analyze() {
  if (!S.path) return;
  if (S.analyzing) {
    S.again = true;
    return;
  }
  S.analyzing = true;
  const text = editor.value;
  const started = performance.now();
  const r = await api('POST', '/api/analyze', { path: S.path, text });
  S.analyzing = false;
  if (S.again) {
    S.again = false;
    analyze();
    return; // a newer text is on its way
  }
  if (!r.ok) {
    state(errorOf(r), 'bad');
    return;
  }
  if (text !== editor.value) return;
  if (S.analysis && S.analysis.root !== r.data.root) {
    T.answers = []; // another flow: another call
    T.start = '';
  }
  S.analysis = r.data;
  $('doc-root').textContent = r.data.root && r.data.root !== r.data.path ? clean(`in ${r.data.root}`) : '';
  document.body.dataset.analyzed = String(++S.seq); // tests wait for this
  delete document.body.dataset.pending; // the editor's text is the one analysed
  const ms = Math.round(performance.now() - started);
  renderProblems(r.data);
  renderGraph(r.data);
  renderScript(r.data);
  renderStarts(r.data);
  const e = r.data.errors;
  const w = r.data.warnings;
  state(e || w ? `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'} · ${ms} ms` : `no problems · ${ms} ms`, e ? 'bad' : w ? 'warn' : 'good');
  play();
}

function where(d) {
  return `${d.file ? `${d.file}:` : ''}${d.line}:${d.column}`;
}

function renderProblems(a) {
  editor.setDiagnostics(a.diagnostics.filter((d) => !d.file));
  $('problem-count').textContent = String(a.diagnostics.length);
  if (!a.diagnostics.length) {
    $('problems').replaceChildren(h('li', { class: 'empty' }, 'No problems.'));
    return;
  }
  $('problems').replaceChildren(...a.diagnostics.slice(0, 500).map((d) => h('li', { class: `problem-item ${d.severity}` },
    h('button', {
      type: 'button', class: 'problem-link',
      onclick: () => (d.file ? goTo(d.file, d.line, d.column) : editor.moveTo(d.utf16[0] + 1, d.utf16[1] + 1)),
    },
    h('span', { class: `sev ${d.severity}` }, d.severity), ' ',
    h('span', { class: 'code' }, d.code), ' ',
    h('span', { class: 'at' }, where(d)), ' ',
    flowText('span', 'msg', d.message)),
    d.notes.length ? h('ul', { class: 'notes' }, d.notes.map((n) => h('li', {}, n.line ? h('span', { class: 'at' }, `${n.line}:${n.column} `) : null, flowText('span', '', n.message)))) : null)));
}

function renderGraph(a) {
  $('graph-note').textContent = clean(a.graph_note || '');
  const box = $('graph');
  if (a.graph_svg !== S.svgText) {
    S.svgText = a.graph_svg;
    const svg = drawing(a.graph_svg);
    box.replaceChildren(...(svg ? [svg] : []));
    if (S.drawnFor !== a.root) { // another flow: its chart from the top
      S.drawnFor = a.root;
      box.scrollTop = 0;
      box.scrollLeft = 0;
    }
    // Fit a chart that stays readable fitted; a wide one is shown at its
    // size and scrolled (the caret's step is scrolled into view), unless
    // the designer chose.
    if (svg && !S.zoomChosen) setZoom(parseFloat(svg.getAttribute('width')) * (4 / 3) <= 2 * box.clientWidth);
  }
  const svg = box.querySelector('svg');
  $('zoom').hidden = !svg;
  if (!svg) return;
  const byNode = new Map(a.steps.map((s) => [s.node, s]));
  for (const g of svg.querySelectorAll('g.node')) {
    const title = g.querySelector('title');
    const step = title && byNode.get(title.textContent);
    if (!step) continue;
    g.classList.add('step');
    g.dataset.step = step.id;
    g.classList.toggle('has-error', step.errors > 0);
    g.classList.toggle('has-warning', step.errors === 0 && step.warnings > 0);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `Step ${step.id}${step.title ? ` ${step.title}` : ''}${step.errors ? `, ${step.errors} errors` : ''}`);
  }
  // Shown first: the first step of the file being edited (a section of a
  // larger flow), then, when problems appear, the first step with one.
  const showStep = (st) => {
    const g = st && svg.querySelector(`g.step[data-step="${CSS.escape(st.id)}"]`);
    if (g) g.scrollIntoView({ block: 'center', inline: 'center' });
  };
  if (S.shownFor !== a.path) {
    S.shownFor = a.path;
    showStep(a.steps.find((st) => !st.file && st.line));
  }
  const bad = a.steps.find((st) => st.errors > 0);
  if (bad && !S.hadErrors) showStep(bad);
  S.hadErrors = !!bad;
}

// A step of the flowchart, clicked or chosen with Enter: the editor goes there.
function stepClicked(ev) {
  if (ev.type === 'keydown' && ev.key !== 'Enter' && ev.key !== ' ') return;
  const g = ev.target.closest && ev.target.closest('g.step');
  if (!g || !S.analysis) return;
  ev.preventDefault();
  const step = S.analysis.steps.find((s) => s.id === g.dataset.step);
  if (step && step.line) goTo(step.file, step.line, 1);
  for (const other of $('graph').querySelectorAll('g.selected')) other.classList.remove('selected');
  g.classList.add('selected');
}

// A place in the edited document ('' file) or in another file of the flow.
async function goTo(file, line, column, select) {
  if (file && file !== S.path) {
    await openFile(file);
    if (S.path !== file) return; // stayed (unsaved edits kept)
  }
  editor.moveTo(line, column, select);
}

function setZoom(fit) {
  $('graph').classList.toggle('fit', fit);
  $('zoom').setAttribute('aria-pressed', fit ? 'true' : 'false');
  $('zoom').textContent = fit ? 'Fit' : '100%';
  $('zoom').title = fit ? 'Shown to fit: click for the real size' : 'Shown at its size: click to fit';
}

function renderScript(a) {
  $('script-note').textContent = clean(a.script_note || '');
  const url = a.script_url || '';
  if (url !== S.scriptUrl) {
    S.scriptUrl = url;
    $('script-frame').hidden = !url;
    if (url) $('script-frame').src = url;
  }
}

function renderStarts(a) {
  // Rebuilt only when the steps changed (a 10,000-step flow has as many options).
  const ids = a.steps.map((s) => `${s.id}\u0000${s.title}`).join('\u0001') + a.start;
  if (ids === S.startIds) return;
  S.startIds = ids;
  const select = $('try-start');
  const was = select.value;
  select.replaceChildren(h('option', { value: '' }, `the flow's start${a.start ? ` (${a.start})` : ''}`),
    ...a.steps.map((s) => h('option', { value: s.id }, s.title ? `${s.id} — ${s.title}` : s.id)));
  select.value = a.steps.some((s) => s.id === was) ? was : '';
}

// ---- hover and definition ------------------------------------------------------

async function hover(line, column, x, y) {
  const box = $('hover');
  if (!line || !S.path) {
    box.hidden = true;
    return;
  }
  const r = await api('POST', '/api/hover', { path: S.path, text: editor.value, line, column });
  if (!r.ok || !r.data.markdown) {
    box.hidden = true;
    return;
  }
  // Markdown shown as text: its marks dropped, never parsed as markup.
  box.textContent = clean(r.data.markdown.replace(/\*\*|`/g, '').replace(/\n---\n/g, '\n'));
  box.hidden = false;
  const pane = box.parentElement.getBoundingClientRect();
  box.style.left = `${Math.max(0, Math.min(x - pane.left + 12, pane.width - 360))}px`;
  box.style.top = `${y - pane.top + 18}px`;
}

async function definition(line, column) {
  if (!S.path) return;
  const r = await api('POST', '/api/definition', { path: S.path, text: editor.value, line, column });
  if (!r.ok || !r.data.found) {
    state('no definition here', 'warn');
    return;
  }
  await goTo(r.data.file, r.data.line, r.data.column, r.data.endLine === r.data.line ? r.data.endColumn - r.data.column : 0);
}

// ---- trying a call -----------------------------------------------------------------

const W = callWidgets({ state: T, outline: () => T.outline || {}, events: () => T.events, submit });

function setValues() {
  const set = {};
  for (const line of $('try-set').value.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) set[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return set;
}

async function play(extra) {
  if (!S.path || !S.analysis || S.analysis.errors) {
    $('try-note').hidden = false;
    $('try-note').textContent = S.analysis && S.analysis.errors ? 'The flow has errors: fix them to try a call (the call below is the last one played).' : '';
    $('try-view').classList.add('stale');
    return null;
  }
  if (T.playing) {
    T.again = true;
    return null;
  }
  T.playing = true;
  const answers = extra ? [...T.answers, extra] : T.answers;
  const r = await api('POST', '/api/simulate', { path: S.path, text: editor.value, answers, start: T.start || null, set: setValues() });
  T.playing = false;
  if (T.again) {
    T.again = false;
    return play(extra);
  }
  if (!r.ok) {
    T.events = [];
    $('try-note').hidden = false;
    $('try-note').textContent = clean(errorOf(r));
    renderTry();
    return r;
  }
  const d = r.data;
  if (extra && d.refused === answers.length - 1) return r; // the new answer is refused: the caller says why
  if (extra) T.answers = answers;
  T.outline = d.outline;
  T.status = d.status;
  T.events = [];
  for (const item of d.events) {
    if (item.event === 'answer') {
      const e = [...T.events].reverse().find((x) => x.waiting && !x.answer);
      if (e) e.answer = { directive: item.answer, label: item.label };
    } else {
      T.events.push(item);
    }
  }
  const notes = [];
  if (d.refused !== undefined) notes.push(`Answer ${d.refused + 1} no longer fits the flow (${d.problem}); the call waits there. The next answer replaces it and those after it.`);
  if (d.left_over) notes.push(`The call ended before the last ${d.left_over} answer${d.left_over === 1 ? '' : 's'}.`);
  $('try-note').hidden = !notes.length;
  $('try-note').textContent = clean(notes.join(' '));
  T.used = d.refused !== undefined ? d.refused : d.used;
  $('try-view').classList.remove('stale');
  document.body.dataset.played = String((Number(document.body.dataset.played) || 0) + 1); // tests wait for this
  renderTry();
  return r;
}

async function submit(directive, label, refusal, input) {
  if (T.playing) return;
  if (T.used !== undefined && T.used < T.answers.length) T.answers = T.answers.slice(0, T.used);
  const r = await play(directive);
  if (!r) return;
  if (r.ok && r.data.refused === T.answers.length) {
    if (refusal) refusal.textContent = clean(r.data.problem.replace(/^answer \d+ (\(.*?\) )?/, ''));
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      input.select();
    }
    return;
  }
  const next = $('try-events').querySelector('.active .answer-input, .active .option');
  if (next) next.focus({ preventScroll: true });
}

function renderTry() {
  const o = T.outline || {};
  setLang(o.lang || 'en');
  document.documentElement.lang = 'en'; // the workbench's own words are English
  $('try-view').lang = o.lang || 'en';
  const waiting = T.status === 'waiting' ? [...T.events].reverse().find((e) => e.waiting && !e.answer) : null;
  T.active = null;
  T.keyBuffer = '';
  let step = null;
  const parts = [];
  for (const e of T.events) {
    if (e.step !== step) {
      step = e.step;
      const info = (o.steps && o.steps[step]) || {};
      parts.push(h('h3', { class: 'try-step' }, h('span', { class: 'step-id small' }, step), ' ', info.title ? flowText('span', '', info.title) : null));
    }
    parts.push(W.renderEvent(e, e === waiting));
  }
  if (T.status && T.status !== 'waiting') parts.push(h('p', { class: `chip status-${T.status}` }, T.status));
  $('try-events').replaceChildren(...parts);
  const answered = T.events.filter((e) => e.answer);
  $('try-answers').replaceChildren(...answered.map((e) => h('li', {}, h('span', { class: 'astep' }, e.step), ' ', flowText('strong', 'aa', W.answerWords(e)))));
  $('try-back').disabled = !T.answers.length;
  const active = $('try-events').querySelector('.ev.active');
  if (active && document.activeElement === document.body) active.scrollIntoView({ block: 'nearest' });
}

function onKey(ev) {
  if ((ev.ctrlKey || ev.metaKey) && ev.key === 's') {
    ev.preventDefault();
    save();
    return;
  }
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const typing = ev.target instanceof HTMLElement && ev.target.matches('input, select, textarea');
  if (typing || !T.active || !T.active.options.length || !$('try-view').contains(document.activeElement)) return;
  if (T.active.keyed) {
    if (/^[0-9*#]$/.test(ev.key)) {
      ev.preventDefault();
      W.typedKey(ev.key);
    } else if (ev.key === 'Enter' && T.keyBuffer) {
      ev.preventDefault();
      W.confirmKey();
    }
    return;
  }
  if (/^[1-9]$/.test(ev.key)) {
    const o = T.active.options[Number(ev.key) - 1];
    if (o) {
      ev.preventDefault();
      submit(o.directive, o.label, T.active.refusal);
    }
  }
}

function showTab(which) {
  for (const [tab, view] of [['tab-try', 'try-view'], ['tab-script', 'script-view']]) {
    const on = tab === which;
    $(tab).setAttribute('aria-selected', on ? 'true' : 'false');
    $(view).hidden = !on;
  }
}

// ---- start ----------------------------------------------------------------------

const editor = new Editor($('editor'), {
  onChange: changed,
  onHover: hover,
  onDefinition: definition,
  onSave: save,
  onCaret: caretMoved,
});

// The caret in a step of this file: its node in the flowchart is marked
// and scrolled into view.
function caretMoved(line) {
  if (!S.analysis) return;
  let here = null;
  for (const s of S.analysis.steps) if (!s.file && s.line && s.line <= line && (!here || s.line > here.line)) here = s;
  for (const g of $('graph').querySelectorAll('g.current')) g.classList.remove('current');
  if (!here) return;
  const g = $('graph').querySelector(`g.step[data-step="${CSS.escape(here.id)}"]`);
  if (!g) return;
  g.classList.add('current');
  g.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

async function main() {
  document.addEventListener('keydown', onKey);
  $('save').addEventListener('click', save);
  $('graph').addEventListener('click', stepClicked);
  $('graph').addEventListener('keydown', stepClicked);
  $('zoom').addEventListener('click', () => {
    S.zoomChosen = true;
    setZoom(!$('graph').classList.contains('fit'));
  });
  $('tab-try').addEventListener('click', () => showTab('tab-try'));
  $('tab-script').addEventListener('click', () => showTab('tab-script'));
  $('try-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    T.answers = [];
    T.used = undefined;
    T.start = $('try-start').value;
    play();
  });
  $('try-back').addEventListener('click', () => {
    T.answers = T.answers.slice(0, Math.min(T.answers.length, T.used ?? T.answers.length) - 1);
    play();
  });
  window.addEventListener('beforeunload', (ev) => {
    if (S.path && editor.value !== S.saved) ev.preventDefault();
  });
  await loadFiles();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = S.files.find((f) => f.path === wanted) || S.files[0];
  if (first) await openFile(first.path);
}

main();
