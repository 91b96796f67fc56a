// Packages the extension into callflow-VERSION.vsix with @vscode/vsce
// (npm ci first). The .vsix holds the client, the grammar and the
// language configuration; the server is the flowc on PATH (or the
// callflow.server.path setting).
'use strict';
const cp = require('child_process');
const path = require('path');

const here = path.resolve(__dirname, '..');
const version = require(path.join(here, 'package.json')).version;
const vsce = path.join(here, 'node_modules', '.bin', 'vsce');
const out = path.join(here, `callflow-${version}.vsix`);
cp.execFileSync(vsce, ['package', '--skip-license', '--allow-missing-repository', '--out', out],
                { cwd: here, stdio: 'inherit' });
console.log(`packaged ${out}`);
