// End to end with a client nobody here wrote: vscode-languageserver-protocol
// (the protocol layer of VS Code's own client) drives `flowc lsp` over
// stdio on the seed-000 sample, as an editor would:
//   - opening anything_computers.flow publishes diagnostics for it and for
//     every file it imports, none an error (the sample is clean);
//   - a `goto` to a missing step typed into pay_as_you_go.flow gives E0102
//     at that name, with its codeDescription link;
//   - definition of a jump target lands on the `step` that declares it;
//   - rename of that step edits its declaration and every jump to it, in
//     every file (checked against a count of the step ID outside strings
//     and comments in the sources);
//   - formatting a mangled copy of a file gives back `flowc fmt`'s text;
//   - shutdown + exit: status 0.
//
//   node test/e2e.test.js PATH/TO/flowc
'use strict';
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const rpc = require('vscode-languageserver-protocol/node');

const flowc = process.argv[2] || process.env.FLOWC || 'flowc';
const root = path.resolve(__dirname, '../../..');
const dir = path.join(root, 'samples/anything_computers');
const uriOf = (p) => 'file://' + p.split('/').map(encodeURIComponent).join('/');
const rootFile = path.join(dir, 'anything_computers.flow');
const payg = path.join(dir, 'pay_as_you_go.flow');

function applyEdits(text, edits) {
  const lines = text.split('\n');
  const offset = (p) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character; // the samples are ASCII where edits land
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

async function main() {
  const server = cp.spawn(flowc, ['lsp', '--debounce-ms=0'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.stdout),
                                            new rpc.StreamMessageWriter(server.stdin));
  const published = new Map();
  const waiters = [];
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    published.set(p.uri, p);
    for (const w of [...waiters]) if (w.test(p)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(p); }
  });
  const waitFor = (test) => new Promise((resolve, reject) => {
    for (const p of published.values()) if (test(p)) return resolve(p);
    const t = setTimeout(() => reject(new Error('no matching publishDiagnostics')), 30000);
    waiters.push({ test, resolve: (p) => { clearTimeout(t); resolve(p); } });
  });
  conn.listen();

  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: uriOf(dir), capabilities: {}, workspaceFolders: null });
  assert.strictEqual(init.capabilities.renameProvider.prepareProvider, true);
  conn.sendNotification(rpc.InitializedNotification.type, {});

  // 1. Diagnostics for the root and every imported file; no errors.
  const rootText = fs.readFileSync(rootFile, 'utf8');
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uriOf(rootFile), languageId: 'callflow', version: 1, text: rootText } });
  await waitFor((p) => p.uri === uriOf(rootFile));
  const imported = [...rootText.matchAll(/^import "([^"]+)"/gm)].map((m) => uriOf(path.join(dir, m[1])));
  assert.ok(imported.length >= 4, 'the sample imports its sections');
  for (const u of imported) {
    const p = await waitFor((q) => q.uri === u);
    assert.deepStrictEqual(p.diagnostics.filter((d) => d.severity === 1), [], `errors in ${u}`);
  }
  console.log(`diagnostics: root + ${imported.length} imported files published, no errors`);

  // 2. A jump to a missing step, typed into an open file.
  const paygText = fs.readFileSync(payg, 'utf8');
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uriOf(payg), languageId: 'callflow', version: 1, text: paygText } });
  await waitFor((p) => p.uri === uriOf(payg) && p.version === 1);
  const jump = /goto (D-[0-9-]+)/.exec(paygText);
  assert.ok(jump, 'pay_as_you_go.flow has a goto');
  const jumpLine = paygText.slice(0, jump.index).split('\n').length - 1;
  const jumpCol = jump.index - paygText.lastIndexOf('\n', jump.index) - 1 + 'goto '.length;
  const target = jump[1];
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uriOf(payg), version: 2 },
    contentChanges: [{ range: { start: { line: jumpLine, character: jumpCol },
                                end: { line: jumpLine, character: jumpCol + target.length } },
                       text: 'NO-SUCH-STEP' }] });
  const broken = await waitFor((p) => p.uri === uriOf(payg) && p.version === 2);
  const e0102 = broken.diagnostics.find((d) => d.code === 'E0102');
  assert.ok(e0102, 'E0102 published');
  assert.deepStrictEqual(e0102.range, { start: { line: jumpLine, character: jumpCol },
                                        end: { line: jumpLine, character: jumpCol + 'NO-SUCH-STEP'.length } });
  assert.match(e0102.codeDescription.href, /diagnostics\.md#e0102$/);
  console.log(`diagnostics: E0102 at ${jumpLine + 1}:${jumpCol + 1} after the change`);
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uriOf(payg), version: 3 }, contentChanges: [{ text: paygText }] });
  await waitFor((p) => p.uri === uriOf(payg) && p.version === 3);

  // 3. Definition of the jump target: the `step` line that declares it.
  const loc = await conn.sendRequest(rpc.DefinitionRequest.type, {
    textDocument: { uri: uriOf(payg) }, position: { line: jumpLine, character: jumpCol + 1 } });
  const declFile = decodeURIComponent(loc.uri.replace('file://', ''));
  const declLine = fs.readFileSync(declFile, 'utf8').split('\n')[loc.range.start.line];
  assert.match(declLine, new RegExp(`\\bstep ${target}\\b`));
  console.log(`definition: ${target} -> ${path.basename(declFile)}:${loc.range.start.line + 1}`);

  // 4. Rename: the declaration and every jump to it, in every file.
  const edit = await conn.sendRequest(rpc.RenameRequest.type, {
    textDocument: { uri: uriOf(payg) }, position: { line: jumpLine, character: jumpCol }, newName: 'D-X-1' });
  let expected = 0;
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.flow'))) {
    const t = fs.readFileSync(path.join(dir, f), 'utf8').replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/gm, '');
    expected += (t.match(new RegExp(`(?<![\\w-])${target}(?![\\w-])`, 'g')) || []).length;
  }
  const edits = Object.values(edit.changes).flat();
  assert.strictEqual(edits.length, expected, 'one edit per occurrence of the step ID');
  assert.ok(edits.every((e) => e.newText === 'D-X-1'));
  console.log(`rename: ${edits.length} edits in ${Object.keys(edit.changes).length} files`);

  // 5. Formatting a mangled copy gives flowc fmt's text.
  const mangled = paygText.replace(/^ +/gm, '').replace(/ {2,}/g, ' ');
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uriOf(payg), version: 4 }, contentChanges: [{ text: mangled }] });
  const fmtEdits = await conn.sendRequest(rpc.DocumentFormattingRequest.type, {
    textDocument: { uri: uriOf(payg) }, options: { tabSize: 2, insertSpaces: true } });
  const want = cp.execFileSync(flowc, ['fmt', '-'], { input: mangled, encoding: 'utf8' });
  assert.notStrictEqual(mangled, want);
  assert.strictEqual(applyEdits(mangled, fmtEdits), want);
  console.log('formatting: equals flowc fmt');

  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  const code = await exited;
  assert.strictEqual(code, 0);
  conn.dispose();
  console.log('e2e: passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
