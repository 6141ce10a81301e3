import type { Instruction, Model, Range, Word } from '../model/types';
import { runPipelines } from '../shell/pipelines';
import { parseArgs, type Invocation } from '../shell/query';
import { variableAssignments } from './lib/security';
import type { Rule } from './types';

/** Environment variables that turn certificate checks off, and the values that do it. */
const INSECURE_ENV: Record<string, { disables: (value: string) => boolean; tool: string }> = {
  // git checks only whether the variable is set.
  GIT_SSL_NO_VERIFY: { disables: () => true, tool: 'git' },
  NODE_TLS_REJECT_UNAUTHORIZED: { disables: (v) => v.trim() === '0', tool: 'Node.js' },
  PYTHONHTTPSVERIFY: { disables: (v) => v.trim() === '0', tool: 'Python' },
  NPM_CONFIG_STRICT_SSL: { disables: (v) => /^(false|0)$/i.test(v.trim()), tool: 'npm' },
  PIP_TRUSTED_HOST: { disables: (v) => v.trim() !== '', tool: 'pip' },
};

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
  'e',
  'x',
  'proxy',
  'w',
  'm',
  'T',
  'F',
  'K',
  'E',
  'r',
  'C',
  'cacert',
  'retry',
]);

interface Hit {
  range: Range;
  message: string;
}

/**
 * Without certificate checks anyone on the network path (a proxy, a hijacked mirror, a poisoned DNS)
 * can hand the build different files: what gets installed is no longer what was asked for.
 */
export const tlsVerificationDisabled: Rule = {
  meta: {
    id: 'tls-verification-disabled',
    category: 'security',
    severity: 'warning',
    aliases: [],
    description:
      'TLS certificate verification is turned off (curl -k, wget --no-check-certificate, pip --trusted-host, …).',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        for (const v of variableAssignments(model, instruction)) {
          const known = INSECURE_ENV[v.name.toUpperCase()];
          if (!known || v.value === undefined || !known.disables(v.value)) continue;
          report({
            range: v.nameRange,
            message: `\`${v.name}=${v.value}\` turns off certificate checks for ${known.tool}${instruction.keyword === 'ENV' ? ' in the build and in every container started from the image' : ''}. Add the needed CA certificate to the trust store instead.`,
          });
        }
      }
      if (instruction.keyword === 'RUN') for (const hit of runHits(model, instruction)) report(hit);
    }
  },
};

function runHits(model: Model, instruction: Instruction): Hit[] {
  const hits: Hit[] = [];
  const push = (word: Word, message: string): void => {
    hits.push({
      range: word.range,
      message: `${message} Add the needed CA certificate to the trust store instead.`,
    });
  };
  for (const pipeline of runPipelines(instruction)) {
    for (const inv of pipeline) {
      envHits(inv, push);
      const a = inv.args;
      switch (inv.program) {
        case 'curl': {
          for (const w of flagWords(inv, CURL_VALUE_FLAGS, ['k', 'insecure', 'proxy-insecure']))
            push(
              w,
              `\`curl ${w.value}\` accepts any certificate, so the download can be swapped on the way.`,
            );
          break;
        }
        case 'wget':
          for (const w of a.filter((x) => x.value === '--no-check-certificate'))
            push(
              w,
              '`wget --no-check-certificate` accepts any certificate, so the download can be swapped on the way.',
            );
          break;
        case 'pip':
        case 'pip3':
        case 'uv':
          pipHits(inv, push);
          break;
        case 'npm':
        case 'yarn':
        case 'pnpm':
          configSetHits(
            inv,
            push,
            `\`${inv.program}\` with strict-ssl off accepts any registry certificate.`,
            (k, v) => /^(strict-ssl|enableStrictSsl)$/i.test(k) && /^(false|0)$/i.test(v),
          );
          for (const w of a.filter((x) => /^--strict-ssl=(false|0)$/i.test(x.value)))
            push(w, `\`${w.value}\` makes ${inv.program} accept any registry certificate.`);
          break;
        case 'git':
          gitHits(inv, push);
          break;
        case 'composer':
          configSetHits(
            inv,
            push,
            'Composer with TLS turned off (or plain HTTP allowed) downloads packages unchecked.',
            (k, v) =>
              (k === 'disable-tls' && /^(true|1)$/i.test(v)) ||
              (k === 'secure-http' && /^(false|0)$/i.test(v)),
          );
          break;
        case 'conda':
        case 'mamba':
        case 'micromamba':
          for (let i = 0; i + 1 < a.length; i++) {
            if (a[i]!.value === 'ssl_verify' && /^(false|0|no)$/i.test(a[i + 1]!.value))
              push(a[i]!, `\`${inv.program}\` with ssl_verify off accepts any certificate.`);
          }
          break;
        default:
          if (/^python[\d.]*$/.test(inv.program)) pipHits(inv, push);
          if (inv.program === 'apt-get' || inv.program === 'apt') {
            for (const w of a.filter((x) =>
              /^Acquire::https?::Verify-(Peer|Host)=(false|0|no)$/i.test(x.value),
            ))
              push(w, `\`${w.value}\` makes apt accept any certificate from its mirrors.`);
          }
      }
    }
  }
  return hits;
}

