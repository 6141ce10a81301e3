#!/usr/bin/env node
// Builds data/debian-packages.json: Debian package metadata for apt-get install size estimates.
//
// Usage: node scripts/build-debian-packages.mjs [--update] [--corpus DIR]
//   --update   run `apt-get update` first (needs root; apt-cache only reads the local lists)
//   --corpus   Dockerfile corpus to take package names from (default ../shared/corpus/files)
//
// What it reads: `apt-cache dumpavail` (the candidate version of every package in the configured
// lists: the same stanzas `apt-cache show` prints), on a Debian machine of the release and
// architecture wanted. Which packages it keeps:
//   - every package named in an `apt-get install` of the corpus (found with our own engine: each
//     file parsed, `installs(instruction.shell, 'apt')`; names with variables or globs skipped),
//   - the same for the real-build benchmark's cases (bench/size-cases/*/Dockerfile), so that every
//     install `npm run bench:size` measures is sized from data,
//   - the packages of the release's minbase (Priority: required, Essential: yes, apt) and of the
//     docker-library buildpack-deps variants (curl, scm, full; lists read from the corpus files),
//     which are what docker-library images already have installed,
// plus the whole Depends / Pre-Depends / Recommends closure of those. Virtual names resolve to
// their providers. It also measures the apt lists as `apt-get update` leaves them here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const corpusArg = argv.indexOf('--corpus');
const corpus =
  corpusArg >= 0 ? path.resolve(argv[corpusArg + 1]) : path.resolve(root, '../shared/corpus/files');

if (argv.includes('--update')) execFileSync('apt-get', ['update'], { stdio: 'inherit' });

// ---- the machine's release and lists ------------------------------------------------------------
const osRelease = readFileSync('/etc/os-release', 'utf8');
const release = /^VERSION_CODENAME=(.*)$/m.exec(osRelease)?.[1] ?? 'unknown';
const architecture = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const listsDir = '/var/lib/apt/lists';
const listFiles = existsSync(listsDir) ? readdirSync(listsDir).filter((f) => f.includes('_dists_')) : [];
if (!listFiles.some((f) => f.includes('Packages'))) {
  console.error('No apt lists: run `apt-get update` first (or pass --update).');
  process.exit(1);
}
const listDates = listFiles
  .filter((f) => f.endsWith('InRelease') || f.endsWith('_Release'))
  .map((f) => /^Date: (.*)$/m.exec(readFileSync(path.join(listsDir, f), 'utf8'))?.[1])
  .filter(Boolean)
  .map((d) => new Date(d).toISOString().slice(0, 10))
  .sort();
const versionsAsOf = listDates.at(-1) ?? new Date().toISOString().slice(0, 10);
const generated = new Date().toISOString().slice(0, 10);

// What `apt-get update` leaves in /var/lib/apt/lists: the files as stored (official Debian images set
// Acquire::GzipIndexes, so they stay lz4/gz-compressed) and their unpacked size.
let listsStored = 0;
let listsUnpacked = 0;
for (const f of listFiles) {
  const file = path.join(listsDir, f);
  const size = statSync(file).size;
  listsStored += size;
  if (/Packages\.lz4$/.test(f))
    listsUnpacked += Number(execFileSync('sh', ['-c', `lz4 -dc '${file}' | wc -c`]));
  else if (/Packages\.gz$/.test(f))
    listsUnpacked += Number(execFileSync('sh', ['-c', `gzip -dc '${file}' | wc -c`]));
  else if (/Packages\.xz$/.test(f))
    listsUnpacked += Number(execFileSync('sh', ['-c', `xz -dc '${file}' | wc -c`]));
  else listsUnpacked += size;
}
const gzipIndexes = listFiles.some((f) => /Packages\.(lz4|gz|xz)$/.test(f));

