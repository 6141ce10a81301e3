/**
 * A double-quoted Dockerfile word holding `value` literally: quotes, `$` (which LABEL/ENV would
 * expand) and the file's escape character are escaped with that escape character.
 */
export function quoteDockerfileValue(value: string, escapeChar: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '"' || ch === '$' || ch === escapeChar) out += escapeChar;
    out += ch;
  }
  return `${out}"`;
}

/** A JSON array of strings as written in exec form: `["node", "server.js"]`. */
export function execFormArray(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}
