import type { Instruction, Model, Range } from '../model/types';
import { parseArgs, runInvocations, type Invocation } from '../shell/query';
import type { Rule } from './types';

const RECURSIVE_MODE = 'u=rwX,go=rX';

interface Hit {
  range: Range;
  /** How the mode was set, for the message: `chmod -R 777`, `COPY --chmod=777`. */
  what: string;
  /** Replacement for the range, when the fix can be written. */
  newText: string | undefined;
}

/**
 * A world-writable file or folder can be changed by every process in the container, whatever user it
 * runs as: a compromised unprivileged process can rewrite a script or binary that root runs later.
 */
export const chmod777: Rule = {
  meta: {
    id: 'chmod-777',
    category: 'security',
    severity: 'warning',
    aliases: [],
    description: 'Files or folders are made world-writable (chmod 777, a+rwx, o+w, COPY --chmod=777).',
    fixable: 'suggestion',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      for (const hit of hits(model, instruction)) {
        report({
          range: hit.range,
          message: `\`${hit.what}\` makes it writable by every user in the container, so any process can change it. Give write access to the owner only (\`${RECURSIVE_MODE}\`); for a shared scratch folder use mode 1777 (sticky).`,
          data: hit.newText === undefined ? undefined : { newText: hit.newText },
        });
      }
    }
  },
  fix(finding) {
    const newText = finding.data?.newText;
    if (typeof newText !== 'string') return [];
    return [
      {
        title: `Use mode ${newText.replace(/^(-m|--mode=)/, '')} (no write access for group and others)`,
        kind: 'quickfix',
        edits: [{ range: finding.range, newText }],
      },
    ];
  },
};

function hits(model: Model, instruction: Instruction): Hit[] {
  const out: Hit[] = [];
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const flag = instruction.flags.find((f) => f.name === 'chmod');
    if (flag?.value !== undefined && flag.valueRange && worldWritable(flag.value)) {
      out.push({
        range: flag.valueRange,
        what: `${instruction.keyword} --chmod=${flag.value}`,
        newText: flag.value.includes('$') ? undefined : withoutWrite(flag.value),
      });
    }
    return out;
  }
  if (instruction.keyword !== 'RUN') return out;
  const editable = instruction.execForm === undefined;
  const invocations = runInvocations(instruction);
  invocations.forEach((inv, index) => {
    const canEdit = editable && !inv.nested;
    if (inv.program === 'chmod') {
      const parsed = parseArgs(inv.args, new Set(['reference']));
      const [mode, ...paths] = parsed.positionals;
      if (!mode || !worldWritable(mode.value)) return;
      // A scratch folder deleted later in the same RUN never reaches the image (nginx's `$tempDir`).
      if (paths.length > 0 && paths.every((p) => removedLater(invocations.slice(index + 1), p.value))) return;
      const recursive = parsed.flags.has('R') || parsed.flags.has('recursive');
      const replacement = recursive ? RECURSIVE_MODE : withoutWrite(mode.value);
      out.push({
        range: mode.range,
        what: `chmod${recursive ? ' -R' : ''} ${mode.value}`,
        newText: canEdit ? replacement : undefined,
      });
    } else if (inv.program === 'mkdir' || inv.program === 'install') {
      const hit = modeOption(inv, canEdit);
      if (hit) out.push(hit);
    }
  });
  return out;
}

/** Whether a later `rm` of the same RUN deletes `path` (compared as written, e.g. `$tempDir`). */
function removedLater(later: Invocation[], path: string): boolean {
  const target = path.replace(/\/+$/, '');
  return later.some(
    (inv) =>
      inv.program === 'rm' &&
      parseArgs(inv.args).positionals.some((w) => {
        const removed = w.value.replace(/\/+$/, '');
        return removed === target || target.startsWith(`${removed}/`);
      }),
  );
}

/** `mkdir -m 777`, `-m777`, `--mode=777`, `install -m 0777`. */
function modeOption(inv: Invocation, canEdit: boolean): Hit | undefined {
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    let prefix: string | undefined;
    let value: string | undefined;
    let target = w;
    if ((w.value === '-m' || w.value === '--mode') && args[i + 1]) {
      target = args[i + 1]!;
      prefix = '';
      value = target.value;
    } else if (w.value.startsWith('--mode=')) {
      prefix = '--mode=';
      value = w.value.slice(7);
    } else if (/^-m./.test(w.value)) {
      prefix = '-m';
      value = w.value.slice(2);
    }
    if (value === undefined || prefix === undefined || !worldWritable(value)) continue;
    return {
      range: target.range,
      what: `${inv.program} ${w === target ? w.value : `${w.value} ${value}`}`,
      newText: canEdit && target.text === target.value ? prefix + withoutWrite(value) : undefined,
    };
  }
  return undefined;
}

/** True for modes that give others write access (`777`, `0666`, `a+rwx`, `o+w`), not sticky folders (`1777`, `+t`). */
export function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const others = Number(mode[mode.length - 1]);
    const sticky = mode.length === 4 && (Number(mode[0]) & 1) === 1;
    return (others & 2) === 2 && !sticky;
  }
  let writable = false;
  let sticky = false;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return false;
    const who = m[1]!;
    for (const op of m[2]!.match(/[-+=][rwxXst]*/g) ?? []) {
      if (op.includes('t') && op[0] !== '-') sticky = true;
      if (op[0] !== '-' && op.includes('w') && /[oa]/.test(who)) writable = true;
    }
  }
  return writable && !sticky;
}

/**
 * The mode without write access for group and others: `777` → `755`, `0666` → `0644`,
 * `a+rwx` → `u+rwx,go+rx`, `ugo=rwx` → `u=rwx,go=rx`.
 */
export function withoutWrite(mode: string): string {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const digits = mode.split('').map(Number);
    const n = digits.length;
    digits[n - 1] = digits[n - 1]! & ~2;
    digits[n - 2] = digits[n - 2]! & ~2;
    return digits.join('');
  }
  const clauses: string[] = [];
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return RECURSIVE_MODE;
    const who = m[1]!;
    const ops = m[2]!;
    const writes = /[+=][rwxXst]*w/.test(ops);
    if (!writes || !/[goa]/.test(who)) {
      clauses.push(clause);
      continue;
    }
    const user = /[ua]/.test(who);
    const rest = who.includes('a') ? 'go' : who.replace(/u/g, '');
    if (user) clauses.push(`u${ops}`);
    const stripped = ops.replace(
      /([+=])([rwxXst]*)/g,
      (_m, op: string, perms: string) => op + perms.replace(/w/g, ''),
    );
    // `go+` alone would be a no-op: drop it; `go=` (no access) stays.
    const kept = stripped.replace(/\+(?=[-+=]|$)/g, '');
    if (kept !== '') clauses.push(`${rest}${kept}`);
  }
  return clauses.join(',') || RECURSIVE_MODE;
}
