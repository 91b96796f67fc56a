// The callflow extension: starts `flowc lsp` for .flow files
// (vscode-languageclient over stdio). Highlighting is the TextMate grammar
// in syntaxes/; everything else comes from the server.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('callflow');
  const command = config.get('server.path', 'flowc');
  const args = ['lsp', ...config.get('server.args', [])];
  const serverOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'callflow' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.flow') },
  };
  client = new LanguageClient('callflow', 'callflow (flowc lsp)', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
