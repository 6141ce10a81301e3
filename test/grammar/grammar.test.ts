// The TextMate grammar (syntaxes/dockerfile.tmLanguage.json): every fixture under fixtures/ passes
// vscode-tmgrammar-test (scope assertions in comment lines, see its README), every regex compiles
// with Oniguruma (also the rules no fixture reaches), the JSON is what scripts/build-grammar.mjs
// generates, and package.json contributes it. The embedded shell grammar (source.shell) belongs to
// VS Code and is not available here: the fixtures check the scopes our grammar assigns around it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/grammar/fixtures');
const grammarPath = path.join(root, 'syntaxes/dockerfile.tmLanguage.json');
const runner = path.join(root, 'node_modules/vscode-tmgrammar-test/dist/unit.js');

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

/** The part of vscode-oniguruma used here (it comes with vscode-tmgrammar-test, not a direct dependency). */
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => {
    findNextMatchSync(
      text: string,
      start: number,
    ): { captureIndices: { start: number; end: number }[] } | null;
    dispose(): void;
  };
}

interface GrammarRule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  patterns?: GrammarRule[];
  repository?: Record<string, GrammarRule>;
  captures?: Record<string, GrammarRule>;
  beginCaptures?: Record<string, GrammarRule>;
  endCaptures?: Record<string, GrammarRule>;
  whileCaptures?: Record<string, GrammarRule>;
}

/** Every regex of the grammar, with where it is. */
function regexes(
  rule: GrammarRule,
  where: string,
  out: { where: string; source: string; backrefs: boolean }[],
) {
  for (const key of ['match', 'begin', 'end', 'while'] as const) {
    const source = rule[key];
    // end/while may refer to begin's captures (\1…): TextMate substitutes them before compiling.
    if (source !== undefined)
      out.push({ where: `${where}.${key}`, source, backrefs: key === 'end' || key === 'while' });
  }
  rule.patterns?.forEach((p, i) => regexes(p, `${where}.patterns[${i}]`, out));
  for (const group of ['repository', 'captures', 'beginCaptures', 'endCaptures', 'whileCaptures'] as const) {
    for (const [name, child] of Object.entries(rule[group] ?? {}))
      regexes(child, `${where}.${group}.${name}`, out);
  }
  return out;
}

describe('TextMate grammar', () => {
  const files = readdirSync(fixtures)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort();

  it('has fixtures for each feature', () => {
    for (const feature of [
      'directives',
      'escape-backtick',
      'heredocs',
      'mounts',
      'pragmas',
      'continuation',
    ]) {
      assert.ok(
        files.some((f) => f.includes(feature)),
        `no fixture for ${feature}`,
      );
    }
  });

  // One run of the tool for all fixtures (each start costs about a second), read per fixture.
  let run: { status: number | null; output: string } | undefined;
  const result = () => {
    if (!run) {
      const r = node([runner, '--compact', ...files.map((f) => path.join('test/grammar/fixtures', f))]);
      run = { status: r.status, output: `${r.stdout}\n${r.stderr}` };
    }
    return run;
  };

  for (const file of files) {
    it(`passes the scope assertions of ${file}`, () => {
      const text = readFileSync(path.join(fixtures, file), 'utf8');
      assert.match(text, /^# SYNTAX TEST "source\.dockerfile"/, 'header line');
      assert.match(text, /^#\s*(\^|<-)/m, 'at least one assertion');
      const { output } = result();
      const failures = output.split('\n').filter((l) => l.includes(`/${file}:`));
      assert.deepEqual(failures, [], failures.join('\n'));
      assert.ok(output.includes(`/${file} run successfuly`), `no result for ${file}:\n${output}`);
    });
  }

  it('vscode-tmgrammar-test exits 0', () => {
    const { status, output } = result();
    assert.equal(status, 0, output);
  });

  it('has only regexes that Oniguruma accepts', async () => {
    // vscode-oniguruma comes with vscode-tmgrammar-test; resolve it from there.
    const load = createRequire(require.resolve('vscode-tmgrammar-test/package.json'));
    const onig = load('vscode-oniguruma') as Oniguruma;
    const wasm = readFileSync(path.join(path.dirname(load.resolve('vscode-oniguruma')), 'onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as GrammarRule;
    const all = regexes(grammar, 'grammar', []);
    assert.ok(all.length > 100, `found ${all.length} regexes`);
    // vscode-oniguruma does not throw on a pattern Oniguruma rejects: the scanner then matches the
    // empty string at 0 of any text. No valid regex of this grammar does that on all these probes.
    const probes = ['', '\n', 'x', 'x\n', '\tx\n', '# syntax=x\n', '<<EOF\n'];
    const rejected = (source: string): boolean => {
      const scanner = new onig.OnigScanner([source]);
      try {
        return probes.every((p) => {
          const m = scanner.findNextMatchSync(p, 0)?.captureIndices[0];
          return m?.start === 0 && m.end === 0;
        });
      } finally {
        scanner.dispose();
      }
    };
    assert.ok(rejected('(unclosed') && rejected('[abc'), 'the check recognises invalid patterns');
    for (const { where, source, backrefs } of all) {
      const compiled = backrefs ? source.replace(/(?<!\\)((?:\\\\)*)\\[1-9]/g, '$1x') : source;
      assert.ok(!rejected(compiled), `${where}: Oniguruma rejects ${source}`);
    }
  });

  it('is what scripts/build-grammar.mjs generates', () => {
    const r = node(['scripts/build-grammar.mjs', '--check']);
    assert.equal(r.status, 0, r.stderr);
  });

  it('is contributed for the dockerfile language, with shell as the embedded language', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: {
        grammars: {
          language: string;
          scopeName: string;
          path: string;
          embeddedLanguages: Record<string, string>;
        }[];
      };
    };
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string };
    const entry = pkg.contributes.grammars.find((g) => g.language === 'dockerfile');
    assert.ok(entry, 'contributes.grammars has the dockerfile language');
    assert.equal(path.resolve(root, entry.path), grammarPath);
    assert.equal(entry.scopeName, grammar.scopeName);
    assert.equal(grammar.scopeName, 'source.dockerfile');
    const text = readFileSync(grammarPath, 'utf8');
    for (const [scopeName, language] of Object.entries(entry.embeddedLanguages)) {
      assert.equal(language, 'shellscript');
      assert.ok(text.includes(`"${scopeName}"`), `the grammar assigns ${scopeName}`);
    }
  });
});
