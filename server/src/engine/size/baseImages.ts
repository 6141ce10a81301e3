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
