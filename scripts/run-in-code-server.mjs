#!/usr/bin/env node
// Runs VS Code extension tests inside code-server (a real VS Code extension
// host, VS Code 1.96.4), driven by Playwright with Debian's Chromium.
//
// Same contract as @vscode/test-electron: --tests names a module exporting
// `run(): Promise<void>`; the workbench calls it in the extension host and
// reports the outcome through window.codeAutomationExit(code).
//
// CLI:
//   node run-in-code-server.mjs --ext DIR --tests FILE [--folder DIR]
//        [--code-server BIN] [--screenshot FILE] [--env KEY=VALUE]... [--timeout SEC] [--verbose]
//        [--trust untrusted]
//     --trust untrusted: workspace trust on and the folder not trusted (restricted mode, no prompt);
//     by default trust is disabled, so every folder is trusted.
//     exit 0 when run() resolved, 1 when it rejected, 2 on setup errors or timeout.
//   node run-in-code-server.mjs --ext DIR [--folder DIR] --serve
//     starts code-server with the extension under development and prints the URL.
//
// Lives in the project (e.g. scripts/): it imports playwright-core, a devDependency.
//
// Library, for Playwright UI tests:
//   import { startCodeServer, launchBrowser, openWorkbench } from './run-in-code-server.mjs';

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

import { homedir } from 'node:os';
// Same default as scripts/setup-code-server.sh: a cache outside the repo, shared by clones.
const CACHE =
  process.env.LEAN_DOCKERFILE_CACHE ||
  path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'lean-dockerfile');
const DEFAULT_BIN = path.join(
  CACHE,
  `code-server-${process.env.CODE_SERVER_VERSION || '4.96.4'}`,
  'node_modules/.bin/code-server',
);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', // root in CI containers
  '--disable-gpu',
  // Without these Chromium keeps calling Google services, which a closed network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

// Page console lines that are expected offline and say nothing about the tests.
const NOISE = [
  /open-vsx\.org|ERR_NAME_NOT_RESOLVED|Failed to load resource/, // gallery, vsda 404s
  /[Ss]ervice [Ww]orker/,
  /allow-scripts and allow-same-origin/,
  /same-origin iframe/,
  /connection token|Creating a socket|builtin extensions/,
];

// User settings that keep the workbench quiet and deterministic.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  // VS Code for the web saves after a delay by default: tests that edit fixture files would write them.
  'files.autoSave': 'off',
};

/**
 * Starts code-server on 127.0.0.1 (free port) with private, throw-away state.
 * `env` is added to the server's environment, which the extension host and the
 * language servers it spawns inherit (the web workbench ignores the
 * extensionEnvironment payload).
 */
