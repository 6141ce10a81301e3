// End-of-life facts for base image tags, from the bundled, dated table data/eol.json: which runtime or
// distribution release a tag names (`node:16-alpine` → Node.js 16, `python:3.11-slim-bullseye` →
// Python 3.11 on Debian 11), whether that release is past its end of life on a given day, and the
// tag with the oldest still-supported release instead.
import table from '../../../../../data/eol.json';

export type VersionScheme = 'major' | 'minor' | 'java' | 'debian' | 'ubuntu';

export interface EolCycle {
  cycle: string;
  /** Day security support ends (`YYYY-MM-DD`); null when not announced (still supported). */
  eol: string | null;
  codename?: string;
}

export interface EolProduct {
  id: string;
  label: string;
  images: string[];
  scheme: VersionScheme;
  /** A distribution (its releases also appear inside other images' tags). */
  os?: boolean;
  /** No version of this image is worth bumping to (deprecated image). */
  noFix?: boolean;
  /** The image to move to instead, for deprecated images. */
  replacement?: string;
  sources: string[];
  note?: string;
  cycles: EolCycle[];
}

const PRODUCTS = table.products as EolProduct[];
export const EOL_AS_OF: string = table.asOf;

// ---------------------------------------------------------------------------------------------
// "Today", injectable for tests

let fixedToday: string | undefined;

/** Fixes the day the rule compares against (`YYYY-MM-DD`); undefined goes back to the real clock. */
export function setEolToday(day: string | undefined): void {
  fixedToday = day;
}

