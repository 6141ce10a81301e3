// Entry point of dist/server.js. The transport comes from the command line: `--stdio` for any LSP
// editor, `--node-ipc` when VS Code starts it.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
