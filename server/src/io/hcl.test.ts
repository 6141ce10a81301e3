import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateHcl, HclSyntaxError, parseHcl, parseHclTemplate, type HclBody, type HclValue } from './hcl';

/** The attributes of a body evaluated with `variables`, by name. */
function values(
  body: HclBody,
  variables: Record<string, HclValue> = {},
): Record<string, HclValue | undefined> {
  const lookup = (name: string): HclValue | undefined => variables[name];
  return Object.fromEntries(body.attributes.map((a) => [a.name, evaluateHcl(a.value, lookup)]));
}

function syntaxError(text: string): HclSyntaxError {
  try {
    parseHcl(text);
  } catch (error) {
    assert.ok(error instanceof HclSyntaxError, `expected HclSyntaxError, got ${String(error)}`);
    return error;
  }
  assert.fail(`no syntax error in ${JSON.stringify(text)}`);
}

describe('HCL parser (bake subset)', () => {
  it('reads blocks with labels, their attributes and their lines', () => {
    const body = parseHcl(
      [
        '# a bake file',
        'group "default" {',
        '  targets = ["app", "docs"]',
        '}',
        '',
        'target "app" {',
        '  context    = "./app"',
        '  dockerfile = "Dockerfile.prod"',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(
      body.blocks.map((b) => [b.type, b.labels, b.line]),
      [
        ['group', ['default'], 2],
        ['target', ['app'], 6],
      ],
    );
    assert.deepEqual(values(body.blocks[0]!.body), { targets: ['app', 'docs'] });
    assert.deepEqual(values(body.blocks[1]!.body), { context: './app', dockerfile: 'Dockerfile.prod' });
    assert.equal(body.blocks[1]!.body.attributes[1]!.line, 8);
  });

  it('reads every literal kind, objects with = or : and trailing commas', () => {
    const body = parseHcl(
      [
        'a = "text"',
        'b = 42',
        'c = -1.5e2',
        'd = true',
        'e = null',
        'f = [1, "two", [false],]',
        'g = { X = "1", "Y": 2, Z = [] }',
        'h = {',
        '  ONE = "1"',
        '  TWO = "2",',
        '}',
        'i = (7)',
      ].join('\n'),
    );
    assert.deepEqual(values(body), {
      a: 'text',
      b: 42,
      c: -150,
      d: true,
      e: null,
      f: [1, 'two', [false]],
      g: { X: '1', Y: 2, Z: [] },
      h: { ONE: '1', TWO: '2' },
      i: 7,
    });
  });

  it('skips #, // and /* */ comments, also inside lists and after values', () => {
    const body = parseHcl(
      [
        '// first',
        'a = "x" # trailing',
        '/* a block',
        '   comment */ b = [',
        '  "one", // in a list',
        '  /* inline */ "two",',
        ']',
      ].join('\n'),
    );
    assert.deepEqual(values(body), { a: 'x', b: ['one', 'two'] });
  });

  it('interpolates variables in strings, keeps the type of a lone interpolation, and unescapes', () => {
    const body = parseHcl(
      [
        'tag = "repo/app:${TAG}-${N}"',
        'list = "${TAGS}"',
        'escaped = "a\\"b\\n\\u00e9 $${NOT} %%{NOT}"',
        'trimmed = "${~ TAG ~}"',
      ].join('\n'),
    );
    assert.deepEqual(values(body, { TAG: 'v1', N: 3, TAGS: ['a', 'b'] }), {
      tag: 'repo/app:v1-3',
      list: ['a', 'b'],
      escaped: 'a"b\né ${NOT} %{NOT}',
      trimmed: 'v1',
    });
  });

  it('reads heredocs, and <<- strips the common indentation', () => {
    const body = parseHcl(
      [
        'a = <<EOT',
        'line ${X}',
        '  two',
        'EOT',
        'b = <<-EOT',
        '    one',
        '      two',
        '    EOT',
        'c = 1',
      ].join('\n'),
    );
    assert.deepEqual(values(body, { X: 'x' }), { a: 'line x\n  two\n', b: 'one\n  two\n', c: 1 });
  });

  it('parses what it cannot compute and evaluates it to undefined, keeping the other object entries', () => {
    const body = parseHcl(
      [
        'call = notequal("", TAG) ? "${TAG}" : "latest"',
        'sum = 1 + 2 * 3',
        'ref = target.app.tags[0]',
        'spread = concat(["a"], LIST...)',
        'loop = [for t in LIST : upper(t)]',
        'directive = "%{ if X }x%{ endif }"',
        'unknown = MISSING',
        'args = { KNOWN = "1", COMPUTED = upper("x"), FROM_VAR = VERSION }',
      ].join('\n'),
    );
    assert.deepEqual(values(body, { VERSION: '1.22' }), {
      call: undefined,
      sum: undefined,
      ref: undefined,
      spread: undefined,
      loop: undefined,
      directive: undefined,
      unknown: undefined,
      args: { KNOWN: '1', FROM_VAR: '1.22' },
    });
  });

  it('treats a bare object key as a name, not a variable', () => {
    const [args] = parseHcl('args = { GO_VERSION = GO_VERSION }').attributes;
    assert.deepEqual(
      evaluateHcl(args!.value, (n) => (n === 'GO_VERSION' ? '1.22' : undefined)),
      { GO_VERSION: '1.22' },
    );
  });

  it('accepts one-line blocks and identifier labels', () => {
    const body = parseHcl('target app { target = "prod" }\nvariable "X" {}\n');
    assert.deepEqual(
      body.blocks.map((b) => [b.type, b.labels, values(b.body)]),
      [
        ['target', ['app'], { target: 'prod' }],
        ['variable', ['X'], {}],
      ],
    );
  });

  it('parses a bake JSON string as a template', () => {
    assert.equal(
      evaluateHcl(parseHclTemplate('app:${TAG}'), (n) => (n === 'TAG' ? 'v2' : undefined)),
      'app:v2',
    );
  });

  it('reports syntax errors with their line and column', () => {
    const unclosed = syntaxError('target "a" {\n  context = "."\n');
    assert.match(unclosed.message, /not closed/);
    const badValue = syntaxError('a = "x"\nb = = 1\n');
    assert.equal(badValue.line, 2);
    const unterminated = syntaxError('a = "no end\nb = 1\n');
    assert.equal(unterminated.line, 1);
    assert.equal(unterminated.column, 5);
    assert.match(syntaxError('a = "x" "y"\n').message, /after the value/);
    assert.match(syntaxError('}\n').message, /without a block/);
    assert.match(syntaxError('a = <<EOT\nnever closed\n').message, /heredoc "EOT" is not closed/);
    assert.match(syntaxError('a = "\\q"\n').message, /unknown escape/);
  });

  it('stops at absurd nesting with a syntax error instead of exhausting the stack', () => {
    const deep = `a = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    assert.match(syntaxError(deep).message, /nesting too deep/);
    const blocks = `${'b {\n'.repeat(50_000)}${'}\n'.repeat(50_000)}`;
    assert.match(syntaxError(blocks).message, /nesting too deep/);
  });

  it('rejects garbage with HclSyntaxError, nothing else', () => {
    const samples = [
      '\u0000\u0001',
      '{{{{',
      'a = [1,',
      'target "x" { a = "${" }',
      '= 1',
      'a = "${x',
      '<<',
      '"x" {}',
    ];
    for (const sample of samples)
      assert.throws(() => parseHcl(sample), HclSyntaxError, JSON.stringify(sample));
  });
});