// ---- apt-cache ------------------------------------------------------------------------------------
// Dir::State::status=/dev/null: without it dumpavail prints the version installed on this machine
// first, which may come from elsewhere (a nodesource nodejs made Debian's nodejs look 190 MB large).
const avail = execFileSync('apt-cache', ['-o', 'Dir::State::status=/dev/null', 'dumpavail'], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
/** @type {Map<string, {size:number, priority:string, essential:boolean, depends:string, preDepends:string, recommends:string, provides:string}>} */
const all = new Map();
for (const stanza of avail.split(/\n\n+/)) {
  const field = (name) => {
    const m = new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'm').exec(stanza);
    return m ? m[1].replace(/\n[ \t]+/g, ' ') : '';
  };
  const name = field('Package');
  if (!name || all.has(name)) continue;
  all.set(name, {
    size: Number(field('Installed-Size')) || 0,
    priority: field('Priority') || 'optional',
    essential: field('Essential') === 'yes',
    depends: field('Depends'),
    preDepends: field('Pre-Depends'),
    recommends: field('Recommends'),
    provides: field('Provides'),
  });
}
/** virtual name → real packages providing it */
const providers = new Map();
for (const [name, p] of all) {
  for (const item of p.provides.split(',')) {
    const v = item.trim().split(/[\s(]/)[0];
    if (!v) continue;
    const list = providers.get(v) ?? [];
    list.push(name);
    providers.set(v, list);
  }
}
const stripName = (s) =>
  s
    .trim()
    .split(/[\s(]/)[0]
    .replace(/:(any|native|amd64|all|[a-z0-9]+)$/, '');
/** Real packages that can satisfy one name (itself, else its providers). */
const resolveName = (n) => (all.has(n) ? [n] : (providers.get(n) ?? []).filter((p) => all.has(p)));
// debootstrap merges /usr itself and installs the empty usr-is-merged, not usrmerge (which pulls
// in perl): prefer it wherever a dependency offers both.
const PREFERRED = new Map([['usrmerge', 'usr-is-merged']]);
/** Alternatives with the one apt (or debootstrap) ends up choosing first. */
function preferFirst(alts) {
  const preferred = PREFERRED.get(alts[0]);
  return preferred && alts.includes(preferred) ? [preferred, ...alts.filter((a) => a !== preferred)] : alts;
}
/** A dependency field → groups of alternatives (real package names, in apt's order of preference). */
const groups = (text) =>
  text
    .split(',')
    .map((g) => g.split('|').map(stripName).filter(Boolean).flatMap(resolveName))
    .map((alts) => [...new Set(alts)])
    .filter((alts) => alts.length > 0)
    .map(preferFirst);

// ---- package names from the corpus, with our own engine ------------------------------------------
const work = mkdtempSync(path.join(tmpdir(), 'lean-debpkg-'));
let engine;
try {
  const bundle = path.join(work, 'engine.cjs');
  await esbuild.build({
    stdin: {
      contents:
        "export { parseDockerfile } from './server/src/engine/model/parse';\n" +
        "export { installs } from './server/src/engine/shell/packages';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
  engine = createRequire(import.meta.url)(bundle);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
// Shell keywords that templates (`{{ if … }}`) leave where package names stand.
const NOT_NAMES = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'do', 'done', 'in', 'case', 'esac']);
/** `gcc=4:12.2.0-3` → `gcc`, `zlib1g-dev:arm64` → `zlib1g-dev`, `git/bookworm-backports` → `git`; undefined for variables and globs. */
function aptPackageName(word) {
  if (/[$*?[\]{}%`()<>"'\\]/.test(word) || word.endsWith('.deb') || word.includes('/.')) return undefined;
  const name = word
    .split('=')[0]
    .split('/')[0]
    .replace(/:[a-z0-9-]+$/, '');
  return PACKAGE_NAME.test(name) && !NOT_NAMES.has(name) ? name : undefined;
}

function aptInstallLists(file) {
  const model = engine.parseDockerfile(readFileSync(file, 'utf8'));
  const lists = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of engine.installs(instruction.shell, 'apt')) {
      lists.push(command.packages.map((w) => aptPackageName(w.value)).filter(Boolean));
    }
  }
  return lists;
}

const corpusFiles = existsSync(corpus)
  ? readdirSync(corpus, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
  : [];
const named = new Set();
for (const file of corpusFiles) for (const list of aptInstallLists(file)) for (const n of list) named.add(n);
const corpusNames = [...named].sort();
const benchDir = path.join(root, 'bench/size-cases');
const benchNames = new Set();
if (existsSync(benchDir))
  for (const entry of readdirSync(benchDir, { withFileTypes: true })) {
    const file = path.join(benchDir, entry.name, 'Dockerfile');
    if (entry.isDirectory() && existsSync(file))
      for (const list of aptInstallLists(file)) for (const n of list) benchNames.add(n);
  }
const covered = corpusNames.filter((n) => resolveName(n).length > 0);
const missing = corpusNames.filter((n) => resolveName(n).length === 0);

// ---- base-image profiles: what docker-library images already have ---------------------------------
function closure(roots, withRecommends) {
  const out = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const n = queue.pop();
    if (out.has(n) || !all.has(n)) continue;
    out.add(n);
    const p = all.get(n);
    const fields = [p.preDepends, p.depends, withRecommends ? p.recommends : ''];
    for (const g of fields.flatMap(groups)) if (!g.some((a) => out.has(a))) queue.push(g[0]);
  }
  return out;
}
const required = [...all].filter(([, p]) => p.priority === 'required' || p.essential).map(([n]) => n);
const important = [...all].filter(([, p]) => p.priority === 'important').map(([n]) => n);
const minbase = closure([...required, 'apt'], false);

const bpd = path.join(corpus, 'docker-library__buildpack-deps');
const variantList = (variant) => {
  const candidates = [
    `debian__${release}__${variant ? `${variant}__` : ''}Dockerfile`,
    // bookworm-scm is not in the corpus; the scm list is the same in every Debian release file there.
    ...(variant
      ? readdirSync(bpd).filter((f) => f.startsWith('debian__') && f.endsWith(`__${variant}__Dockerfile`))
      : []),
  ];
  const file = candidates.map((f) => path.join(bpd, f)).find((f) => existsSync(f));
  return file ? aptInstallLists(file).flat() : [];
};
const curlList = existsSync(bpd) ? variantList('curl') : [];
const scmList = existsSync(bpd) ? variantList('scm') : [];
const fullList = existsSync(bpd) ? variantList('') : [];
// buildpack-deps installs with --no-install-recommends.
const curlSet = closure([...minbase, ...curlList], false);
const scmSet = closure([...curlSet, ...scmList], false);
const fullSet = closure([...scmSet, ...fullList], false);

// ---- the table: everything reachable from the names we keep ----------------------------------------
const keep = closure(
  [...corpusNames, ...benchNames].flatMap(resolveName).concat([...fullSet, ...required, ...important]),
  true,
);
const names = [...keep].sort();
const index = new Map(names.map((n, i) => [n, i]));
const PRIORITY = { required: 'r', important: 'i', standard: 's', optional: 'o', extra: 'x' };
const encodeGroups = (text) =>
  groups(text)
    .map((alts) => alts.filter((a) => index.has(a)).map((a) => index.get(a)))
    .filter((alts) => alts.length > 0)
    .map((alts) => (alts.length === 1 ? alts[0] : alts));
const packages = names.map((n) => {
  const p = all.get(n);
  const row = [p.size, (p.essential ? 'e' : '') + (PRIORITY[p.priority] ?? 'o')];
  const dep = encodeGroups(p.depends);
  const pre = encodeGroups(p.preDepends);
  const rec = encodeGroups(p.recommends);
  // Trailing empty lists are left out: [size, priority, depends?, preDepends?, recommends?]
  const tail = [dep, pre, rec];
  while (tail.length > 0 && tail.at(-1).length === 0) tail.pop();
  return [...row, ...tail];
});
const virtuals = {};
for (const [v, list] of [...providers].sort(([a], [b]) => a.localeCompare(b))) {
  if (all.has(v)) continue;
  const kept = list.filter((p) => index.has(p)).map((p) => index.get(p));
  if (kept.length > 0) virtuals[v] = kept;
}
const profileIndexes = (set) =>
  [...set]
    .filter((n) => index.has(n))
    .map((n) => index.get(n))
    .sort((a, b) => a - b);
const sumKiB = (set) => [...set].reduce((s, n) => s + (all.get(n)?.size ?? 0), 0);

const out = {
  description:
    'Debian package metadata for apt-get install size estimates. packages[i] describes names[i] as ' +
    '[installedSizeKiB, priority, depends, preDepends, recommends]: installed size in KiB (1024 bytes, Debian ' +
    'Installed-Size); priority r=required i=important s=standard o=optional x=extra, prefixed with e when ' +
    'Essential: yes; each dependency list holds groups, a group being an index into names or an array of ' +
    'alternative indexes in apt order (virtual names already resolved to their providers); trailing empty ' +
    'lists are omitted. virtuals maps virtual package names to providers. profiles lists what images already ' +
    'have installed: minbase = Priority required + Essential + apt with dependencies (debian:* images, ' +
    'debootstrap --variant=minbase); buildpack-deps-curl/-scm/buildpack-deps add the docker-library ' +
    'buildpack-deps package lists (read from the corpus) with --no-install-recommends.',
  source: `apt-cache dumpavail (the fields apt-cache show/depends print), Debian ${release} ${architecture}, package versions as of ${versionsAsOf}`,
  release,
  architecture,
  generated,
  versionsAsOf,
  aptLists: {
    description:
      `/var/lib/apt/lists after apt-get update on Debian ${release} ${architecture} (main, updates, security), ` +
      `measured ${generated}. storedBytes: as apt keeps them with Acquire::GzipIndexes "true" (set by ` +
      `/etc/apt/apt.conf.d/docker-gzip-indexes in official Debian images and the images built on them); ` +
      'unpackedBytes: the same lists uncompressed (images without that setting).',
    storedBytes: listsStored,
    unpackedBytes: listsUnpacked,
    compressedIndexes: gzipIndexes,
  },
  coverage: {
    corpus: path.relative(root, corpus),
    corpusFiles: corpusFiles.length,
    corpusPackageNames: corpusNames.length,
    benchPackageNames: [...benchNames].sort(),
    covered: covered.length,
    notIn: missing,
  },
  profileSizesKiB: {
    minbase: sumKiB(minbase),
    'buildpack-deps-curl': sumKiB(curlSet),
    'buildpack-deps-scm': sumKiB(scmSet),
    'buildpack-deps': sumKiB(fullSet),
  },
  profiles: {
    minbase: profileIndexes(minbase),
    'buildpack-deps-curl': profileIndexes(curlSet),
    'buildpack-deps-scm': profileIndexes(scmSet),
    'buildpack-deps': profileIndexes(fullSet),
  },
  virtuals,
  names,
  packages,
};
const file = path.join(root, 'data/debian-packages.json');
writeFileSync(file, JSON.stringify(out) + '\n');
console.log(
  `data/debian-packages.json: ${names.length} packages, ${(statSync(file).size / 1e6).toFixed(2)} MB; ` +
    `corpus names covered ${covered.length}/${corpusNames.length}; minbase ${minbase.size} packages ` +
    `(${(sumKiB(minbase) / 1000).toFixed(1)} MB installed), lists ${(listsStored / 1e6).toFixed(1)} MB stored / ` +
    `${(listsUnpacked / 1e6).toFixed(1)} MB unpacked`,
);
if (missing.length > 0) console.log(`not in Debian ${release}: ${missing.join(' ')}`);
