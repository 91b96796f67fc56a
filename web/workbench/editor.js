// The workbench's editor: a textarea with an overlay beneath it that
// colours the flow's words and underlines its diagnostics, and a gutter of
// line numbers. No framework. Only the lines in view are drawn (a 10,000-
// step flow has 100,000 lines), each as text nodes in spans: flow text is
// never markup (dom.js).
//
// The textarea does not wrap, and every line has the same height, so a
// line's place is its number times that height.
//
// A large text (over LARGE bytes) is not put in the textarea whole: the
// browser lays a textarea's text out again on every key, which takes
// seconds for a 10,000-step flow. The textarea holds a window of WINDOW
// lines; the lines before and after it are kept aside (head, tail), the
// gutter shows the real line numbers, and scrolling near the window's edge,
// or going to a line outside it, moves the window.
import { h } from './dom.js';

const KEYWORDS = new Set(['flow', 'start', 'import', 'catalog', 'enum', 'form', 'var', 'section', 'step', 'by',
  'rule', 'required', 'when', 'auto', 'unused', 'sensitive', 'matches', 'as', 'suggest', 'say', 'note', 'do',
  'optional', 'ask', 'input', 'in', 'set', 'if', 'else', 'goto', 'create', 'complete', 'charge', 'invoice',
  'take', 'payment', 'transfer', 'end', 'or', 'and', 'not', 'is', 'true', 'false', 'price', 'key', 'version']);

// One line's tokens: [kind, from, to]; `inComment` says whether the line
// starts inside a /* */ comment. Returns whether it ends inside one.
function tokenize(line, inComment, out) {
  let i = 0;
  const n = line.length;
  if (inComment) {
    const end = line.indexOf('*/');
    if (end < 0) {
      out.push(['comment', 0, n]);
      return true;
    }
    out.push(['comment', 0, end + 2]);
    i = end + 2;
  }
  while (i < n) {
    const c = line[i];
    if (c === '/' && line[i + 1] === '/') {
      out.push(['comment', i, n]);
      return false;
    }
    if (c === '/' && line[i + 1] === '*') {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) {
        out.push(['comment', i, n]);
        return true;
      }
      out.push(['comment', i, end + 2]);
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      out.push(['string', i, Math.min(j + 1, n)]);
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9.]/.test(line[j])) ++j;
      out.push(['number', i, j]);
      i = j;
      continue;
    }
    if (/[\p{L}_]/u.test(c)) {
      let j = i + 1;
      while (j < n && /[\p{L}\p{N}_-]/u.test(line[j])) ++j;
      const word = line.slice(i, j);
      out.push([KEYWORDS.has(word) ? 'keyword' : /-|^[A-Z][A-Z0-9]*\d/.test(word) ? 'stepid' : 'name', i, j]);
      i = j;
      continue;
    }
    if (c === '-' && line[i + 1] === '>') {
      out.push(['arrow', i, i + 2]);
      i += 2;
      continue;
    }
    ++i;
  }
  return false;
}

const LARGE = 256 * 1024;
const WINDOW = 1500;

