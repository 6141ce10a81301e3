import table from '../../../../data/base-images.json';

export interface BaseImageFacts {
  image: string;
  tag: string;
  platform: string;
  compressedBytes: number | null;
  uncompressedBytes: number | null;
  layers: number | null;
  osFamily: string;
  packageManager: string | null;
  defaultUser: string | null;
  hasShell: boolean | null;
  hasCaCerts: boolean | null;
  source: string;
  asOf: string;
}

const rows = table.images as BaseImageFacts[];
const byImage = new Map<string, BaseImageFacts[]>();
for (const row of rows) {
  const list = byImage.get(row.image) ?? [];
  list.push(row);
  byImage.set(row.image, list);
}

/** `library/node` and `docker.io/library/node` are the same image as `node`. */
export function canonicalImageName(registry: string | undefined, repository: string): string {
  const repo = repository.toLowerCase().replace(/^library\//, '');
  if (
    !registry ||
    registry === 'docker.io' ||
    registry === 'index.docker.io' ||
    registry === 'registry-1.docker.io'
  )
    return repo;
  return `${registry.toLowerCase()}/${repo}`;
}

export function knownTags(image: string): BaseImageFacts[] {
  return byImage.get(image) ?? [];
}

export const BASE_IMAGES_AS_OF: string = table.asOf;

const VERSION_TAG = /^\d+(?:\.\d+)*$/;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The newest plain version tag the bundled table knows for an image (`node` → `26`), to pin
 * `latest` to. Undefined when the table has no version tag for it: then we do not guess.
 */
export function newestVersionTag(image: string): string | undefined {
  const tags = [
    ...new Set(
      knownTags(image)
        .map((r) => r.tag)
        .filter((t) => VERSION_TAG.test(t)),
    ),
  ];
  tags.sort(compareVersions);
  return tags.at(-1);
}

export type OsFamily =
  | 'alpine'
  | 'debian'
  | 'ubuntu'
  | 'rhel'
  | 'distroless'
  | 'wolfi'
  | 'busybox'
  | 'scratch'
  | 'windows'
  | 'unknown';

/** What we know about a base image: from the bundled table when it has the tag (or a close one), else inferred. */
export interface ImageFacts {
  /** Canonical image name, e.g. `node`, `gcr.io/distroless/static-debian12`. */
  image: string;
  tag: string | undefined;
  /** The table row used, when any: its tag may be a fallback (`22.11.0-alpine3.20` → `22-alpine`). */
  row: BaseImageFacts | undefined;
  family: OsFamily;
  packageManager: string | undefined;
  /** `root`, a user name or a uid; undefined when unknown. */
  defaultUser: string | undefined;
  hasShell: boolean | undefined;
  hasCaCerts: boolean | undefined;
  /** `table`: exact row; `fallback`: a related tag's row; `inferred`: from the name only. */
  basis: 'table' | 'fallback' | 'inferred';
}

const DEBIAN_CODENAMES = /\b(bookworm|bullseye|buster|stretch|trixie|forky|sid)\b/;
const UBUNTU_CODENAMES = /\b(noble|jammy|focal|bionic|oracular|plucky|questing|resolute)\b/;

/** Candidate tags for a tag the table may not have, most specific first. */
export function tagFallbacks(tag: string): string[] {
  const m = /^(\d+(?:\.\d+)*)(.*)$/.exec(tag);
  const out: string[] = [tag];
  const suffixes = (suffix: string): string[] => {
    const list = [suffix];
    const plainAlpine = suffix.replace(/alpine\d+(\.\d+)*/, 'alpine');
    if (plainAlpine !== suffix) list.push(plainAlpine);
    const noCodename = suffix.replace(/-(bookworm|bullseye|trixie|buster)(?=-|$)/, '');
    if (noCodename !== suffix) list.push(noCodename);
    return list;
  };
  if (m) {
    const parts = m[1]!.split('.');
    const versions: string[] = [];
    for (let n = parts.length; n >= 1; n--) versions.push(parts.slice(0, n).join('.'));
    for (const suffix of suffixes(m[2]!)) for (const v of versions) out.push(`${v}${suffix}`);
  } else {
    out.push(...suffixes(tag).slice(1));
  }
  return [...new Set(out)];
}

function inferFamily(image: string, tag: string | undefined): OsFamily {
  const t = (tag ?? '').toLowerCase();
  if (image === 'scratch') return 'scratch';
  if (image.startsWith('gcr.io/distroless/')) return 'distroless';
  if (image.startsWith('cgr.dev/chainguard/') || image.startsWith('chainguard/') || image === 'wolfi-base')
    return 'wolfi';
  if (
    image.includes('windows') ||
    image.includes('nanoserver') ||
    image.includes('servercore') ||
    /ltsc|nanoserver|windowsservercore/.test(t)
  )
    return 'windows';
  if (t.includes('alpine') || image === 'alpine') return 'alpine';
  if (image === 'busybox') return 'busybox';
  if (image === 'ubuntu' || UBUNTU_CODENAMES.test(t)) return 'ubuntu';
  if (/ubi\d|amazonlinux|fedora|centos|rockylinux|almalinux|oraclelinux/.test(image)) return 'rhel';
  if (image === 'debian' || DEBIAN_CODENAMES.test(t) || t.includes('slim')) return 'debian';
  // docker-library images without a variant suffix are built on Debian.
  if (!image.includes('/') && byImage.has(image)) return 'debian';
  return 'unknown';
}

const PACKAGE_MANAGERS: Partial<Record<OsFamily, string>> = {
  alpine: 'apk',
  debian: 'apt',
  ubuntu: 'apt',
  rhel: 'dnf',
  wolfi: 'apk',
};

export function imageFacts(image: string, tag: string | undefined): ImageFacts {
  const rows = knownTags(image).filter((r) => r.platform === 'linux/amd64');
  const wanted = tag ?? 'latest';
  const candidates = tagFallbacks(wanted);
  let row: BaseImageFacts | undefined;
  let basis: ImageFacts['basis'] = 'inferred';
  for (const candidate of candidates) {
    row = rows.find((r) => r.tag === candidate);
    if (row) {
      basis = candidate === wanted ? 'table' : 'fallback';
      break;
    }
  }
  const family = row ? (row.osFamily as OsFamily) : inferFamily(image, tag);
  let defaultUser = row?.defaultUser ?? undefined;
  let hasShell = row?.hasShell ?? undefined;
  if (!row) {
    if (family === 'distroless') {
      defaultUser = /nonroot/.test(wanted) ? '65532' : 'root';
      hasShell = /debug/.test(wanted);
    } else if (family === 'wolfi') {
      hasShell = /dev/.test(wanted) || image.endsWith('wolfi-base');
    } else if (family === 'scratch') {
      hasShell = false;
    } else if (family !== 'unknown' && family !== 'windows') {
      defaultUser = 'root';
      hasShell = true;
    }
  }
  return {
    image,
    tag,
    row,
    family,
    packageManager: row?.packageManager ?? PACKAGE_MANAGERS[family],
    defaultUser,
    hasShell,
    hasCaCerts: row?.hasCaCerts ?? (family === 'scratch' ? false : undefined),
    basis,
  };
}
