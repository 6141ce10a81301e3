#!/usr/bin/env node
// `npm start`: build, then open the examples/ folder in VS Code with the extension under development.
//   - a `code` binary on PATH (desktop VS Code): code --extensionDevelopmentPath=<repo> <repo>/examples
//   - otherwise code-server (VS Code 1.96.4 in the browser, installed offline by
//     scripts/setup-code-server.sh, a no-op once installed): prints the URL to open.
// Ctrl+C stops code-server.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

/** Runs a command with inherited stdio; resolves with its exit code. Signals reach it and are forwarded. */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...options });
    // Ctrl+C in a terminal signals the whole foreground process group, child included; a signal sent
    // to this process alone (kill, a process manager) is passed on. Either way we wait for the child
    // to finish its own clean-up (code-server's stop) before exiting.
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    child.on('error', (error) => {
      for (const s of signals) process.off(s, forward);
      console.error(`cannot run ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

/** The first executable `name` on PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function main() {
  console.log('== build (node esbuild.mjs)');
  const built = await run(process.execPath, ['esbuild.mjs']);
  if (built !== 0) return built;

  // examples/ holds the sample Dockerfiles; an empty folder still opens.
  mkdirSync(examples, { recursive: true });

  const code = onPath('code');
  if (code) {
    console.log(`== VS Code (${code}) with the extension under development, folder examples/`);
    return run(code, [`--extensionDevelopmentPath=${root}`, examples]);
  }

  console.log(
    '== no `code` on PATH: using code-server (bash scripts/setup-code-server.sh, a no-op once installed)',
  );
  const setup = await run('bash', [path.join('scripts', 'setup-code-server.sh')]);
  if (setup !== 0) {
    console.error(
      'code-server setup failed; see above. It needs the npm registry and apt (root or sudo) the first time.',
    );
    return setup;
  }
  return run(process.execPath, [
    path.join('scripts', 'run-in-code-server.mjs'),
    '--ext',
    '.',
    '--folder',
    'examples',
    '--serve',
  ]);
}

process.exitCode = await main();
