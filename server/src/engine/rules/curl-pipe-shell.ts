import type { Instruction, Model, Range, Word } from '../model/types';
import { runPipelines, shellScriptWord } from '../shell/pipelines';
import { parseArgs, type Invocation } from '../shell/query';
import type { Rule } from './types';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
const INTERPRETERS = /^(python[\d.]*|perl|ruby|node|php[\d.]*)$/;
const DOWNLOAD_SUBSTITUTION = /^\s*(\$\(|`)\s*(curl|wget)\s/;

// curl options that take a value (so the value is not read as a URL or flag).
const CURL_VALUE_FLAGS = new Set([
  'o',
  'output',
  'H',
  'header',
  'd',
  'data',
  'u',
  'user',
  'X',
  'request',
  'A',
  'user-agent',
  'e',
  'referer',
  'x',
  'proxy',
  'w',
  'write-out',
  'm',
  'max-time',
  'T',
  'upload-file',
  'F',
  'form',
  'K',
  'config',
  'E',
  'cert',
  'r',
  'range',
  'C',
  'continue-at',
  'retry',
  'connect-timeout',
  'cacert',
]);

/**
 * Piping a download into a shell runs whatever the server (or anyone between it and the build)
 * returns, with nothing checked: no checksum, no signature, and a cut-off download runs half a script.
 */
export const curlPipeShell: Rule = {
  meta: {
    id: 'curl-pipe-shell',
    category: 'security',
    severity: 'warning',
    aliases: [],
    description: 'A download is piped straight into a shell or interpreter.',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const hit of findings(model, instruction)) report(hit);
    }
  },
};

function findings(model: Model, instruction: Instruction): Array<{ range: Range; message: string }> {
  const out: Array<{ range: Range; message: string }> = [];
  for (const pipeline of runPipelines(instruction)) {
    pipeline.forEach((inv, i) => {
      // sh -c "$(curl …)", eval "$(wget -qO- …)"
      const script = inv.program === 'eval' ? inv.args[0] : shellScriptWord(inv);
      if (script && DOWNLOAD_SUBSTITUTION.test(script.value)) {
        out.push({
          range: span(inv.programWord, script),
          message: `\`${inv.program}\` runs a script downloaded by a command substitution without checking it. Download it to a file, verify its checksum or signature, then run it.`,
        });
      }
      if (!isDownloadToStdout(inv)) return;
      const runner = pipeline.slice(i + 1).find(readsScriptFromStdin);
      if (runner) {
        const last = runner.args.at(-1) ?? runner.programWord;
        out.push({
          range: span(inv.programWord, last),
          message: `The output of \`${inv.program}\` is piped into \`${runner.program}\` and run unchecked. Download to a file, verify its checksum or signature, then run it.`,
        });
      }
    });
    // bash <(curl …), . <(wget -qO- …): process substitution.
    pipeline.forEach((inv) => {
      if (inv.nested || !isDownloadToStdout(inv)) return;
      const before = textBefore(model, inv.programWord.start, 2);
      if (before !== '<(') return;
      out.push({
        range: inv.command.range,
        message: `A script downloaded by \`${inv.program}\` is run through process substitution without checking it. Download it to a file, verify its checksum or signature, then run it.`,
      });
    });
  }
  return out;
}

function span(from: Word, to: Word): Range {
  return from.start <= to.start ? { start: from.range.start, end: to.range.end } : from.range;
}

/** The last `n` non-blank characters before an offset. */
function textBefore(model: Model, offset: number, n: number): string {
  let i = offset - 1;
  let out = '';
  while (i >= 0 && out.length < n) {
    const c = model.text[i]!;
    if (c !== ' ' && c !== '\t') out = c + out;
    i--;
  }
  return out;
}

function isDownloadToStdout(inv: Invocation): boolean {
  if (inv.program === 'curl') {
    const parsed = parseArgs(inv.args, CURL_VALUE_FLAGS);
    const output = parsed.flags.get('o') ?? parsed.flags.get('output');
    if (output !== undefined && output !== '-') return false;
    return !parsed.flags.has('O') && !parsed.flags.has('remote-name') && !parsed.flags.has('remote-name-all');
  }
  if (inv.program === 'wget') {
    const parsed = parseArgs(inv.args, new Set(['O', 'output-document', 'o', 'output-file', 'P', 'U', 'e']));
    const output = parsed.flags.get('O') ?? parsed.flags.get('output-document');
    return output === '-' || output === '/dev/stdout';
  }
  return false;
}

/** A shell or interpreter that reads its program from standard input. */
function readsScriptFromStdin(inv: Invocation): boolean {
  const shell = SHELLS.has(inv.program);
  if (!shell && !INTERPRETERS.test(inv.program)) return false;
  const args = inv.args.map((a) => a.value);
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '--' || a === '-' || a === '/dev/stdin') return true;
    if (a.startsWith('-') || (shell && a.startsWith('+'))) {
      // Program given on the command line: stdin is data, not the script.
      if (shell && /^-[a-z]*c/.test(a)) return false;
      if (shell && /^-[a-z]*s/.test(a)) return true;
      if (!shell && /^-(c|e|r|m|p|E|B|-eval|-print)$/.test(a)) return false;
      if (shell && (a === '-o' || a === '+o')) k++;
      continue;
    }
    // A script file: stdin is its input, not its code.
    return false;
  }
  return true;
}
