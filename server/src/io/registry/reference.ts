// Image references as a registry client needs them: which host to ask, over which scheme, for which
// repository and tag or digest. Docker's normalisation: no host (or docker.io) means Docker Hub, whose
// API lives at registry-1.docker.io and whose one-component names are official images under library/.

export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The name docker config files use for Docker Hub credentials. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
// The distribution reference grammar (path components, tag, digest), lower-case repositories only.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Fa-f0-9]{32,}$/;

export interface RegistryImage {
  /** Host (and port) the API requests go to, e.g. `registry-1.docker.io`, `127.0.0.1:5000`. */
  apiHost: string;
  /** The host as users name it, for messages and credentials: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Repository path on that registry, e.g. `library/node`. */
  repository: string;
  /** Tag, or undefined for a reference by digest. */
  tag: string | undefined;
  /** Digest when the reference pins one (`@sha256:…`): it wins over the tag, as in `docker pull`. */
  digest: string | undefined;
  /** Plain HTTP: only for loopback hosts (a local registry); everything else is HTTPS. */
  plainHttp: boolean;
}

/** The host part without its port, brackets removed for IPv6 literals. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon > 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

/** True for hosts that never leave the machine: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = hostnameOf(host).toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Parses `[host[:port]/]path[:tag][@digest]` as `docker pull` does; undefined for anything that is
 * not a valid reference (variables left in, upper-case repositories, empty parts).
 */
export function parseImageReference(text: string): RegistryImage | undefined {
  let rest = text.trim();
  if (rest === '' || /[\s$]/.test(rest)) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let host: string | undefined;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    host = first.toLowerCase();
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return undefined;
  const hub = host === undefined || DOCKER_HUB_ALIASES.has(host);
  const repository = hub && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  const registry = hub ? 'docker.io' : host!;
  return {
    apiHost: hub ? DOCKER_HUB_API_HOST : registry,
    registry,
    repository,
    tag: digest ? undefined : (tag ?? 'latest'),
    digest,
    plainHttp: !hub && isLoopbackHost(registry),
  };
}

/** `registry/repository:tag` or `…@digest`, normalised: the same image always gives the same text. */
export function canonicalReference(image: RegistryImage): string {
  return `${image.registry}/${image.repository}${image.digest ? `@${image.digest}` : `:${image.tag ?? 'latest'}`}`;
}

/** The base URL of the registry's API, `https://host/v2/` (plain HTTP for loopback hosts only). */
export function apiBase(image: RegistryImage): string {
  return `${image.plainHttp ? 'http' : 'https'}://${image.apiHost}/v2/`;
}