export async function startCodeServer({
  bin,
  folder,
  env = {},
  log = () => {},
  readyTimeoutMs = 60000,
  trust = 'trusted',
} = {}) {
  bin = path.resolve(bin || process.env.CODE_SERVER_BIN || DEFAULT_BIN);
  if (!existsSync(bin))
    throw new Error(
      `code-server not found at ${bin}: run \`bash scripts/setup-code-server.sh\` first (or set CODE_SERVER_BIN)`,
    );
  const state = mkdtempSync(path.join(tmpdir(), 'cs-run-')); // short path: the IPC socket lives here
  const userDataDir = path.join(state, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  // Untrusted: VS Code keeps trust decisions in its state (this new user-data dir and a new browser
  // profile), so the folder starts untrusted; startupPrompt "never" opens it in restricted mode unasked.
  const settings =
    trust === 'untrusted'
      ? {
          ...USER_SETTINGS,
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
        }
      : USER_SETTINGS;
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = path.join(state, 'config.yaml'); // otherwise ~/.config/code-server/config.yaml is written
  writeFileSync(config, 'auth: none\n');
  const args = [
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0', // port 0: the OS picks, the log tells
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust === 'untrusted' ? [] : ['--disable-workspace-trust']),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    path.join(state, 'extensions'),
  ];
  if (folder) args.push(path.resolve(folder));
  // EXTENSIONS_GALLERY={}: no marketplace, hence no failing open-vsx.org queries.
  // VSCODE_CLI=1 with an explicit PATH: otherwise VS Code gives the extension host the PATH of a login
  // shell, and programs put first on PATH for a test (wrappers that log calls) would not be found.
  const childEnv = {
    ...process.env,
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{}',
    ...(env.PATH ? { VSCODE_CLI: '1' } : {}),
    ...env,
  };
  const started = Date.now();
  // detached: own process group, so stop() reaches the extension host and language servers too.
  const child = spawn(bin, args, { detached: true, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  // Last resort when this process exits without stop() (Ctrl+C, a crash, a test runner's process.exit):
  // the detached group would survive us, and so would its state directory.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* group already empty */
    }
    rmSync(state, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server not ready after ${readyTimeoutMs} ms:\n${output}`)),
      readyTimeoutMs,
    );
    const onData = (buf) => {
      const text = buf.toString();
      output += text;
      text
        .split('\n')
        .filter(Boolean)
        .forEach((l) => log(`[code-server] ${l}`));
      const m = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}):\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url, // http://127.0.0.1:PORT
    authority: new URL(url).host, // remote authority for vscode-remote:// URIs
    readyMs: Date.now() - started,
    async stop() {
      // SIGTERM to the server only (it ends its children itself; a group-wide
      // SIGTERM makes them log errors), then SIGKILL what is left of the group:
      // an orphaned extension host can outlive the server.
      try {
        child.kill('SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* group already empty */
      }
      await exited;
      rmSync(state, { recursive: true, force: true });
      process.off('exit', killOnExit);
    },
  };
}

/** Workbench URL. ext and tests are paths on the code-server machine. */
export function workbenchUrl(server, { folder, ext, tests }) {
  const remote = (p) => `vscode-remote://${server.authority}${path.resolve(p)}`;
  const payload = [];
  if (ext) payload.push(['extensionDevelopmentPath', remote(ext)]);
  if (tests) payload.push(['extensionTestsPath', remote(tests)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', path.resolve(folder));
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${server.url}/?${q}`;
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens the workbench in a new page. `exit` resolves with the code passed to
 * window.codeAutomationExit, which the workbench calls only when tests ran.
 */
export async function openWorkbench(browser, server, opts, log = () => {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let resolveExit;
  const exit = new Promise((r) => {
    resolveExit = r;
  });
  // Exposed before navigation: the workbench looks it up once the tests end.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  // Extension host console output (mocha's reporter too) reaches the page as
  // console.log('%c INFO', 'color: …', ...originalArgs): format it back, in order.
  let queue = Promise.resolve();
  page.on('console', (msg) => {
    queue = queue.then(async () => {
      let args;
      try {
        args = await Promise.all(msg.args().map((a) => a.jsonValue()));
      } catch {
        args = [msg.text()];
      }
      let level = msg.type();
      const forwarded = typeof args[0] === 'string' && args[0].startsWith('%c');
      if (forwarded) {
        level = args[0].slice(2).trim().toLowerCase();
        args = args.slice(2);
      }
      let line = format(...args);
      if (!forwarded && !line.trim()) line = msg.text(); // arguments that do not serialise
      if (opts.verbose || !NOISE.some((re) => re.test(line)))
        log(level === 'info' || level === 'log' ? line : `[${level}] ${line}`);
    });
  });
  page.on('pageerror', (err) => log(`[page error] ${err.message}`));
  await page.goto(workbenchUrl(server, opts));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  return { context, page, exit, flushConsole: () => queue };
}

function parseArgs(argv) {
  const o = { env: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--ext') o.ext = next();
    else if (a === '--tests') o.tests = next();
    else if (a === '--folder') o.folder = next();
    else if (a === '--code-server') o.bin = next();
    else if (a === '--screenshot') o.screenshot = next();
    else if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--serve') o.serve = true;
    else if (a === '--trust') {
      o.trust = next();
      if (o.trust !== 'trusted' && o.trust !== 'untrusted')
        throw new Error('--trust takes trusted or untrusted');
    } else if (a === '--env') {
      const [k, ...v] = next().split('=');
      o.env[k] = v.join('=');
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!o.ext || (!o.tests && !o.serve))
    throw new Error(
      'usage: --ext DIR (--tests FILE | --serve) [--folder DIR] [--screenshot FILE] [--env K=V] [--timeout SEC] [--trust untrusted]',
    );
  return o;
}

async function serve(o) {
  const server = await startCodeServer({
    bin: o.bin,
    folder: o.folder,
    env: o.env,
    trust: o.trust,
    log: console.log,
  });
  console.log(`\nOpen: ${workbenchUrl(server, o)}\n(Ctrl+C stops code-server)`);
  // Ctrl+C may arrive twice (the terminal's SIGINT plus one forwarded by scripts/start.mjs): stop once.
  let stopping;
  const stop = () => (stopping ??= server.stop().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop); // terminal closed: code-server is detached and would outlive us
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.serve) return serve(o);
  const t0 = Date.now();
  const log = (l) => console.log(l);
  const timeoutS = o.timeout || 300;
  let server;
  let browser;
  let code = 2;
  // Ctrl+C / kill: code-server runs in its own process group and would outlive us with its state dir.
  let interrupted;
  const onSignal = (signal) =>
    (interrupted ??= (async () => {
      console.error(`${signal}: stopping code-server`);
      if (browser) await browser.close().catch(() => undefined);
      if (server) await server.stop();
      process.exit(130);
    })());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  try {
    // Server lines worth seeing even when quiet, e.g. "Extension is not compatible with Code 1.96.4".
    const serverLog = (l) =>
      (o.verbose || (/not compatible|error|cannot/i.test(l) && !/vsda/.test(l))) && log(l);
    server = await startCodeServer({
      bin: o.bin,
      folder: o.folder,
      env: o.env,
      trust: o.trust,
      log: serverLog,
    });
    console.log(`code-server ready at ${server.url} in ${server.readyMs} ms`);
    browser = await launchBrowser();
    const { page, exit, flushConsole } = await openWorkbench(browser, server, o, log);
    console.log(`workbench loaded after ${Date.now() - t0} ms`);
    const result = await Promise.race([
      exit,
      new Promise((r) => setTimeout(() => r('timeout'), timeoutS * 1000)),
    ]);
    await flushConsole();
    if (result === 'timeout') console.error(`no codeAutomationExit within ${timeoutS} s`);
    else {
      code = result === 0 ? 0 : 1;
      console.log(`codeAutomationExit(${result}) after ${Date.now() - t0} ms`);
    }
    if (o.screenshot) await page.screenshot({ path: o.screenshot });
  } catch (err) {
    console.error(err.stack || String(err));
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
  }
  console.log(
    `extension tests ${code === 0 ? 'PASSED' : 'FAILED'} (exit ${code}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  process.exit(code);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(2);
  });
}