export class Editor {
  constructor(root, { onChange, onHover, onDefinition, onSave, onCaret }) {
    this.root = root;
    this.onChange = onChange;
    this.onHover = onHover;
    this.onDefinition = onDefinition;
    this.gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
    this.overlay = h('div', { class: 'overlay', 'aria-hidden': 'true' });
    this.textarea = h('textarea', {
      class: 'source', wrap: 'off', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off',
      'aria-label': 'Flow source', 'aria-describedby': 'problems-title',
    });
    this.layer = h('div', { class: 'layer' }, this.overlay, this.textarea);
    root.replaceChildren(this.gutter, this.layer);
    this.lines = ['']; // the window's lines (all of them for a small text)
    this.starts = [0]; // UTF-16 offset of each line in the window
    this.head = []; // lines before the window
    this.tail = []; // lines after it
    this.commentAt = null; // per line: starts inside /* */ (only when the text has one)
    this.diags = [];
    this.diagByLine = new Map();
    this.lineHeight = 20;
    this.textarea.addEventListener('input', () => {
      this.split();
      this.render();
      this.onChange(this.textarea.value);
    });
    this.textarea.addEventListener('scroll', () => {
      this.edge();
      this.render();
    });
    this.textarea.addEventListener('keydown', (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key === 's') {
        ev.preventDefault();
        onSave();
      } else if (ev.key === 'F12' || ((ev.ctrlKey || ev.metaKey) && ev.key === 'b')) {
        ev.preventDefault();
        this.onDefinition(...this.caret());
      }
      // Tab is left to the browser: it moves the focus on (no keyboard trap).
    });
    this.textarea.addEventListener('click', (ev) => {
      if (ev.ctrlKey || ev.metaKey) this.onDefinition(...this.caret());
      else if (onCaret) onCaret(...this.caret());
    });
    this.textarea.addEventListener('keyup', (ev) => {
      if (onCaret && /^(Arrow|Page|Home|End)/.test(ev.key)) onCaret(...this.caret());
    });
    let hoverTimer = 0;
    this.textarea.addEventListener('mousemove', (ev) => {
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(() => {
        const at = this.positionAt(ev.clientX, ev.clientY);
        if (at) this.onHover(at[0], at[1], ev.clientX, ev.clientY);
      }, 350);
    });
    this.textarea.addEventListener('mouseleave', () => {
      clearTimeout(hoverTimer);
      this.onHover(0, 0);
    });
    new ResizeObserver(() => this.render()).observe(this.textarea);
  }

  get base() { return this.head.length; }

  get value() {
    if (!this.head.length && !this.tail.length) return this.textarea.value;
    // The parts outside the window are joined once per window.
    return (this.head.length ? `${this.headText}\n` : '') + this.textarea.value + (this.tail.length ? `\n${this.tailText}` : '');
  }

  keepAside() {
    this.headText = this.head.join('\n');
    this.tailText = this.tail.join('\n');
  }

  setValue(text) {
    this.head = [];
    this.tail = [];
    if (text.length > LARGE) {
      const all = text.split('\n');
      this.tail = all.slice(WINDOW);
      text = all.slice(0, WINDOW).join('\n');
    }
    this.keepAside();
    this.textarea.value = text;
    this.textarea.scrollTop = 0;
    this.textarea.setSelectionRange(0, 0);
    this.diags = [];
    this.diagByLine = new Map();
    this.split();
    this.render();
  }

  // Moves the window so that it holds line `center` (0-based, of the
  // whole text); returns that line's index in the window.
  rewindow(center) {
    const [caretLine, caretCol] = this.caret(); // kept where it is
    const all = [...this.head, ...this.textarea.value.split('\n'), ...this.tail];
    const from = Math.max(0, Math.min(center - (WINDOW >> 1), all.length - WINDOW));
    const to = Math.min(all.length, from + WINDOW);
    this.head = all.slice(0, from);
    this.tail = all.slice(to);
    this.keepAside();
    this.textarea.value = all.slice(from, to).join('\n');
    this.split();
    const l = caretLine - 1 - from;
    if (l >= 0 && l < this.lines.length) {
      const at = this.starts[l] + Math.min(caretCol - 1, this.lines[l].length);
      this.textarea.setSelectionRange(at, at);
    }
    return center - from;
  }

  // Scrolled near an edge of the window with more text beyond it: the
  // window moves, the line at the top stays at the top.
  edge() {
    if (!this.head.length && !this.tail.length) return;
    const ta = this.textarea;
    const top = Math.floor(ta.scrollTop / this.lineHeight);
    const view = Math.ceil(ta.clientHeight / this.lineHeight);
    if ((top < 100 && this.head.length) || (top + view > this.lines.length - 100 && this.tail.length)) {
      const abs = this.base + top;
      const local = this.rewindow(abs + (view >> 1));
      ta.scrollTop = (local - (view >> 1)) * this.lineHeight;
    }
  }

  split() {
    const text = this.textarea.value;
    this.lines = text.split('\n');
    const starts = new Array(this.lines.length);
    let off = 0;
    for (let i = 0; i < this.lines.length; ++i) {
      starts[i] = off;
      off += this.lines[i].length + 1;
    }
    this.starts = starts;
    this.commentAt = null;
    if (text.includes('/*')) {
      this.commentAt = new Uint8Array(this.lines.length);
      let inside = false;
      const scratch = [];
      for (let i = 0; i < this.lines.length; ++i) {
        this.commentAt[i] = inside ? 1 : 0;
        scratch.length = 0;
        inside = tokenize(this.lines[i], inside, scratch);
      }
    }
  }

  // [line, column], 1-based, the column in UTF-16 code units.
  caret() {
    const off = this.textarea.selectionStart;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return [this.base + lo + 1, off - this.starts[lo] + 1];
  }

  charWidth() {
    if (!this.cw) {
      const probe = h('span', { class: 'probe' }, 'M'.repeat(100));
      this.overlay.append(probe);
      this.cw = probe.getBoundingClientRect().width / 100 || 8;
      probe.remove();
    }
    return this.cw;
  }

  positionAt(x, y) {
    const r = this.textarea.getBoundingClientRect();
    const style = getComputedStyle(this.textarea);
    const line = Math.floor((y - r.top - parseFloat(style.paddingTop) + this.textarea.scrollTop) / this.lineHeight);
    const col = Math.floor((x - r.left - parseFloat(style.paddingLeft) + this.textarea.scrollLeft) / this.charWidth());
    if (line < 0 || line >= this.lines.length || col < 0 || col > this.lines[line].length) return null;
    return [this.base + line + 1, col + 1];
  }

  // Puts the caret at line:column (1-based) and scrolls it into the middle.
  moveTo(line, column, select) {
    let l = line - 1 - this.base;
    if (l < 0 || l >= this.lines.length) l = this.rewindow(line - 1);
    l = Math.max(0, Math.min(l, this.lines.length - 1));
    const from = this.starts[l] + Math.max(0, Math.min((column || 1) - 1, this.lines[l].length));
    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(from, select ? from + select : from);
    const view = this.textarea.clientHeight;
    this.textarea.scrollTop = Math.max(0, l * this.lineHeight - view / 3);
    this.render();
  }

  // Each diagnostic's utf16 [line0, char0, line1, char1] range is underlined.
  setDiagnostics(diags) {
    this.diags = diags;
    this.diagByLine = new Map();
    for (const d of diags) {
      if (!d.utf16) continue;
      const [l0, c0, l1, c1] = d.utf16;
      for (let l = l0; l <= l1 && l < l0 + 1000; ++l) {
        const from = l === l0 ? c0 : 0;
        let to = l === l1 ? c1 : 1e9;
        if (to <= from) to = from + 1; // an empty range still shows
        if (!this.diagByLine.has(l)) this.diagByLine.set(l, []);
        this.diagByLine.get(l).push({ from, to, severity: d.severity });
      }
    }
    this.render();
  }

  renderLine(i) {
    const line = this.lines[i];
    const tokens = [];
    tokenize(line, this.commentAt ? this.commentAt[i] === 1 : false, tokens);
    const marks = this.diagByLine.get(this.base + i) || [];
    // Cut points: token and diagnostic edges; each piece gets its classes.
    const cuts = new Set([0, line.length]);
    for (const [, a, b] of tokens) { cuts.add(a); cuts.add(b); }
    for (const m of marks) { cuts.add(Math.min(m.from, line.length)); cuts.add(Math.min(m.to, line.length)); }
    const points = [...cuts].sort((a, b) => a - b);
    const row = h('div', { class: 'row' });
    let t = 0;
    for (let k = 0; k + 1 < points.length; ++k) {
      const a = points[k];
      const b = points[k + 1];
      if (a === b) continue;
      while (t < tokens.length && tokens[t][2] <= a) ++t;
      const kind = t < tokens.length && tokens[t][1] <= a ? tokens[t][0] : '';
      let diag = '';
      for (const m of marks) if (m.from <= a && b <= Math.max(m.to, m.from + 1)) diag = m.severity === 'error' || diag === 'error' ? 'error' : m.severity;
      const cls = [kind && `tk-${kind}`, diag && `dg-${diag}`].filter(Boolean).join(' ');
      row.append(cls ? h('span', { class: cls }, line.slice(a, b)) : document.createTextNode(line.slice(a, b)));
    }
    // A diagnostic at the end of a line (a missing brace) shows past it.
    for (const m of marks) if (m.from >= line.length) row.append(h('span', { class: `dg-${m.severity} dg-eol` }, ' '));
    return row;
  }

  render() {
    const ta = this.textarea;
    const first = Math.max(0, Math.floor(ta.scrollTop / this.lineHeight) - 5);
    const last = Math.min(this.lines.length, first + Math.ceil(ta.clientHeight / this.lineHeight) + 10);
    const rows = [];
    const nums = [];
    for (let i = first; i < last; ++i) {
      rows.push(this.renderLine(i));
      const abs = this.base + i;
      const mark = this.diagByLine.has(abs) ? (this.diagByLine.get(abs).some((m) => m.severity === 'error') ? 'error' : 'warning') : '';
      nums.push(h('div', { class: mark ? `num has-${mark}` : 'num' }, String(abs + 1)));
    }
    const top = first * this.lineHeight - ta.scrollTop;
    this.overlay.replaceChildren(...rows);
    this.overlay.style.transform = `translate(${-ta.scrollLeft}px, ${top}px)`;
    this.gutter.replaceChildren(...nums);
    this.gutter.style.setProperty('--shift', `${top}px`);
    this.gutter.firstChild && (this.gutter.firstChild.style.marginTop = `${top}px`);
  }
}
