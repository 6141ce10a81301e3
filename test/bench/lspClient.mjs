// A small LSP client over stdio for the benchmark: spawns a server, answers workspace/configuration,
// and records every publishDiagnostics with its arrival time. Works with both our server and the peer
// (docker-langserver speaks an older protocol package; the wire format is the same).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require('vscode-languageserver/node');

/**
 * @param {string[]} command  argv: [program, ...args]
 * @param {{ configuration?: (section: string | undefined) => unknown }} options
 */
export async function startServer(command, options = {}) {
  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b.toString()));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  /** @type {Array<{uri: string, predicate: (p: any) => boolean, resolve: (v: any) => void}>} */
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const at = performance.now();
    for (const w of [...waiters]) {
      if (w.uri === params.uri && w.predicate(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ params, at });
      }
    }
  });
  connection.onNotification(() => undefined);
  connection.onRequest('workspace/configuration', (params) =>
    params.items.map((item) => (options.configuration ? options.configuration(item.section) : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  const initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        semanticTokens: {
          requests: { full: true },
          tokenTypes: [
            'keyword',
            'comment',
            'string',
            'variable',
            'parameter',
            'property',
            'operator',
            'namespace',
            'class',
            'macro',
          ],
          tokenModifiers: ['declaration', 'definition', 'deprecated'],
          formats: ['relative'],
        },
      },
    },
  });
  const initializeMs = performance.now() - t0;
  await connection.sendNotification('initialized', {});

  return {
    connection,
    child,
    initializeResult,
    initializeMs,
    stderr: () => stderr,
    /** Resolves with {params, at} for the next publication for `uri` matching `predicate`. */
    nextDiagnostics(uri, predicate = () => true, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          uri,
          predicate,
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
        });
      });
    },
    /** Resident set size of the server process in MB, from /proc/<pid>/status (VmRSS). */
    rssMB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async close() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        await connection.sendNotification('exit');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      } catch {
        // the process may already be gone
      } finally {
        connection.dispose();
        child.kill();
      }
    },
  };
}
