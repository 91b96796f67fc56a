// Text and elements for callflow's pages (the agent desktop and the
// designer's workbench): flow text is never markup. Every text is set as a
// text node or an attribute value (h()), control characters are dropped
// (clean()), and flow text sits in elements whose bidirectional text is
// isolated (flowText(): class `flowtext`, dir=auto).

// C0 controls but tab and newline, DEL, the C1 controls: dropped.
export const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
export function clean(s) {
  return String(s ?? '').replace(CONTROLS, '');
}

// h('p', {class: 'say'}, 'text', child...): strings become text nodes.
export function h(tag, props, ...children) {
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
export function flowText(tag, cls, text) {
  return h(tag, { class: `flowtext ${cls || ''}`.trim(), dir: 'auto' }, text);
}

export function money(cents, currency) {
  const v = Math.abs(Number(cents) || 0);
  const whole = String(Math.floor(v / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${currency}${whole}.${String(v % 100).padStart(2, '0')}`;
}

// A string of the answers-file language: "..." with \" \\ \n \t escaped.
export function quote(s) {
  return `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

// The value of a `provide "..."` directive, unescaped; else null.
export function provided(directive) {
  const m = /^provide\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(directive || '');
  if (!m) return null;
  return m[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] || c);
}
