import type { LogicalText } from './logicalText';
import type { PositionIndex, ShellCommand, ShellOperator, ShellScript, Word } from './types';

// A small POSIX-shell reader: enough to split a RUN into simple commands, words and operators so that
// rules can ask questions like "is there an apt-get install without --no-install-recommends" instead
// of matching regular expressions. It never throws: unbalanced quotes end at the end of the text.

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string } | { kind: 'redirect' };

const RESERVED_PREFIX = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{']);
const RESERVED_ALONE = new Set(['fi', 'done', '}', 'esac', 'then', 'else', 'do']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function parseShell(source: LogicalText, positions: PositionIndex): ShellScript {
  const tokens = tokenize(source, positions);
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let redirects: Word[] = [];
  let expectRedirectTarget = false;

  const flush = (operator: ShellOperator | undefined): void => {
    let k = 0;
    while (k < words.length && RESERVED_PREFIX.has(words[k]!.text)) k++;
    const rest = words.slice(k);
    const alone = rest.length === 1 && RESERVED_ALONE.has(rest[0]!.text);
    if (rest.length > 0 && !alone) {
      let n = 0;
      while (n < rest.length && ASSIGNMENT.test(rest[n]!.text)) n++;
      const all = [...rest, ...redirects].sort((a, b) => a.start - b.start);
      commands.push({
        words: all,
        assignments: rest.slice(0, n),
        name: rest[n],
        args: rest.slice(n + 1),
        redirects,
        operator,
        range: { start: all[0]!.range.start, end: all[all.length - 1]!.range.end },
      });
    } else if (
      commands.length > 0 &&
      operator !== undefined &&
      commands[commands.length - 1]!.operator === undefined
    ) {
      commands[commands.length - 1]!.operator = operator;
    }
    words = [];
    redirects = [];
  };

  for (const token of tokens) {
    if (token.kind === 'redirect') {
      expectRedirectTarget = true;
    } else if (token.kind === 'word') {
      if (expectRedirectTarget) redirects.push(token.word);
      else words.push(token.word);
      expectRedirectTarget = false;
    } else {
      expectRedirectTarget = false;
      const op = token.op;
      if (op === '(' || op === ')') flush(undefined);
      else flush(op === '|&' ? '|' : (op as ShellOperator));
    }
  }
  flush(undefined);
  // The last command of the script has no operator after it.
  const last = commands[commands.length - 1];
  if (last && (last.operator === '\n' || last.operator === ';')) last.operator = undefined;
  return { commands };
}

function tokenize(source: LogicalText, positions: PositionIndex): Token[] {
  const s = source.text;
  const tokens: Token[] = [];
  let i = 0;
  const n = s.length;

  const makeWord = (start: number, end: number, value: string, quoted: boolean): Word => {
    const docStart = source.offsets[start]!;
    const docEnd = source.offsets[end - 1]! + 1;
    const text = s.slice(start, end);
    return {
      text,
      // Most words have nothing to unquote: one string serves both.
      value: value === text ? text : value,
      quoted,
      start: docStart,
      end: docEnd,
      range: { start: positions.positionAt(docStart), end: positions.positionAt(docEnd) },
    };
  };

  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2; // shell line continuation inside a heredoc body
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n' });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '|&' || two === ';;') {
      tokens.push({ kind: 'op', op: two === ';;' ? ';' : two });
      i += 2;
      continue;
    }
    if (c === ';' || c === '|' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', op: c });
      i++;
      continue;
    }
    const redirect = /^(?:\d*(?:>>|>&|<&|<<<|<<-?|<>|>\||>|<)|&>>?)/.exec(s.slice(i, i + 5));
    if (redirect) {
      i += redirect[0].length;
      // `2>&1`: the duplicated descriptor is part of the redirection, not a word.
      if (/[<>]&$/.test(redirect[0])) {
        const fd = /^(?:\d+|-)/.exec(s.slice(i, i + 10));
        if (fd) {
          i += fd[0].length;
          continue;
        }
      }
      tokens.push({ kind: 'redirect' });
      continue;
    }
    if (c === '&') {
      tokens.push({ kind: 'op', op: '&' });
      i++;
      continue;
    }
    // A word: runs until an unquoted blank or operator. `value` is built from slices of plain runs
    // (not character by character, which leaves long chains of string pieces in memory).
    const start = i;
    let value = '';
    let run = i;
    let quoted = false;
    while (i < n) {
      const ch = s[i]!;
      if (
        ch === ' ' ||
        ch === '\t' ||
        ch === '\n' ||
        ch === '\r' ||
        ch === ';' ||
        ch === '|' ||
        ch === '&' ||
        ch === '(' ||
        ch === ')' ||
        ch === '<' ||
        ch === '>'
      )
        break;
      if (ch === '\\') {
        value += s.slice(run, i);
        if (s[i + 1] === '\n') {
          i += 2;
          run = i;
          continue;
        }
        if (i + 1 < n) value += s[i + 1];
        i += 2;
        run = i;
        quoted = true;
        continue;
      }
      if (ch === "'") {
        value += s.slice(run, i);
        const close = s.indexOf("'", i + 1);
        const stop = close < 0 ? n : close;
        value += s.slice(i + 1, stop);
        i = stop + 1;
        run = i;
        quoted = true;
        continue;
      }
      if (ch === '"') {
        value += s.slice(run, i);
        i++;
        let part = i;
        while (i < n && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(s[i + 1]!)) {
            value += s.slice(part, i);
            if (s[i + 1] !== '\n') value += s[i + 1];
            i += 2;
            part = i;
          } else if (s[i] === '$' && s[i + 1] === '(') {
            i = skipBalanced(s, i + 1, '(', ')');
          } else {
            i++;
          }
        }
        value += s.slice(part, Math.min(i, n));
        i++;
        run = i;
        quoted = true;
        continue;
      }
      if (ch === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
        const open = s[i + 1]!;
        i = skipBalanced(s, i + 1, open, open === '(' ? ')' : '}');
        continue;
      }
      if (ch === '`') {
        const close = s.indexOf('`', i + 1);
        i = close < 0 ? n : close + 1;
        continue;
      }
      i++;
    }
    if (run < i) value += s.slice(run, Math.min(i, n));
    if (i > start) tokens.push({ kind: 'word', word: makeWord(start, Math.min(i, n), value, quoted) });
    else i++; // defensive: never loop without progress
  }
  return tokens;
}

/** From the opening bracket at `openAt`, the index just after its matching close (quotes respected). */
function skipBalanced(s: string, openAt: number, open: string, close: string): number {
  let depth = 0;
  let i = openAt;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === "'" && open === '(') {
      const q = s.indexOf("'", i + 1);
      i = q < 0 ? s.length : q + 1;
      continue;
    }
    if (ch === open) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}
