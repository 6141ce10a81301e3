#!/usr/bin/env node
// Size-estimate accuracy against real builds: builds every case in bench/size-cases/ with buildah on
// a Debian bookworm base made here by debootstrap (no Docker Hub needed), reads each layer's real
// size from `podman history`, runs `lean-dockerfile size` on the same Dockerfile, and prints estimate
// vs measured per layer and per image with the error. Writes bench/size-results.json (a dated
// measurement, with the package versions that were built).
//
// usage: node scripts/bench-size.mjs [--case NAME]... [--no-cache] [--rebuild-base] [--out FILE]
//        node scripts/bench-size.mjs --base-only     make (or reuse) the base image and exit
//        node scripts/bench-size.mjs --clean         remove the bench images, the base and its marker
//
// Needs root, Debian's debootstrap, buildah and podman, and the Debian mirror of the host's apt
// sources. The base is made once (scripts/make-base.sh --docker-apt-config, so that apt behaves as in
// the official debian images the estimates assume) and tagged docker.io/library/debian:bookworm in
// local storage, so `FROM debian:bookworm` resolves with --pull=never. A marker file in the cache
// (~/.cache/lean-dockerfile/size-bench/) remembers which image that is; the in-VS-Code measure test
// reuses it through --base-only.
//
// Case folder: Dockerfile, its context files, optional .dockerignore, and case.json:
//   { "description": "…", "generate": [{ "path": "src/f-{n}.js", "count": 400, "bytes": 3000 }] }
// `generate` makes context files of the given sizes (deterministic content) in a scratch copy, so the
// repository holds no large files. case.json itself is not part of the context.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const values = (name) => argv.flatMap((a, i) => (argv[i - 1] === name ? [a] : []));

const BASE_TAG = 'docker.io/library/debian:bookworm';
const IMAGE_PREFIX = 'localhost/lean-size-bench';
const CASES_DIR = path.join(root, 'bench/size-cases');
const CACHE = path.join(
  process.env.LEAN_DOCKERFILE_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'lean-dockerfile'),
  'size-bench',
);
const MARKER = path.join(CACHE, 'base.json');
const LOCK = path.join(CACHE, 'base.lock');
/** Layers smaller than this on both sides are left out of the layer error statistics: a percentage of a few kB says nothing. */
const LAYER_MIN_BYTES = 1e6;
const TOLERANCE = 20;
const INSTALL_HINT = 'apt-get install -y --no-install-recommends debootstrap buildah podman';

function fail(message) {
  console.error(`bench:size: ${message}`);
  process.exit(1);
}

// ---- preconditions ----------------------------------------------------------------------------------
function onPath(program) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        return statSync(path.join(dir, program)).isFile();
      } catch {
        return false;
      }
    });
}

function checkTools() {
  const missing = ['debootstrap', 'buildah', 'podman'].filter(
    (p) => !onPath(p) && !existsSync(`/usr/sbin/${p}`),
  );
  if (missing.length > 0) fail(`${missing.join(', ')} not found. Install them (Debian): ${INSTALL_HINT}`);
  if (process.getuid?.() !== 0)
    fail('needs root (debootstrap, and buildah with chroot isolation): run it as root or with sudo');
}

/** The Debian mirror make-base.sh uses: the first `URIs:` of the host's apt sources. */
function debianMirror() {
  const dir = '/etc/apt/sources.list.d';
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sources')) : [];
  for (const f of files) {
    const m = /^URIs:\s*(\S+)/m.exec(readFileSync(path.join(dir, f), 'utf8'));
    if (m) return m[1].replace(/\/$/, '');
  }
  const list = existsSync('/etc/apt/sources.list') ? readFileSync('/etc/apt/sources.list', 'utf8') : '';
  const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(list);
  return m ? m[1].replace(/\/$/, '') : undefined;
}

