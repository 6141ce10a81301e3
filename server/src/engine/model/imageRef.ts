import type { ImageRef, Range, VariableDecl } from './types';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` the way BuildKit does for FROM
 * lines, from ARG defaults. Reports whether something stayed unresolved.
 */
export function substituteArgs(
  raw: string,
  args: ReadonlyMap<string, string | undefined>,
): { value: string; unresolved: boolean } {
  let unresolved = false;
  const value = raw.replace(
    VARIABLE,
    (
      _m,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = (braced ?? bare)!;
      const known = args.has(name);
      const current = args.get(name);
      const isSet = known && current !== undefined;
      if (op === ':-' || op === '-') {
        if (op === ':-' ? isSet && current !== '' : isSet) return current!;
        return word ?? '';
      }
      if (op === ':+' || op === '+') {
        return (op === ':+' ? isSet && current !== '' : isSet) ? (word ?? '') : '';
      }
      if (!isSet) unresolved = true;
      return current ?? '';
    },
  );
  return { value, unresolved };
}

export function argDefaults(decls: readonly VariableDecl[]): Map<string, string | undefined> {
  const map = new Map<string, string | undefined>();
  for (const d of decls) map.set(d.name, d.value);
  return map;
}

/** Splits an image reference (`gcr.io/distroless/static:nonroot@sha256:…`) into its parts. */
export function parseImageReference(
  raw: string,
  resolved: string,
  unresolved: boolean,
  range: Range,
  tagRange: Range | undefined,
): ImageRef {
  let rest = resolved;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const first = rest.slice(0, firstSlash);
    // Docker's rule: the first component is a registry host when it has a dot or a port, or is localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(firstSlash + 1);
    }
  }
  return {
    raw,
    resolved,
    registry,
    repository: rest,
    tag,
    digest,
    hasUnresolvedVariables: unresolved,
    range,
    tagRange,
  };
}
