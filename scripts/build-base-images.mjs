#!/usr/bin/env node
// Builds data/base-images.json from the dated, sourced snapshot in ../shared/data/base-images.tsv.
// Usage: node scripts/build-base-images.mjs [path/to/base-images.tsv]
// Every row keeps its `source` and `as_of`, so each number in the product can be traced back.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ?? path.resolve(root, '../shared/data/base-images.tsv');
const lines = readFileSync(input, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const header = lines[0].split('\t');
const col = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`column ${name} missing in ${input}`);
  return i;
};
const num = (v) => (v === '' || v === undefined ? null : Number(v));
const bool = (v) => (v === 'yes' ? true : v === 'no' ? false : null);

const images = lines.slice(1).map((line) => {
  const f = line.split('\t');
  return {
    image: f[col('image')],
    tag: f[col('tag')],
    platform: f[col('platform')],
    compressedBytes: num(f[col('compressed_bytes')]),
    uncompressedBytes: num(f[col('uncompressed_bytes')]),
    layers: num(f[col('layers')]),
    osFamily: f[col('os_family')],
    packageManager: f[col('package_manager')] || null,
    defaultUser: f[col('default_user')] || null,
    hasShell: bool(f[col('has_shell')]),
    hasCaCerts: bool(f[col('has_ca_certs')]),
    source: f[col('source')],
    asOf: f[col('as_of')],
  };
});

// Corrections to the snapshot, each with its reason. python:3.14-alpine is built FROM alpine (its tag
// says so, and docker-library/python builds every -alpine variant on alpine), but the snapshot row
// says debian/apt.
const CORRECTIONS = [
  { image: 'python', tag: '3.14-alpine', set: { osFamily: 'alpine', packageManager: 'apk' } },
];
for (const c of CORRECTIONS) {
  for (const row of images) if (row.image === c.image && row.tag === c.tag) Object.assign(row, c.set);
}

const asOf = images
  .map((r) => r.asOf)
  .sort()
  .at(-1);
const out = {
  description:
    'Base-image facts for size estimates and rules. compressedBytes = registry download for one platform; ' +
    'uncompressedBytes = unpacked size on disk (amd64 only, null where no source gave it). 1 MB = 10^6 bytes.',
  source:
    'Lean Dockerfile shared data snapshot base-images.tsv (docker-library/repo-info and GoogleContainerTools/distroless; ' +
    'per-row source in each entry)',
  asOf,
  corrections: CORRECTIONS.map(
    (c) =>
      `${c.image}:${c.tag}: ${JSON.stringify(c.set)} (the snapshot row disagreed with the image's tag and build)`,
  ),
  images,
};
writeFileSync(path.join(root, 'data/base-images.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`data/base-images.json: ${images.length} rows, newest ${asOf}`);
