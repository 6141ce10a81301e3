// A parser for the part of HCL2 that docker-bake.hcl files use: blocks with labels, attributes,
// strings with `${…}` interpolation, heredocs, numbers, bools, null, tuples, objects and comments.
// The npm registry has no small pure-JavaScript HCL2 parser (the ones there are GopherJS or WebAssembly
// builds of the Go library, or HCL1 only), so this one is ours. Function calls, operators, conditionals,
// `for` expressions and template directives are parsed (so the rest of the file still reads) but
// evaluate to "unknown": a value we cannot compute is left out rather than guessed.

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

export type HclExpression =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'template'; parts: Array<string | HclExpression> }
  | { kind: 'tuple'; items: HclExpression[] }
  | { kind: 'object'; entries: Array<{ key: HclExpression; value: HclExpression }> }
  | { kind: 'variable'; name: string }
  | { kind: 'unsupported'; what: string };

export interface HclAttribute {
  name: string;
  value: HclExpression;
  /** 1-based line of the attribute name. */
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  /** 1-based line of the block type. */
  line: number;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
  }
}

/** Parses a whole HCL file. Throws HclSyntaxError (with a 1-based line and column) on bad syntax. */
export function parseHcl(text: string): HclBody {
  return new HclParser(text, 0).parseFile();
}

/**
 * Parses the content of a template string without its quotes, as bake reads the strings of a
 * docker-bake.json (`"${TAG}"` interpolates there too). Throws HclSyntaxError.
 */
export function parseHclTemplate(text: string): HclExpression {
  return new HclParser(text, 0).parseTemplateBody({ escapes: false });
}

/**
 * The value of an expression, or undefined when it cannot be computed here (an unknown variable, a
 * function call, an operator…). Entries of an object whose key or value is unknown are left out, so
 * that one computed build argument does not hide the literal ones next to it.
 */
export function evaluateHcl(
  expression: HclExpression,
  lookup: (name: string) => HclValue | undefined,
): HclValue | undefined {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'variable':
      return lookup(expression.name);
    case 'unsupported':
      return undefined;
    case 'tuple': {
      const items: HclValue[] = [];
      for (const item of expression.items) {
        const value = evaluateHcl(item, lookup);
        if (value === undefined) return undefined;
        items.push(value);
      }
      return items;
    }
    case 'object': {
      const result: { [key: string]: HclValue } = {};
      for (const entry of expression.entries) {
        const key = evaluateHcl(entry.key, lookup);
        const value = evaluateHcl(entry.value, lookup);
        if ((typeof key === 'string' || typeof key === 'number') && value !== undefined)
          result[String(key)] = value;
      }
      return result;
    }
    case 'template': {
      // A template that is a single interpolation keeps the value's type (`"${LIST}"` is a list).
      const only = expression.parts[0];
      if (expression.parts.length === 1 && typeof only !== 'string') return evaluateHcl(only!, lookup);
      let text = '';
      for (const part of expression.parts) {
        if (typeof part === 'string') {
          text += part;
          continue;
        }
        const value = evaluateHcl(part, lookup);
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          text += String(value);
        else if (value === null) continue;
        else return undefined;
      }
      return text;
    }
  }
}

/** Binary operators by precedence (higher binds tighter), longest spelling first. */
const OPERATORS: Array<[string, number]> = [
  ['||', 1],
  ['&&', 2],
  ['==', 3],
  ['!=', 3],
  ['<=', 4],
  ['>=', 4],
  ['<', 4],
  ['>', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['%', 6],
];

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_-]/;
const NUMBER = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
/** Deeper nesting than any real bake file: stops a crafted file from exhausting the stack. */
const MAX_DEPTH = 200;

class HclParser {
  private pos = 0;
  private depth = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    /** Lines before this text in the file (for heredoc contents parsed on their own). */
    private readonly lineOffset: number,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  parseFile(): HclBody {
    return this.parseBody(false);
  }

  // ---- positions and errors

