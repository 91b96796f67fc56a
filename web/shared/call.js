// The widgets of a call, shared by the agent desktop (web/desktop) and the
// designer's workbench's "try a call" panel (web/workbench): an event of
// flowrun --json's JSON as the agent sees it, and the questions as buttons
// with keys, fields, lookups and records, whose answers go to ctx.submit.
//
//   const W = callWidgets({
//     state,              // {active, keyBuffer, keyTimer}: the waiting widget
//     outline: () => o,   // the flow's outline (GET .../outline, /api/simulate)
//     events: () => list, // the call's events so far (answers attached)
//     submit: (directive, label, refusal, input) => ...,
//   });
//   W.renderEvent(event, active)
//
// Flow text is never markup (dom.js).
import { t } from './i18n.js';
import { clean, h, flowText, quote, provided } from './dom.js';

// A charge's or an invoice line's amount with its catalog item's kind
// (docs/language.md, "Catalog"): "$14.99 / month" for a monthly item (the
// first month is charged), "4% of $44.98  $1.80" for a percentage.
export function priced(c) {
  if (c.kind === 'monthly') return t('perMonth', clean(c.amount_text));
  if (c.kind === 'percent') return `${t('percentOf', clean(c.percent_text), clean(c.basis_text))}  ${clean(c.amount_text)}`;
  return clean(c.amount_text);
}

export function callWidgets(ctx) {

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
          h('p', { id: `q-${ctx.events().indexOf(e)}` }, flowText('span', '', e.text)),
          e.optional ? h('span', { class: 'chip quiet' }, t('optional')) : null,
          lookup ? h('p', { class: 'hint' }, `→ ${clean(e.result)} (${typeWords(e.type, ctx.outline())})`) : null,
          lookup && !active && e.answer ? answered(e) : null,
          active ? lookupWidget(e, `q-${ctx.events().indexOf(e)}`) : null);
      }
      case 'ask':
        return h('div', { class: `ev ask${active ? ' active' : ''}` },
          tag('ask'),
          flowText('p', 'question', e.text),
          active ? optionsWidget(askOptions(e), !!e.keys) : answered(e));
      case 'input':
        return h('div', { class: `ev input${active ? ' active' : ''}` },
          tag('input'),
          h('p', { class: 'input-label', id: `q-${ctx.events().indexOf(e)}` }, flowText('span', 'label', e.label || e.slot),
            e.prompt && e.prompt !== e.label ? flowText('span', 'prompt', e.prompt) : null),
          active ? inputWidget(e, `q-${ctx.events().indexOf(e)}`) : answered(e));
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
            h('span', { class: 'amount' }, ` ${priced(e)}`)),
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
    const def = (ctx.outline().forms || []).find((f) => f.name === name);
    return flowText('span', 'form-name', (def && def.label) || name);
  }

  function fieldLabel(form, field) {
    const def = (ctx.outline().forms || []).find((f) => f.name === form);
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
          h('td', { class: 'amount' }, priced(l))))),
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
          onclick: () => ctx.submit(o.directive, o.label, refusal),
        }, key ? h('kbd', { class: 'optkey' }, key) : h('span', { class: 'optkey none' }), flowText('span', 'optlabel', o.label));
      }));
    const buffer = h('p', { class: 'keybuffer', 'aria-live': 'polite' });
    ctx.state.active = { options, keyed, refusal, buffer };
    return h('div', { class: 'widget' }, list, keyed ? buffer : null, refusal);
  }

  function typedKey(k) {
    const a = ctx.state.active;
    clearTimeout(ctx.state.keyTimer);
    ctx.state.keyBuffer += k;
    const keys = a.options.map((o) => o.key).filter(Boolean);
    const exact = a.options.find((o) => o.key === ctx.state.keyBuffer);
    const longer = keys.some((key) => key !== ctx.state.keyBuffer && key.startsWith(ctx.state.keyBuffer));
    a.buffer.textContent = t('keyTyped', ctx.state.keyBuffer);
    if (exact && !longer) {
      const chosen = exact;
      ctx.state.keyBuffer = '';
      ctx.submit(chosen.directive, chosen.label, a.refusal);
    } else if (!exact && !longer) {
      a.refusal.textContent = t('noSuchKey', ctx.state.keyBuffer);
      ctx.state.keyBuffer = '';
    } else {
      a.refusal.textContent = '';
      ctx.state.keyTimer = setTimeout(() => { ctx.state.keyBuffer = ''; a.buffer.textContent = ''; }, 3000);
    }
  }

  function confirmKey() {
    const a = ctx.state.active;
    const exact = a.options.find((o) => o.key === ctx.state.keyBuffer);
    if (exact) {
      ctx.state.keyBuffer = '';
      ctx.submit(exact.directive, exact.label, a.refusal);
    } else {
      a.refusal.textContent = t('noSuchKey', ctx.state.keyBuffer);
      ctx.state.keyBuffer = '';
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
    const hints = type ? [h('span', { class: 'type' }, `${t('type')}: ${typeWords(type, ctx.outline())}`)] : [];
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
        ctx.submit(d.directive, d.label, refusal, input);
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
            ctx.submit(d.directive, d.label, refusal, input);
          },
        }, flowText('span', '', v)))),
    ] : null,
    refusal);
    ctx.state.active = { options: [], keyed: false, refusal, input };
    return form;
  }

  function inputWidget(e, labelledBy) {
    const o = ctx.outline();
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
    const o = ctx.outline();
    const values = (o.enums || {})[e.type];
    const skip = e.optional ? [{ label: t('skipLookup'), directive: 'skip' }] : [];
    if (values) {
      return optionsWidget([...values.map((v) => ({ label: v.label || v.name, directive: `provide ${quote(v.name)}` })), ...skip], false);
    }
    if (e.type === 'bool') {
      return optionsWidget([{ label: t('yes'), directive: 'provide "yes"' }, { label: t('no'), directive: 'provide "no"' }, ...skip], false);
    }
    const buttons = e.optional ? [h('button', { type: 'button', onclick: () => ctx.submit('skip', t('skipLookup'), ctx.state.active.refusal) }, t('skipLookup'))] : [];
    return fieldWidget({
      label: e.text, labelledBy, type: e.type, buttons,
      toDirective: (v) => ({ directive: `provide ${quote(v)}`, label: v }),
    });
  }

  function recordWidget(e) {
    const buttons = [h('button', { type: 'button', onclick: () => ctx.submit('ack', t('withoutNumber'), ctx.state.active.refusal) }, t('withoutNumber'))];
    return fieldWidget({
      label: `${t('recordNumber')}: ${(ctx.outline().forms || []).find((f) => f.name === e.form)?.label || e.form}`,
      type: '', buttons, optionalEmpty: true,
      toDirective: (v) => (v === '' ? { directive: 'ack', label: t('withoutNumber') } : { directive: `provide ${quote(v)}`, label: v }),
    });
  }


  return {
    answerWords, typeWords, tag, renderEvent, answered, formLabel, fieldLabel, fieldList, invoiceTable,
    askOptions, optionsWidget, typedKey, confirmKey, fieldWidget, inputWidget, lookupWidget, recordWidget,
  };
}