function checkMirror(mirror) {
  if (!mirror) fail('no Debian mirror in /etc/apt/sources.list(.d): debootstrap and the builds need one');
  const url = `${mirror}/dists/bookworm/InRelease`;
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    // agent: false, so no kept-alive socket outlives the check (its idle timeout would fire later).
    const request = get(url, { timeout: 15_000, agent: false }, (response) => {
      response.resume();
      if (response.statusCode !== 200)
        fail(
          `the Debian mirror answered ${response.statusCode} for ${url}; the builds need it to reach bookworm`,
        );
      request.setTimeout(0);
      resolve();
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 15 s')));
    request.on('error', (error) =>
      fail(
        `the Debian mirror ${mirror} is unreachable (${error.message}). bench:size builds a Debian base with debootstrap and runs apt-get in its builds: it needs that mirror.`,
      ),
    );
  });
}

// ---- small process helpers (argv arrays only) ----------------------------------------------------------
function capture(program, args, options = {}) {
  const r = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw new Error(`cannot run ${program}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a program, keeping its output in a log file; resolves with the exit code. */
function runLogged(program, args, logFile) {
  return new Promise((resolve) => {
    const fd = openSync(logFile, 'a');
    writeSync(fd, `$ ${[program, ...args].join(' ')}\n`);
    const child = spawn(program, args, { stdio: ['ignore', fd, fd] });
    child.on('error', (error) => {
      writeSync(fd, `cannot run ${program}: ${error.message}\n`);
      closeSync(fd);
      resolve(127);
    });
    child.on('close', (code) => {
      closeSync(fd);
      resolve(code ?? 1);
    });
  });
}

const tailOf = (file, lines = 15) =>
  readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');

function imageId(reference) {
  const r = capture('podman', ['image', 'inspect', '--format', '{{.Id}}', reference]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** name → version of the packages dpkg lists as installed in an image (read from its mounted files). */
function installedPackages(reference) {
  const mount = capture('podman', ['image', 'mount', reference]);
  if (mount.code !== 0) return {};
  try {
    const status = readFileSync(path.join(mount.stdout.trim(), 'var/lib/dpkg/status'), 'utf8');
    const packages = {};
    for (const stanza of status.split(/\n\n+/)) {
      const name = /^Package: (.+)$/m.exec(stanza)?.[1];
      const version = /^Version: (.+)$/m.exec(stanza)?.[1];
      if (name && version && /^Status: .* installed$/m.test(stanza)) packages[name] = version;
    }
    return packages;
  } catch {
    return {};
  } finally {
    capture('podman', ['image', 'unmount', reference]);
  }
}

// ---- the base image -----------------------------------------------------------------------------------
async function withLock(work) {
  mkdirSync(CACHE, { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch {
      // A lock older than 15 minutes belongs to a run that died.
      const age = existsSync(LOCK) ? Date.now() - statSync(LOCK).mtimeMs : 0;
      if (age > 15 * 60_000) rmSync(LOCK, { force: true });
      else if (Date.now() - started > 20 * 60_000) fail(`waited 20 minutes for ${LOCK}`);
      else await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The base as recorded in the marker, if the image tagged debian:bookworm is still that one. */
function cachedBase() {
  const marker = readMarker();
  return marker && marker.imageId && imageId(BASE_TAG) === marker.imageId ? marker : undefined;
}

async function ensureBase({ rebuild = false } = {}) {
  if (!rebuild) {
    const cached = cachedBase();
    if (cached) return cached;
  }
  const mirror = debianMirror();
  await checkMirror(mirror);
  return withLock(async () => {
    if (!rebuild) {
      const cached = cachedBase(); // made by a parallel run while we waited
      if (cached) return cached;
    }
    console.log(`== base: debootstrap --variant=minbase bookworm from ${mirror} (about a minute)`);
    const log = path.join(CACHE, 'make-base.log');
    writeFileSync(log, '');
    const r = capture('sh', [path.join(root, 'scripts/make-base.sh'), '--docker-apt-config', mirror]);
    writeFileSync(log, `${r.stdout}\n${r.stderr}`);
    // podman import prints the new image's ID last; tagging by ID is immune to a parallel make-base.sh.
    const id = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().replace(/^sha256:/, ''))
      .reverse()
      .find((l) => /^[0-9a-f]{64}$/.test(l));
    if (r.code !== 0 || !id)
      fail(`make-base.sh failed (exit ${r.code}); its output is in ${log}:\n${tailOf(log)}`);
    const tagged = capture('podman', ['tag', id, BASE_TAG]);
    if (tagged.code !== 0) fail(`podman tag ${id} ${BASE_TAG} failed: ${tagged.stderr.trim()}`);
    const marker = {
      imageId: imageId(BASE_TAG),
      tag: BASE_TAG,
      made: new Date().toISOString(),
      mirror,
      script: 'scripts/make-base.sh --docker-apt-config',
      bytes: historyOf(BASE_TAG).reduce((sum, e) => sum + e.bytes, 0),
      packages: installedPackages(BASE_TAG),
    };
    writeFileSync(MARKER, `${JSON.stringify(marker, null, 2)}\n`);
    console.log(
      `   ${BASE_TAG} = ${marker.imageId.slice(0, 12)}, ${mb(marker.bytes)}, ${Object.keys(marker.packages).length} packages`,
    );
    return marker;
  });
}

// ---- engine bundle: our parser and the history reader the extension uses -----------------------------------
let engineModule;
async function engine() {
  if (engineModule) return engineModule;
  const esbuild = await import('esbuild');
  const work = mkdtempSync(path.join(tmpdir(), 'lean-size-bench-'));
  try {
    const bundle = path.join(work, 'engine.cjs');
    await esbuild.build({
      stdin: {
        contents:
          "export { parseDockerfile } from './server/src/engine/model/parse';\n" +
          "export { alignHistory, parsePodmanHistory, errorPercent, pointOf, summarizeErrors, formatPercent } from './common/measure';\n",
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'warning',
    });
    engineModule = createRequire(import.meta.url)(bundle);
    return engineModule;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let historyParser;
function historyOf(reference) {
  const r = capture('podman', ['history', '--format', 'json', reference]);
  if (r.code !== 0) throw new Error(`podman history ${reference}: ${r.stderr.trim()}`);
  if (historyParser) return historyParser(r.stdout);
  // Before the engine bundle exists (base creation): the fields are simple enough to read directly.
  return JSON.parse(r.stdout).map((e) => ({ createdBy: e.CreatedBy ?? '', bytes: Number(e.size) || 0 }));
}

// ---- formatting ------------------------------------------------------------------------------------
function mb(bytes) {
  if (bytes === undefined || bytes === null) return '–';
  if (bytes < 1e5) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}
const rangeText = (r) => (r.low === r.high ? mb(r.low) : `${mb(r.low)}–${mb(r.high)}`.replace(/ MB–/, '–'));
const pad = (text, width) =>
  text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
const padLeft = (text, width) => (text.length >= width ? text : ' '.repeat(width - text.length) + text);

// ---- one case --------------------------------------------------------------------------------------
/** Deterministic, not compressible bytes (so the files look like real assets, not runs of zeros). */
function pseudoRandomBytes(size, seed) {
  const buffer = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    // xorshift32: cheap and repeatable from run to run.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buffer[i] = x & 0xff;
  }
  return buffer;
}

function prepareContext(caseDir, spec, scratch) {
  const context = path.join(scratch, 'context');
  cpSync(caseDir, context, { recursive: true, filter: (src) => path.basename(src) !== 'case.json' });
  let seed = 1;
  for (const g of spec.generate ?? []) {
    for (let n = 1; n <= (g.count ?? 1); n++) {
      const file = path.join(context, g.path.replace('{n}', String(n)));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, pseudoRandomBytes(g.bytes, seed++));
    }
  }
  return context;
}

function estimateOf(dockerfile, context) {
  const r = capture(process.execPath, [
    path.join(root, 'dist/cli.js'),
    'size',
    dockerfile,
    '--format',
    'json',
    '--context',
    context,
  ]);
  if (r.code !== 0) throw new Error(`lean-dockerfile size failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

/** The instruction as one line: continuations joined, runs of blanks collapsed. */
function instructionText(model, line) {
  const instruction = model.instructions.find((i) => i.range.start.line === line);
  const last = instruction ? instruction.range.end.line : line;
  const parts = [];
  for (let l = line; l <= last; l++) parts.push(model.positions.lineText(l).replace(/\\\s*$/, ''));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

async function runCase(name, options, base) {
  const { parseDockerfile, alignHistory, errorPercent, pointOf } = await engine();
  const caseDir = path.join(CASES_DIR, name);
  const spec = JSON.parse(readFileSync(path.join(caseDir, 'case.json'), 'utf8'));
  const scratch = mkdtempSync(path.join(tmpdir(), `lean-size-${name}-`));
  const log = path.join(CACHE, 'logs', `${name}.log`);
  mkdirSync(path.dirname(log), { recursive: true });
  writeFileSync(log, '');
  try {
    const context = prepareContext(caseDir, spec, scratch);
    const dockerfile = path.join(context, 'Dockerfile');
    const text = readFileSync(dockerfile, 'utf8');
    const lines = text.split('\n');
    const model = parseDockerfile(text);
    const estimate = estimateOf(dockerfile, context);
    const last = model.stages.length - 1;
    // Every named stage is built as its own target too: builder stages are real layers to compare.
    const measuredStages = model.stages.filter((s) => s.index === last || s.name);
    const stages = [];
    const started = Date.now();
    for (const stage of measuredStages) {
      const tag = `${IMAGE_PREFIX}/${name}:${stage.index === last ? 'image' : stage.name}`;
      const args = ['bud', '--isolation', 'chroot', '--layers', '--pull=never'];
      if (options.noCache) args.push('--no-cache');
      args.push('-t', tag, '-f', dockerfile);
      if (stage.index !== last) args.push('--target', stage.rawName);
      args.push(context);
      const code = await runLogged('buildah', args, log);
      if (code !== 0) throw new Error(`buildah bud failed (exit ${code}); log ${log}:\n${tailOf(log)}`);
      const entries = historyOf(tag);
      const instructions = stage.instructions
        .filter((i) => i !== stage.from)
        .map((i) => ({ line: i.range.start.line, keyword: i.keyword }));
      const aligned = alignHistory(entries, instructions);
      const estimated = estimate.stages.find((s) => s.index === stage.index);
      const byLine = new Map(estimated.instructions.map((i) => [i.line - 1, i]));
      const layers = aligned.instructions
        .filter((i) => ['RUN', 'COPY', 'ADD'].includes(i.keyword) || (i.bytes ?? 0) > 0)
        .map((i) => {
          const e = byLine.get(i.line)?.bytes ?? { low: 0, high: 0 };
          return {
            line: i.line + 1,
            instruction: instructionText(model, i.line),
            estimate: e,
            point: pointOf(e),
            measured: i.bytes ?? null,
            errorPercent: i.bytes === undefined ? null : (errorPercent(e, i.bytes) ?? null),
            inRange: i.bytes !== undefined && i.bytes >= e.low && i.bytes <= e.high,
          };
        });
      const addedMeasured = aligned.baseBytes === undefined ? null : aligned.totalBytes - aligned.baseBytes;
      const packages = installedPackages(tag);
      stages.push({
        index: stage.index,
        name: stage.rawName ?? null,
        image: stage.index === last,
        historyMatched: aligned.complete,
        base: {
          from: estimated.base,
          estimate: estimated.baseBytes,
          measured: aligned.baseBytes ?? null,
          errorPercent:
            aligned.baseBytes === undefined
              ? null
              : (errorPercent(estimated.baseBytes, aligned.baseBytes) ?? null),
        },
        total: {
          estimate: estimated.bytes,
          point: pointOf(estimated.bytes),
          measured: aligned.totalBytes,
          errorPercent: errorPercent(estimated.bytes, aligned.totalBytes) ?? null,
          inRange: aligned.totalBytes >= estimated.bytes.low && aligned.totalBytes <= estimated.bytes.high,
        },
        added: {
          estimate: estimated.added,
          point: pointOf(estimated.added),
          measured: addedMeasured,
          errorPercent:
            addedMeasured === null ? null : (errorPercent(estimated.added, addedMeasured) ?? null),
        },
        layers,
        // What the stage installed on top of the base, with the versions that were measured.
        packagesAdded: Object.fromEntries(
          Object.entries(packages).filter(([p, v]) => base.packages?.[p] !== v),
        ),
      });
    }
    return { name, description: spec.description, buildSeconds: (Date.now() - started) / 1000, stages };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---- report ----------------------------------------------------------------------------------------
function printCase(result) {
  const { formatPercent } = engineModule;
  const err = (e) => (e === null || e === undefined ? '–' : formatPercent(e));
  const ok = (e, sizable) =>
    e === null || e === undefined || !sizable ? '' : Math.abs(e) <= TOLERANCE ? 'yes' : 'NO';
  console.log(`\n${result.name}: ${result.description} (${result.buildSeconds.toFixed(0)} s)`);
  console.log(
    `  ${pad('line', 5)}${pad('instruction', 52)}${padLeft('estimate (range)', 18)}${padLeft('point', 10)}${padLeft('measured', 10)}${padLeft('error', 8)}${padLeft('±20%', 6)}`,
  );
  for (const stage of result.stages) {
    const label = stage.name ? `stage ${stage.name}` : `stage ${stage.index}`;
    if (result.stages.length > 1) console.log(`  -- ${label}${stage.image ? ' (image)' : ''}`);
    const row = (line, what, estimate, point, measured, error) =>
      console.log(
        `  ${pad(String(line), 5)}${pad(what, 52)}${padLeft(rangeText(estimate), 18)}${padLeft(mb(point), 10)}${padLeft(mb(measured), 10)}${padLeft(err(error), 8)}${padLeft(ok(error, Math.max(measured ?? 0, point) >= LAYER_MIN_BYTES), 6)}`,
      );
    row(
      '',
      `FROM ${stage.base.from} (base)`,
      stage.base.estimate,
      (stage.base.estimate.low + stage.base.estimate.high) / 2,
      stage.base.measured,
      stage.base.errorPercent,
    );
    for (const l of stage.layers) row(l.line, l.instruction, l.estimate, l.point, l.measured, l.errorPercent);
    row(
      '',
      'layers above the base',
      stage.added.estimate,
      stage.added.point,
      stage.added.measured,
      stage.added.errorPercent,
    );
    row(
      '',
      stage.image ? 'IMAGE' : 'stage total',
      stage.total.estimate,
      stage.total.point,
      stage.total.measured,
      stage.total.errorPercent,
    );
    if (!stage.historyMatched) console.log('  (the history did not match every instruction)');
  }
}

function summarize(results) {
  const { summarizeErrors } = engineModule;
  const images = results.flatMap((r) => r.stages.filter((s) => s.image));
  const imageErrors = images.map((s) => s.total.errorPercent).filter((e) => e !== null);
  const addedErrors = images.map((s) => s.added.errorPercent).filter((e) => e !== null);
  const layers = results.flatMap((r) => r.stages.flatMap((s) => s.layers));
  const sizable = layers.filter(
    (l) => l.measured !== null && l.errorPercent !== null && Math.max(l.measured, l.point) >= LAYER_MIN_BYTES,
  );
  return {
    images: summarizeErrors(imageErrors, TOLERANCE),
    imagesInRange: images.filter((s) => s.total.inRange).length,
    layersAboveBase: summarizeErrors(addedErrors, TOLERANCE),
    layers: summarizeErrors(
      sizable.map((l) => l.errorPercent),
      TOLERANCE,
    ),
    layersInRange: sizable.filter((l) => l.inRange).length,
    layerRule: `layers where the measured size or the estimate's middle is at least ${mb(LAYER_MIN_BYTES)}`,
  };
}

function printSummary(summary) {
  const pct = (v) => (v === undefined ? '–' : `${v.toFixed(1)} %`);
  const line = (what, s, inRange) =>
    console.log(
      `  ${pad(what, 26)} median |error| ${padLeft(pct(s.medianAbsolute), 7)}   within ±${s.tolerance} %: ${s.within}/${s.count}${inRange === undefined ? '' : `   measured inside the range: ${inRange}/${s.count}`}`,
    );
  console.log('\nsummary (error = (middle of the estimate − measured) / measured)');
  line('image totals', summary.images, summary.imagesInRange);
  line('layers above the base', summary.layersAboveBase);
  line('layers ≥ 1 MB', summary.layers, summary.layersInRange);
  console.log('  targets (issue 6): median |error| ≤ 10 %, every image within ±20 %');
}

// ---- main ------------------------------------------------------------------------------------------
async function clean() {
  const images = capture('podman', [
    'images',
    '--format',
    '{{.Repository}}:{{.Tag}}',
    '--filter',
    `reference=${IMAGE_PREFIX}/*`,
  ]);
  const tags = images.stdout.split('\n').filter(Boolean);
  if (tags.length > 0) capture('podman', ['rmi', ...tags]);
  const marker = readMarker();
  if (marker?.imageId && imageId(BASE_TAG) === marker.imageId) capture('podman', ['rmi', BASE_TAG]);
  rmSync(MARKER, { force: true });
  console.log(`removed ${tags.length} bench image(s)${marker ? ' and the base' : ''}`);
}

async function main() {
  checkTools();
  if (flag('--clean')) return clean();
  const base = await ensureBase({ rebuild: flag('--rebuild-base') });
  if (flag('--base-only')) {
    console.log(`base ready: ${BASE_TAG} = ${base.imageId.slice(0, 12)} (made ${base.made})`);
    return;
  }
  await checkMirror(debianMirror());
  if (!existsSync(path.join(root, 'dist/cli.js'))) {
    console.log('== dist/cli.js missing: building the bundles');
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const { parsePodmanHistory } = await engine();
  historyParser = parsePodmanHistory;

  const wanted = values('--case');
  const all = readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(CASES_DIR, e.name, 'Dockerfile')))
    .map((e) => e.name)
    .sort();
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) fail(`no such case: ${unknown.join(', ')} (cases: ${all.join(', ')})`);
  const names = wanted.length > 0 ? all.filter((n) => wanted.includes(n)) : all;

  console.log(
    `== ${names.length} case(s) with buildah bud --isolation chroot --layers on ${BASE_TAG} (${base.imageId.slice(0, 12)}, ${mb(base.bytes)}); logs in ${path.join(CACHE, 'logs')}`,
  );
  const results = [];
  const failures = [];
  for (const name of names) {
    try {
      const result = await runCase(name, { noCache: flag('--no-cache') }, base);
      results.push(result);
      printCase(result);
    } catch (error) {
      failures.push({ name, error: error.message });
      console.error(`\n${name}: FAILED: ${error.message}`);
    }
  }
  const summary = summarize(results);
  printSummary(summary);

  const version = (program, args) => capture(program, args).stdout.trim().split('\n')[0];
  const report = {
    description:
      "Size estimates (lean-dockerfile size --format json) against real builds: buildah bud --isolation chroot --layers on a debootstrap bookworm minbase with the official images' apt settings, layer sizes from podman history (uncompressed tar bytes). error = (middle of the estimate − measured) / measured, in percent. Written by scripts/bench-size.mjs.",
    date: new Date().toISOString(),
    tools: {
      node: process.version,
      buildah: version('buildah', ['--version']),
      podman: version('podman', ['--version']),
      debootstrap: version('dpkg-query', ['-W', '-f', '${Version}', 'debootstrap']),
    },
    base: {
      tag: BASE_TAG,
      imageId: base.imageId,
      made: base.made,
      mirror: base.mirror,
      bytes: base.bytes,
      packages: base.packages,
    },
    summary,
    cases: results,
    failures,
  };
  if (!flag('--no-write')) {
    const out = path.resolve(values('--out')[0] ?? path.join(root, 'bench/size-results.json'));
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nresults: ${path.relative(process.cwd(), out) || out}`);
  }
  if (failures.length > 0) {
    console.error(`${failures.length} case(s) failed: ${failures.map((f) => f.name).join(', ')}`);
    process.exit(1);
  }
}

main().catch((error) => fail(error.stack ?? String(error)));
