// Tokenises every .flow file of samples/ (and of tests/editors/Inputs/,
// constructs no sample uses yet) with the extension's TextMate
// grammar (vscode-textmate + vscode-oniguruma, as VS Code does) and
// compares the tokens with the snapshots in test/snapshots/ (one line per
// token: line:column, its text, its scopes). Also fails when a token that
// is not whitespace has no scope beyond source.callflow, or is scoped
// invalid.illegal: every construct of the samples must be highlighted.
//
//   node test/grammar.test.js            compare
//   node test/grammar.test.js --update   rewrite the snapshots
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(__dirname, '../../..');
const snapshots = path.join(__dirname, 'snapshots');
const update = process.argv.includes('--update');

function flowFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...flowFiles(p));
    else if (e.name.endsWith('.flow')) out.push(p);
  }
  return out.sort();
}

async function main() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new oniguruma.OnigScanner(s),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      if (scope !== 'source.callflow') return null;
      const file = path.join(__dirname, '../syntaxes/callflow.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.callflow');
  const files = flowFiles(path.join(root, 'samples')).concat(flowFiles(path.join(root, 'tests/editors/Inputs')));
  let failures = 0;
  for (const file of files) {
    const rel = path.relative(root, file);
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    let stack = vsctm.INITIAL;
    const out = [];
    lines.forEach((line, i) => {
      const r = grammar.tokenizeLine(line, stack);
      for (const t of r.tokens) {
        const text = line.slice(t.startIndex, t.endIndex);
        if (!text.trim()) continue;
        const scopes = t.scopes.slice(1);
        if (scopes.length === 0 || scopes.some((s) => s.startsWith('invalid.'))) {
          console.error(`${rel}:${i + 1}:${t.startIndex + 1}: '${text}' is ${scopes.length ? scopes.join(' ') : 'unscoped'}`);
          failures++;
        }
        out.push(`${i + 1}:${t.startIndex + 1} ${JSON.stringify(text)} ${scopes.join(' ')}`);
      }
      stack = r.ruleStack;
    });
    const snap = path.join(snapshots, rel.replace(/[\\/]/g, '__') + '.snap');
    const text = out.join('\n') + '\n';
    if (update) {
      fs.mkdirSync(snapshots, { recursive: true });
      fs.writeFileSync(snap, text);
    } else if (!fs.existsSync(snap)) {
      console.error(`${rel}: no snapshot ${path.relative(root, snap)} (run with --update)`);
      failures++;
    } else if (fs.readFileSync(snap, 'utf8') !== text) {
      const want = fs.readFileSync(snap, 'utf8').split('\n');
      const got = text.split('\n');
      const k = want.findIndex((w, j) => w !== got[j]);
      console.error(`${rel}: tokens differ from the snapshot at token ${k + 1}:\n  want ${want[k]}\n  got  ${got[k]}`);
      failures++;
    }
  }
  console.log(`grammar: ${files.length} files tokenised, ${failures} failures`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