/** Boolean flags among the arguments (combined short flags included), as their words. */
function flagWords(inv: Invocation, valueFlags: ReadonlySet<string>, names: string[]): Word[] {
  const out: Word[] = [];
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const name = v.slice(2).split('=')[0]!;
      if (names.includes(name)) out.push(w);
      else if (valueFlags.has(name) && !v.includes('=')) i++;
      continue;
    }
    if (!v.startsWith('-') || v === '-') continue;
    const parsed = parseArgs([w], valueFlags);
    if (names.some((n) => n.length === 1 && parsed.flags.has(n))) out.push(w);
    // `-o file`: skip the value word when the last letter takes one.
    const last = v
      .slice(1)
      .split('')
      .findIndex((c) => valueFlags.has(c));
    if (last >= 0 && last === v.length - 2) i++;
  }
  return out;
}

function pipHits(inv: Invocation, push: (w: Word, m: string) => void): void {
  for (const w of inv.args) {
    if (w.value === '--trusted-host' || w.value.startsWith('--trusted-host='))
      push(
        w,
        '`pip --trusted-host` skips certificate checks for that index, so packages can be swapped on the way.',
      );
  }
  configSetHits(
    inv,
    push,
    '`pip config set …trusted-host` skips certificate checks for that index.',
    (k, v) => /^(global|install|download)\.trusted-host$/.test(k) && v !== '',
  );
}

function gitHits(inv: Invocation, push: (w: Word, m: string) => void): void {
  const a = inv.args;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!.value;
    // git -c http.sslVerify=false clone …
    if (v === '-c' && /^http\.(.*\.)?sslverify=(false|0|no|off)$/i.test(a[i + 1]?.value ?? ''))
      push(a[i + 1]!, '`http.sslVerify=false` makes git accept any certificate.');
    // git config --global http.sslVerify false
    if (
      /^http\.(.*\.)?sslverify$/i.test(v) &&
      /^(false|0|no|off)$/i.test(a[i + 1]?.value ?? '') &&
      a.some((x) => x.value === 'config')
    )
      push(a[i]!, '`git config http.sslVerify false` makes git accept any certificate.');
  }
}

/**
 * `<tool> config set <key> <value>` (also `key=value`, `npm set …`, and Composer's `config <key> <value>`)
 * where `disables(key, value)` says the setting turns checks off.
 */
function configSetHits(
  inv: Invocation,
  push: (w: Word, m: string) => void,
  message: string,
  disables: (key: string, value: string) => boolean,
): void {
  const words = parseArgs(inv.args).positionals;
  const config = words.findIndex((w) => w.value === 'config');
  let at: number;
  if (config >= 0 && words[config + 1]?.value === 'set') at = config + 2;
  else if (config >= 0 && inv.program === 'composer') at = config + 1;
  else if (words[0]?.value === 'set') at = 1;
  else return;
  const keyWord = words[at];
  if (!keyWord) return;
  const eq = keyWord.value.indexOf('=');
  const key = eq > 0 ? keyWord.value.slice(0, eq) : keyWord.value;
  const value = eq > 0 ? keyWord.value.slice(eq + 1) : (words[at + 1]?.value ?? '');
  if (disables(key, value)) push(keyWord, message);
}

/** `NAME=value cmd`, `env NAME=value cmd`, `export NAME=value`. */
function envHits(inv: Invocation, push: (w: Word, m: string) => void): void {
  const words = [
    ...inv.command.assignments,
    ...inv.command.words.filter(
      (w) => w.start < inv.programWord.start && !inv.command.assignments.includes(w),
    ),
    ...(inv.program === 'export' ? inv.args : []),
  ];
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq <= 0) continue;
    const known = INSECURE_ENV[w.value.slice(0, eq).toUpperCase()];
    if (known?.disables(w.value.slice(eq + 1)))
      push(w, `\`${w.value}\` turns off certificate checks for ${known.tool}.`);
  }
}