export function eolToday(): string {
  return fixedToday ?? new Date().toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------

/** One release named by a tag that is past its end of life. */
export interface EolIssue {
  product: EolProduct;
  /** The release as the table names it, e.g. `16`, `3.8`, `10`. */
  cycle: string;
  codename: string | undefined;
  /** The day support ended (for releases older than the table: the oldest listed day). */
  eol: string;
  /** True when the release is older than every release in the table. */
  older: boolean;
  /** `version`: the image's own version; `os`: the distribution the tag names. */
  part: 'version' | 'os';
  /** The oldest still-supported newer release, as it would be written in the tag; undefined if none. */
  upgrade: string | undefined;
  /** The upgrade's cycle, for messages (`22`, `3.11`, `12 (bookworm)`). */
  upgradeLabel: string | undefined;
}

export interface TagCheck {
  issues: EolIssue[];
  /** The tag with every end-of-life release replaced by a supported one; undefined when not possible. */
  upgradedTag: string | undefined;
}

const ARCH_PREFIX =
  /^(amd64|arm64v8|arm32v5|arm32v6|arm32v7|i386|ppc64le|s390x|riscv64|mips64le|windows-amd64)\//;

export function productForImage(image: string): EolProduct | undefined {
  const name = image.toLowerCase().replace(ARCH_PREFIX, '');
  return PRODUCTS.find((p) => p.images.includes(name));
}

function productById(id: string): EolProduct {
  return PRODUCTS.find((p) => p.id === id)!;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sortedCycles(product: EolProduct): EolCycle[] {
  return [...product.cycles].sort((a, b) => compareVersions(a.cycle, b.cycle));
}

const isPast = (cycle: EolCycle, today: string): boolean => cycle.eol !== null && cycle.eol <= today;

/** The table's cycle for a version (`3.8.18` → `3.8`, `3` → newest `3.x`), or where it falls outside. */
function locate(product: EolProduct, version: string): { cycle: EolCycle; older: boolean } | undefined {
  const cycles = sortedCycles(product);
  const parts = version.split('.');
  const width = product.scheme === 'minor' || product.scheme === 'ubuntu' ? 2 : 1;
  if (parts.length >= width) {
    const key = parts.slice(0, width).join('.');
    const exact = cycles.find((c) => compareVersions(c.cycle, key) === 0);
    if (exact) return { cycle: exact, older: false };
    const oldest = cycles[0];
    if (oldest && compareVersions(key, oldest.cycle) < 0) return { cycle: oldest, older: true };
    return undefined;
  }
  // A major-only tag (`python:3`, `ruby:2`) follows the newest release of that major version.
  const major = parts[0]!;
  const same = cycles.filter((c) => c.cycle.split('.')[0] === major);
  const newest = same.at(-1);
  if (newest) return { cycle: newest, older: false };
  const oldest = cycles[0];
  if (oldest && Number(major) < Number(oldest.cycle.split('.')[0])) return { cycle: oldest, older: true };
  return undefined;
}

/** The oldest release newer than `cycle` that is still supported on `today`. */
function upgradeFor(
  product: EolProduct,
  cycle: EolCycle,
  older: boolean,
  today: string,
): EolCycle | undefined {
  return sortedCycles(product).find(
    (c) => (older || compareVersions(c.cycle, cycle.cycle) > 0) && !isPast(c, today),
  );
}

const VERSION_PATTERNS: Record<VersionScheme, RegExp> = {
  major: /^(\d+)(?:\.\d+){0,2}/,
  minor: /^(\d+(?:\.\d+){0,2})(?:(?:a|b|rc|beta)\d+)?/,
  java: /^(\d+)(?:u\d+(?:-b\d+)?|(?:\.\d+){1,3}(?:[_+]\d+)?)?/,
  debian: /^(\d+)(?:\.\d+)?/,
  ubuntu: /^(\d\d\.\d\d)/,
};

interface VersionToken {
  /** Characters of the tag the version occupies. */
  length: number;
  version: string;
  codename: boolean;
}

function versionToken(product: EolProduct, tag: string): VersionToken | undefined {
  const lower = tag.toLowerCase();
  const first = lower.split('-')[0]!;
  const named = product.cycles.find((c) => c.codename === first);
  if (named) return { length: first.length, version: named.cycle, codename: true };
  const m = VERSION_PATTERNS[product.scheme].exec(lower);
  if (!m) return undefined;
  const next = lower[m[0].length];
  if (next !== undefined && next !== '-') return undefined;
  const version = product.scheme === 'java' ? m[1]! : m[1]!;
  return { length: m[0].length, version, codename: false };
}

/** Distribution releases named inside a tag's suffix: `bullseye`, `focal`, `alpine3.17`, `ubuntu20.04`. */
function osTokens(
  suffix: string,
  offset: number,
): Array<{
  product: EolProduct;
  cycle: EolCycle;
  start: number;
  length: number;
  style: 'codename' | 'number';
}> {
  const out: Array<{
    product: EolProduct;
    cycle: EolCycle;
    start: number;
    length: number;
    style: 'codename' | 'number';
  }> = [];
  const debian = productById('debian');
  const ubuntu = productById('ubuntu');
  const alpine = productById('alpine');
  let at = offset;
  const tokens = suffix.split('-');
  tokens.forEach((token, i) => {
    const t = token.toLowerCase();
    const start = at;
    at += token.length + 1;
    for (const product of [debian, ubuntu]) {
      const cycle = product.cycles.find((c) => c.codename === t);
      if (cycle) out.push({ product, cycle, start, length: token.length, style: 'codename' });
    }
    const alp = /^alpine(\d+\.\d+)$/.exec(t);
    if (alp) {
      const cycle = alpine.cycles.find((c) => compareVersions(c.cycle, alp[1]!) === 0);
      if (cycle)
        out.push({ product: alpine, cycle, start: start + 6, length: alp[1]!.length, style: 'number' });
    }
    const ubu = /^ubuntu(\d\d\.\d\d)$/.exec(t);
    if (ubu) {
      const cycle = ubuntu.cycles.find((c) => c.cycle === ubu[1]);
      if (cycle) out.push({ product: ubuntu, cycle, start: start + 6, length: 5, style: 'number' });
    }
    if (t === 'ubuntu' && /^\d\d\.\d\d$/.test(tokens[i + 1] ?? '')) {
      const next = tokens[i + 1]!;
      const cycle = ubuntu.cycles.find((c) => c.cycle === next);
      if (cycle) out.push({ product: ubuntu, cycle, start: at, length: 5, style: 'number' });
    }
  });
  return out;
}

function written(cycle: EolCycle, style: 'codename' | 'number'): string {
  return style === 'codename' && cycle.codename ? cycle.codename : cycle.cycle;
}

function label(cycle: EolCycle): string {
  return cycle.codename ? `${cycle.cycle} (${cycle.codename})` : cycle.cycle;
}

/**
 * End-of-life releases named by `image:tag` on `today` (`YYYY-MM-DD`), and the tag with each replaced
 * by the oldest newer release that is still supported (suffixes such as `-alpine` or `-slim` kept).
 * `image` is the canonical name (`node`, `mcr.microsoft.com/dotnet/aspnet`).
 */
export function checkImageTag(image: string, tag: string, today: string): TagCheck {
  const issues: EolIssue[] = [];
  const edits: Array<{ start: number; length: number; text: string | undefined }> = [];
  const product = productForImage(image);
  let suffixStart = 0;
  if (product) {
    const token = versionToken(product, tag);
    if (token) {
      suffixStart = token.length;
      // `alpine:0.0` and the like are template placeholders, not releases.
      const placeholder = /^[0.]+$/.test(tag.slice(0, token.length)) && !token.codename;
      const found = placeholder ? undefined : locate(product, token.version);
      if (found && isPast(found.cycle, today)) {
        const next = product.noFix ? undefined : upgradeFor(product, found.cycle, found.older, today);
        const style = token.codename ? 'codename' : 'number';
        issues.push({
          product,
          cycle: found.older ? tag.slice(0, token.length) : found.cycle.cycle,
          codename: found.older ? undefined : found.cycle.codename,
          eol: found.cycle.eol!,
          older: found.older,
          part: 'version',
          upgrade: next && written(next, style),
          upgradeLabel: next && label(next),
        });
        edits.push({ start: 0, length: token.length, text: next && written(next, style) });
      }
    }
  }
  if (!product?.os || suffixStart > 0) {
    for (const os of osTokens(tag.slice(suffixStart), suffixStart)) {
      if (!isPast(os.cycle, today)) continue;
      const next = upgradeFor(os.product, os.cycle, false, today);
      issues.push({
        product: os.product,
        cycle: os.cycle.cycle,
        codename: os.cycle.codename,
        eol: os.cycle.eol!,
        older: false,
        part: 'os',
        upgrade: next && written(next, os.style),
        upgradeLabel: next && label(next),
      });
      edits.push({ start: os.start, length: os.length, text: next && written(next, os.style) });
    }
  }
  let upgradedTag: string | undefined;
  if (edits.length > 0 && edits.every((e) => e.text !== undefined)) {
    upgradedTag = tag;
    for (const e of [...edits].sort((a, b) => b.start - a.start))
      upgradedTag = upgradedTag.slice(0, e.start) + e.text! + upgradedTag.slice(e.start + e.length);
    if (upgradedTag === tag) upgradedTag = undefined;
  }
  return { issues, upgradedTag };
}

// ---------------------------------------------------------------------------------------------
// Tag freshness: what the "newest supported tag" command shows

export interface TagFreshness {
  /** The product the tag's version names (`Node.js`), when the table knows the image. */
  product: string | undefined;
  /** The release the tag names (`16`, `3.11`), when it could be read. */
  cycle: string | undefined;
  status: 'supported' | 'end-of-life' | 'unknown';
  /** Day support ends or ended; null when not announced. */
  eol: string | null | undefined;
  /** The tag with the newest supported release (suffix such as `-alpine` kept); undefined if none or already newest. */
  newestTag: string | undefined;
  newestCycle: string | undefined;
  /** For an end-of-life tag: the smallest step to a supported release (what the quick fix offers). */
  oldestSupportedTag: string | undefined;
  /** The date of the bundled table. */
  asOf: string;
}

/**
 * Where `image:tag` stands in the end-of-life table on `today`. The newest release offered is the
 * newest supported one that `isPublished` confirms (e.g. tags the base-image table lists); without
 * such a release, the newest supported one whose end-of-life date is announced, since releases with
 * no date yet may not be out.
 */
export function tagFreshness(
  image: string,
  tag: string,
  today: string,
  isPublished: (cycle: string) => boolean = () => false,
): TagFreshness {
  const unknown: TagFreshness = {
    product: undefined,
    cycle: undefined,
    status: 'unknown',
    eol: undefined,
    newestTag: undefined,
    newestCycle: undefined,
    oldestSupportedTag: undefined,
    asOf: EOL_AS_OF,
  };
  const product = productForImage(image);
  if (!product || product.os) return unknown;
  const token = versionToken(product, tag);
  const found = token ? locate(product, token.version) : undefined;
  if (!token || !found) return { ...unknown, product: product.label };
  const supported = sortedCycles(product).filter((c) => !isPast(c, today));
  const published = supported.filter((c) => isPublished(c.cycle));
  const newest = (published.length > 0 ? published : supported.filter((c) => c.eol !== null)).at(-1);
  const style = token.codename ? 'codename' : 'number';
  const newestTag =
    newest && !product.noFix && compareVersions(newest.cycle, found.cycle.cycle) > 0
      ? written(newest, style) + tag.slice(token.length)
      : undefined;
  return {
    product: product.label,
    cycle: found.older ? tag.slice(0, token.length) : found.cycle.cycle,
    status: isPast(found.cycle, today) ? 'end-of-life' : 'supported',
    eol: found.cycle.eol,
    newestTag,
    newestCycle: newestTag ? newest?.cycle : undefined,
    oldestSupportedTag: checkImageTag(image, tag, today).upgradedTag,
    asOf: EOL_AS_OF,
  };
}

/** The cycle a published tag names, for `tagFreshness`'s `isPublished` (e.g. `22-alpine` → `22`). */
export function cycleOfTag(image: string, tag: string): string | undefined {
  const product = productForImage(image);
  if (!product) return undefined;
  const token = versionToken(product, tag);
  return token ? locate(product, token.version)?.cycle.cycle : undefined;
}
