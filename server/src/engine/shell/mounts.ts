import type { Instruction } from '../model/types';

/** A `RUN --mount=type=cache,target=/root/.cache,sharing=locked` option, keys lower-cased. */
export interface Mount {
  type: string;
  target: string | undefined;
  source: string | undefined;
  from: string | undefined;
  id: string | undefined;
  options: Map<string, string>;
}

/** The `--mount` options of a RUN. BuildKit's default type is `bind`; `dst`/`destination` mean `target`. */
export function runMounts(instruction: Instruction): Mount[] {
  return instruction.flags
    .filter((f) => f.name === 'mount' && f.value !== undefined)
    .map((f) => {
      const options = new Map<string, string>();
      for (const part of f.value!.split(',')) {
        const eq = part.indexOf('=');
        const key = (eq >= 0 ? part.slice(0, eq) : part).trim().toLowerCase();
        if (key) options.set(key, eq >= 0 ? part.slice(eq + 1).trim() : 'true');
      }
      return {
        type: options.get('type') ?? 'bind',
        target: options.get('target') ?? options.get('dst') ?? options.get('destination'),
        source: options.get('source') ?? options.get('src'),
        from: options.get('from'),
        id: options.get('id'),
        options,
      };
    });
}

/** True when a cache mount of this RUN covers `path` (or a folder that contains it). */
export function hasCacheMountFor(instruction: Instruction, path: string): boolean {
  const wanted = path.replace(/\/+$/, '');
  return runMounts(instruction).some((m) => {
    if (m.type !== 'cache' || !m.target) return false;
    const target = m.target.replace(/\/+$/, '');
    return wanted === target || wanted.startsWith(`${target}/`);
  });
}
