// Questions rules ask about shell commands, answered from the parsed script rather than regexes:
// "which programs run", "is this flag set", "what are the positional arguments".
import { createPositionIndex } from '../model/positions';
import { parseShell } from '../model/shell';
import type { Instruction, ShellCommand, ShellScript, Word } from '../model/types';

/** One program run by a RUN, after unwrapping `sudo`, `env`, `exec`, `nohup`, `time` and `sh -c "…"`. */
export interface Invocation {
  /** The simple command as parsed (for ranges and operators). */
  command: ShellCommand;
  /** Program name without a directory: `/usr/bin/apt-get` → `apt-get`. */
  program: string;
  /** The program word. */
  programWord: Word;
  /** Arguments after the program. */
  args: Word[];
  /** Wrappers that were removed, e.g. `['sudo']`. */
  wrappers: string[];
  /** True when found inside a `sh -c "…"` string (ranges then cover the whole string). */
  nested: boolean;
  /** Position of the command in its script (nested commands share their outer command's index). */
  index: number;
}

const WRAPPERS = new Set([
  'sudo',
  'env',
  'exec',
  'nohup',
  'time',
  'command',
  'doas',
  'nice',
  'stdbuf',
  'xargs',
]);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

export function baseName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

// Most rules ask about the same RUNs: the answers are kept per parsed script (and per instruction for
// the exec form), and dropped with the Model. Callers treat the returned arrays as read-only.
const invocationsByScript = new WeakMap<ShellScript, readonly Invocation[]>();
const execScriptByInstruction = new WeakMap<Instruction, ShellScript | undefined>();

/** All programs a script runs, in order, including those inside `sh -c "…"` strings. */
export function invocations(script: ShellScript | undefined): Invocation[] {
  if (!script) return [];
  const known = invocationsByScript.get(script);
  if (known) return known as Invocation[];
  const out: Invocation[] = [];
  script.commands.forEach((command, index) => collect(command, index, false, out, 0));
  invocationsByScript.set(script, out);
  return out;
}

/** The script of a RUN: its parsed shell form, or its exec-form argv as a single command. */
export function runScript(instruction: Instruction): ShellScript | undefined {
  if (instruction.shell) return instruction.shell;
  if (execScriptByInstruction.has(instruction)) return execScriptByInstruction.get(instruction);
  const script = execFormScript(instruction);
  execScriptByInstruction.set(instruction, script);
  return script;
}

function execFormScript(instruction: Instruction): ShellScript | undefined {
  if (!instruction.execForm || !instruction.argsRange) return undefined;
  // Exec form: one command; its words carry the whole argument range.
  const range = instruction.argsRange;
  const words: Word[] = instruction.execForm.map((value) => ({
    value,
    text: value,
    quoted: true,
    range,
    start: 0,
    end: 0,
  }));
  const [name, ...args] = words;
  if (!name) return undefined;
  return { commands: [{ words, assignments: [], name, args, redirects: [], operator: undefined, range }] };
}

/** Programs run by a RUN instruction: its shell script, or its exec-form argv. */
export function runInvocations(instruction: Instruction): Invocation[] {
  return invocations(runScript(instruction));
}

function collect(
  command: ShellCommand,
  index: number,
  nested: boolean,
  out: Invocation[],
  depth: number,
): void {
  if (!command.name) return;
  let words = [command.name, ...command.args];
  const wrappers: string[] = [];
  // Strip wrappers and their options (`sudo -u app`, `env -i A=1`).
  while (words.length > 0 && WRAPPERS.has(baseName(words[0]!.value))) {
    wrappers.push(baseName(words[0]!.value));
    words = words.slice(1);
    while (
      words.length > 0 &&
      (words[0]!.value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!.value))
    ) {
      const option = words[0]!.value;
      words = words.slice(1);
      if ((option === '-u' || option === '-g') && words.length > 0) words = words.slice(1);
    }
  }
  const [programWord, ...args] = words;
  if (!programWord) return;
  const program = baseName(programWord.value);
  out.push({ command, program, programWord, args, wrappers, nested, index });

  // `sh -c "apt-get update && …"`: the string is a script of its own.
  if (SHELLS.has(program) && depth < 3) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.value));
    const scriptWord = c >= 0 ? args[c + 1] : undefined;
    if (scriptWord) {
      const text = scriptWord.value;
      const inner = parseShell(
        { text, offsets: Array.from({ length: text.length + 1 }, () => scriptWord.start) },
        createPositionIndex(''),
      );
      for (const innerCommand of inner.commands) {
        // Nested words have no exact place in the document: give them the string's range.
        const relocated = relocate(innerCommand, scriptWord);
        collect(relocated, index, true, out, depth + 1);
      }
    }
  }
}

function relocate(command: ShellCommand, at: Word): ShellCommand {
  const move = (w: Word): Word => ({ ...w, range: at.range, start: at.start, end: at.end });
  return {
    ...command,
    words: command.words.map(move),
    assignments: command.assignments.map(move),
    name: command.name && move(command.name),
    args: command.args.map(move),
    redirects: command.redirects.map(move),
    range: at.range,
  };
}

export interface ParsedArgs {
  /** Normalised flags: `--no-cache` → `no-cache`, `-rf` → `r` and `f`, `--x=v` → x with value v. */
  flags: Map<string, string | true>;
  /** Arguments that are not flags (nor values of flags listed as taking one). */
  positionals: Word[];
}

/**
 * Splits arguments into flags and positionals. `valueFlags` names flags whose value is the next
 * word (e.g. `-t`, `--target`); others are booleans unless written `--flag=value`. `--` ends flags.
 */
export function parseArgs(args: readonly Word[], valueFlags: ReadonlySet<string> = new Set()): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: Word[] = [];
  let endOfFlags = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const v = word.value;
    if (endOfFlags || !v.startsWith('-') || v === '-') {
      positionals.push(word);
      continue;
    }
    if (v === '--') {
      endOfFlags = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq > 0 ? v.slice(2, eq) : v.slice(2);
      if (eq > 0) flags.set(name, v.slice(eq + 1));
      else if (valueFlags.has(name) && i + 1 < args.length) flags.set(name, args[++i]!.value);
      else flags.set(name, true);
      continue;
    }
    // Short flags, possibly combined: -rf, -qy, -o=value, -ofile.
    const letters = v.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const letter = letters[k]!;
      if (valueFlags.has(letter)) {
        const rest = letters.slice(k + 1).replace(/^=/, '');
        if (rest) flags.set(letter, rest);
        else if (i + 1 < args.length) flags.set(letter, args[++i]!.value);
        else flags.set(letter, true);
        break;
      }
      flags.set(letter, true);
    }
  }
  return { flags, positionals };
}

export function hasFlag(parsed: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => parsed.flags.has(n));
}
