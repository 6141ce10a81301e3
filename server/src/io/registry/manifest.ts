// Manifests as registries serve them (OCI image index/manifest, Docker manifest list/v2): which kind a
// response is, which entry of a multi-platform index an image of a platform uses, and its pull size.
// Pure functions over parsed JSON, so they are tested without a registry.

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** The Accept header of manifest requests: every kind we can read, nothing else (no schema 1). */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const ARCH_ALIASES: Readonly<Record<string, string>> = { x86_64: 'amd64', aarch64: 'arm64', armhf: 'arm' };

/** `linux/arm64/v8` → its parts; undefined for text that is not `os/arch[/variant]`. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) return undefined;
  const [os, arch, variant] = parts as [string, string, string | undefined];
  return { os, architecture: ARCH_ALIASES[arch] ?? arch, ...(variant ? { variant } : {}) };
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export type ParsedManifest =
  | { kind: 'index'; mediaType: string; manifests: Descriptor[] }
  | { kind: 'image'; mediaType: string; layers: Descriptor[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toDescriptor(value: unknown): Descriptor | undefined {
  if (!isRecord(value)) return undefined;
  const { mediaType, digest, size, platform, annotations } = value;
  if (typeof digest !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    return undefined;
  const descriptor: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
  if (isRecord(platform) && typeof platform.os === 'string' && typeof platform.architecture === 'string') {
    descriptor.platform = {
      os: platform.os,
      architecture: platform.architecture,
      ...(typeof platform.variant === 'string' && platform.variant ? { variant: platform.variant } : {}),
    };
  }
  if (isRecord(annotations)) {
    descriptor.annotations = Object.fromEntries(
      Object.entries(annotations).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }
  return descriptor;
}

/**
 * Reads a manifest body. The Content-Type decides the kind, else the body's own `mediaType`, else its
 * shape (`manifests` vs `layers`); throws on anything else (schema 1, HTML error pages, …).
 */
export function parseManifest(body: string, contentType: string | undefined): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('the manifest is not JSON');
  }
  if (!isRecord(json)) throw new Error('the manifest is not a JSON object');
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const mediaType =
    declared && declared !== 'application/json'
      ? declared
      : typeof json.mediaType === 'string'
        ? json.mediaType
        : Array.isArray(json.manifests)
          ? MEDIA_TYPES.ociIndex
          : MEDIA_TYPES.ociManifest;
  const list = (key: string): Descriptor[] => {
    const raw = json[key];
    if (!Array.isArray(raw)) throw new Error(`the manifest has no ${key} list`);
    return raw.map((entry, i) => {
      const descriptor = toDescriptor(entry);
      if (!descriptor) throw new Error(`entry ${i} of the manifest's ${key} is not a descriptor`);
      return descriptor;
    });
  };
  if (mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList)
    return { kind: 'index', mediaType, manifests: list('manifests') };
  if (mediaType === MEDIA_TYPES.ociManifest || mediaType === MEDIA_TYPES.dockerManifest)
    return { kind: 'image', mediaType, layers: list('layers') };
  throw new Error(`unsupported manifest type ${mediaType}`);
}

/**
 * BuildKit stores provenance/SBOM attestations as extra index entries: platform unknown/unknown and
 * the annotation `vnd.docker.reference.type: attestation-manifest`. They are not images to pull.
 */
export function isAttestation(entry: Descriptor): boolean {
  return (
    entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown')
  );
}

// arm64 images are v8 unless they say otherwise; an index may or may not write the variant.
const DEFAULT_VARIANT: Readonly<Record<string, string>> = { arm64: 'v8' };

/**
 * The entry of an index that `docker pull --platform` would use: same os and architecture, the same
 * variant when both name one (an exact variant beats an unnamed one); attestations never.
 */
export function selectPlatform(entries: readonly Descriptor[], wanted: Platform): Descriptor | undefined {
  let fallback: Descriptor | undefined;
  for (const entry of entries) {
    const p = entry.platform;
    if (!p || isAttestation(entry)) continue;
    if (p.os !== wanted.os || (ARCH_ALIASES[p.architecture] ?? p.architecture) !== wanted.architecture)
      continue;
    const theirs = p.variant ?? DEFAULT_VARIANT[p.architecture];
    const ours = wanted.variant ?? DEFAULT_VARIANT[wanted.architecture];
    if (theirs !== undefined && ours !== undefined && theirs !== ours) continue;
    if (wanted.variant === undefined || p.variant === wanted.variant) return entry;
    fallback ??= entry;
  }
  return fallback;
}

/** The pull size of an image manifest: the sum of its layer blobs as stored (compressed). */
export function compressedSize(manifest: { layers: readonly Descriptor[] }): number {
  return manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}
