import type { ImageRef, Range, VariableDecl } from './types';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Longest value a substitution may produce. `ENV A=$A$A` repeated doubles the value each time: past
 * this the value is treated as unresolved (no check needs it spelled out), instead of growing until
 * the string cannot be built at all.
 */
export const MAX_EXPANDED_LENGTH = 1 << 16;

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` the way BuildKit does for FROM
 * lines, from ARG defaults. Reports whether something stayed unresolved.
 */
export function substituteArgs(
  raw: string,
  args: ReadonlyMap<string, string | undefined>,
): { value: string; unresolved: boolean } {
  let unresolved = false;
  let length = raw.length;
  const substitute = (
    braced: string | undefined,
    op: string | undefined,
    word: string | undefined,
    bare: string | undefined,
  ): string => {
    const name = (braced ?? bare)!;
    const current = args.get(name);
    const isSet = args.has(name) && current !== undefined;
    if (op === ':-' || op === '-') {
      if (op === ':-' ? isSet && current !== '' : isSet) return current!;
      return word ?? '';
    }
    if (op === ':+' || op === '+') {
      return (op === ':+' ? isSet && current !== '' : isSet) ? (word ?? '') : '';
    }
    if (!isSet) unresolved = true;
    return current ?? '';
  };
  const value = raw.replace(
    VARIABLE,
    (
      match: string,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      if (length > MAX_EXPANDED_LENGTH) return match;
      const replacement = substitute(braced, op, word, bare);
      length += replacement.length - match.length;
      return replacement;
    },
  );
  if (length > MAX_EXPANDED_LENGTH) return { value: raw, unresolved: true };
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