  private lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1 + this.lineOffset;
  }

  private fail(message: string, at = this.pos): never {
    const line = this.lineAt(at);
    const column = at - this.lineStarts[line - 1 - this.lineOffset]! + 1;
    throw new HclSyntaxError(message, line, column);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('nesting too deep');
  }

  private leave(): void {
    this.depth--;
  }

  // ---- whitespace and comments

  /** Skips blanks and comments; newlines too when `newlines` (inside brackets and parentheses). */
  private skip(newlines: boolean): void {
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) {
        this.pos++;
      } else if (c === '#' || this.startsWith('//')) {
        while (!this.atEnd() && this.peek() !== '\n') this.pos++;
      } else if (this.startsWith('/*')) {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  /** After an attribute or block: the line must end (or the enclosing one-line block close). */
  private endOfItem(closing: boolean): void {
    this.skip(false);
    if (this.atEnd() || this.peek() === '\n' || (closing && this.peek() === '}')) return;
    this.fail(`unexpected "${this.peek()}" after the value`);
  }

  // ---- structure

  private parseBody(closing: boolean): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skip(true);
      if (this.atEnd()) {
        if (closing) this.fail('a block is not closed with "}"');
        return body;
      }
      if (this.peek() === '}') {
        if (!closing) this.fail('"}" without a block to close');
        this.pos++;
        return body;
      }
      const start = this.pos;
      const name = this.identifier();
      if (name === undefined) this.fail(`expected an attribute or a block, found "${this.peek()}"`);
      this.skip(false);
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.pos++;
        const value = this.parseExpression(false);
        body.attributes.push({ name, value, line: this.lineAt(start) });
        this.endOfItem(closing);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        if (this.peek() === '"') labels.push(this.plainString());
        else {
          const label = this.identifier();
          if (label === undefined) break;
          labels.push(label);
        }
        this.skip(false);
      }
      if (this.peek() !== '{') this.fail(`expected "=" or "{" after "${name}"`);
      this.pos++;
      this.enter();
      const inner = this.parseBody(true);
      this.leave();
      body.blocks.push({ type: name, labels, body: inner, line: this.lineAt(start) });
      this.endOfItem(closing);
    }
  }

  private identifier(): string | undefined {
    if (!IDENTIFIER_START.test(this.peek())) return undefined;
    const start = this.pos;
    while (!this.atEnd() && IDENTIFIER_PART.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A block label: a quoted string without interpolation. */
  private plainString(): string {
    const expression = this.quotedTemplate();
    if (expression.kind === 'template' && expression.parts.every((p) => typeof p === 'string'))
      return expression.parts.join('');
    return this.fail('a block label cannot contain an interpolation');
  }

  // ---- expressions

  private parseExpression(newlines: boolean): HclExpression {
    this.enter();
    try {
      const condition = this.parseBinary(newlines, 1);
      this.skip(newlines);
      if (this.peek() !== '?') return condition;
      this.pos++;
      this.parseExpression(newlines);
      this.skip(newlines);
      if (this.peek() !== ':') this.fail('expected ":" in a conditional expression');
      this.pos++;
      this.parseExpression(newlines);
      return { kind: 'unsupported', what: 'conditional expression' };
    } finally {
      this.leave();
    }
  }

  private parseBinary(newlines: boolean, minimum: number): HclExpression {
    let left = this.parseUnary(newlines);
    for (;;) {
      const save = this.pos;
      this.skip(newlines);
      const operator = OPERATORS.find(([token]) => this.startsWith(token));
      if (!operator || operator[1] < minimum) {
        this.pos = save;
        return left;
      }
      this.pos += operator[0].length;
      this.skip(true);
      this.parseBinary(newlines, operator[1] + 1);
      left = { kind: 'unsupported', what: `operator ${operator[0]}` };
    }
  }

  private parseUnary(newlines: boolean): HclExpression {
    this.skip(newlines);
    const c = this.peek();
    if (c === '-' || c === '!') {
      this.pos++;
      this.enter();
      const operand = this.parseUnary(newlines);
      this.leave();
      if (c === '-' && operand.kind === 'literal' && typeof operand.value === 'number')
        return { kind: 'literal', value: -operand.value };
      return { kind: 'unsupported', what: `operator ${c}` };
    }
    return this.parsePostfix();
  }

  /** Attribute access and indexing (`target.app.tags`, `list[0]`, `x.*`) are references we do not follow. */
  private parsePostfix(): HclExpression {
    let expression = this.parsePrimary();
    for (;;) {
      if (this.peek() === '.' && !this.startsWith('...')) {
        this.pos++;
        if (this.peek() === '*') this.pos++;
        else if (/[0-9]/.test(this.peek())) while (/[0-9]/.test(this.peek())) this.pos++;
        else if (this.identifier() === undefined) this.fail('expected a name after "."');
        expression = { kind: 'unsupported', what: 'attribute access' };
      } else if (this.peek() === '[') {
        this.pos++;
        this.skip(true);
        if (this.peek() === '*') this.pos++;
        else this.parseExpression(true);
        this.skip(true);
        if (this.peek() !== ']') this.fail('expected "]" after an index');
        this.pos++;
        expression = { kind: 'unsupported', what: 'index' };
      } else {
        return expression;
      }
    }
  }

  private parsePrimary(): HclExpression {
    const c = this.peek();
    if (this.atEnd() || c === '\n') this.fail('expected a value');
    const number = NUMBER.exec(this.text.slice(this.pos, this.pos + 64));
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    if (c === '"') return this.quotedTemplate();
    if (this.startsWith('<<')) return this.heredoc();
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    if (c === '(') {
      this.pos++;
      const inner = this.parseExpression(true);
      this.skip(true);
      if (this.peek() !== ')') this.fail('expected ")"');
      this.pos++;
      return inner;
    }
    const name = this.identifier();
    if (name === undefined) this.fail(`unexpected "${c}"`);
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    if (this.peek() === '(') {
      this.callArguments();
      return { kind: 'unsupported', what: `function ${name}()` };
    }
    return { kind: 'variable', name };
  }

  private callArguments(): void {
    this.pos++;
    for (;;) {
      this.skip(true);
      if (this.peek() === ')') {
        this.pos++;
        return;
      }
      this.parseExpression(true);
      this.skip(true);
      if (this.startsWith('...')) {
        this.pos += 3;
        this.skip(true);
      }
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ')') this.fail('expected "," or ")" in a function call');
    }
  }

  /** `[for …]` and `{for …}`: skipped to the matching bracket. */
  private isForExpression(): boolean {
    return /^[[{]\s*for\s/.test(this.text.slice(this.pos, this.pos + 16));
  }

  private skipBalanced(): void {
    const open = this.peek();
    const close = open === '[' ? ']' : '}';
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '"') {
        this.quotedTemplate();
        continue;
      }
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          if (c !== close) this.fail(`expected "${close}"`);
          this.pos++;
          return;
        }
      }
      this.pos++;
    }
    this.fail(`"${open}" is not closed`);
  }

  private tuple(): HclExpression {
    if (this.isForExpression()) {
      this.skipBalanced();
      return { kind: 'unsupported', what: 'for expression' };
    }
    this.pos++;
    const items: HclExpression[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ']') {
        this.pos++;
        return { kind: 'tuple', items };
      }
      items.push(this.parseExpression(true));
      this.skip(true);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]" in a list');
    }
  }

  private object(): HclExpression {
    if (this.isForExpression()) {
      this.skipBalanced();
      return { kind: 'unsupported', what: 'for expression' };
    }
    this.pos++;
    const entries: Array<{ key: HclExpression; value: HclExpression }> = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === '}') {
        this.pos++;
        return { kind: 'object', entries };
      }
      // A bare name as key is the name itself, not a variable (`{ GO_VERSION = "1.22" }`).
      const name = IDENTIFIER_START.test(this.peek()) ? this.identifier() : undefined;
      const key: HclExpression =
        name !== undefined ? { kind: 'literal', value: name } : this.parseExpression(false);
      this.skip(false);
      if (this.peek() !== '=' && this.peek() !== ':') this.fail('expected "=" or ":" after an object key');
      this.pos++;
      const value = this.parseExpression(false);
      entries.push({ key, value });
      this.skip(false);
      if (this.peek() === ',' || this.peek() === '\n') this.pos++;
      else if (this.peek() !== '}') this.fail('expected ",", a new line or "}" in an object');
    }
  }

  // ---- templates

  private quotedTemplate(): HclExpression {
    const start = this.pos;
    this.pos++;
    const expression = this.parseTemplateBody({ escapes: true });
    if (this.peek() !== '"') this.fail('unterminated string', start);
    this.pos++;
    return expression;
  }

  /**
   * Reads template text up to a closing quote (quoted strings, `escapes`) or to the end of the text
   * (heredoc contents, bake JSON strings).
   */
  parseTemplateBody(options: { escapes: boolean }): HclExpression {
    const parts: Array<string | HclExpression> = [];
    let literal = '';
    let unsupported: string | undefined;
    const flush = (): void => {
      if (literal) parts.push(literal);
      literal = '';
    };
    while (!this.atEnd()) {
      const c = this.peek();
      if (options.escapes && (c === '"' || c === '\n')) break;
      if (options.escapes && c === '\\') {
        literal += this.escape();
        continue;
      }
      if (this.startsWith('$${') || this.startsWith('%%{')) {
        literal += `${c}{`;
        this.pos += 3;
        continue;
      }
      if (this.startsWith('${')) {
        flush();
        this.pos += 2;
        if (this.peek() === '~') this.pos++;
        this.skip(true);
        parts.push(this.parseExpression(true));
        this.skip(true);
        if (this.peek() === '~') this.pos++;
        if (this.peek() !== '}') this.fail('expected "}" to close "${"');
        this.pos++;
        continue;
      }
      if (this.startsWith('%{')) {
        // Template directives (`%{ if … }`): the string's value depends on them.
        const end = this.text.indexOf('}', this.pos);
        if (end < 0) this.fail('expected "}" to close "%{"');
        this.pos = end + 1;
        unsupported = 'template directive';
        continue;
      }
      literal += c;
      this.pos++;
    }
    flush();
    if (unsupported) return { kind: 'unsupported', what: unsupported };
    return { kind: 'template', parts };
  }

  private escape(): string {
    const next = this.peek(1);
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const length = next === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + length);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== length) this.fail('bad unicode escape');
        this.pos += length;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) this.fail('bad unicode escape');
        return String.fromCodePoint(code);
      }
      default:
        return this.fail(`unknown escape "\\${next}"`, this.pos - 2);
    }
  }

  private heredoc(): HclExpression {
    const start = this.pos;
    this.pos += 2;
    const indented = this.peek() === '-';
    if (indented) this.pos++;
    const marker = this.identifier();
    if (marker === undefined) this.fail('expected a heredoc marker after "<<"');
    this.skip(false);
    if (this.peek() !== '\n') this.fail('a heredoc marker must end its line');
    this.pos++;
    const contentStart = this.pos;
    const lines: string[] = [];
    for (;;) {
      if (this.atEnd()) this.fail(`heredoc "${marker}" is not closed`, start);
      const end = this.text.indexOf('\n', this.pos);
      const lineEnd = end < 0 ? this.text.length : end;
      const line = this.text.slice(this.pos, lineEnd).replace(/\r$/, '');
      this.pos = lineEnd;
      if (line.trim() === marker) break;
      lines.push(line);
      if (end < 0) this.fail(`heredoc "${marker}" is not closed`, start);
      this.pos++;
    }
    let content = lines;
    if (indented) {
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const strip = indents.length > 0 ? Math.min(...indents) : 0;
      content = lines.map((l) => l.slice(strip));
    }
    const inner = new HclParser(content.map((l) => `${l}\n`).join(''), this.lineAt(contentStart) - 1);
    return inner.parseTemplateBody({ escapes: false });
  }
}
