/**
 * The ARGs BuildKit sets itself for every build (Dockerfile reference, "Automatic platform ARGs in the
 * global scope"): usable in FROM lines as they are, and inside a stage after `ARG <name>`.
 */
export const PLATFORM_ARGS = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);

/** Predefined ARGs that Docker accepts as `--build-arg` without an ARG instruction (proxy settings). */
export const PROXY_ARGS = new Set([
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
]);
