// Parity between the registry, the rule files, their tests and their doc pages: a rule cannot be
// added, renamed or documented halfway.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '.';

const repoRoot = path.resolve(__dirname, '../../../../..');
const rulesDir = path.join(repoRoot, 'server/src/engine/rules');
const docsDir = path.join(repoRoot, 'docs/rules');

describe('rule registry', () => {
  it('lists every rule file exactly once, under its own id', () => {
    const files = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual(RULES.map((r) => r.meta.id).sort(), files);
  });

  it('has kebab-case ids and aliases that are unique across rules', () => {
    const seen = new Map<string, string>();
    for (const rule of RULES) {
      assert.match(rule.meta.id, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
      for (const name of [rule.meta.id, ...rule.meta.aliases]) {
        assert.ok(!seen.has(name), `${name} used by ${seen.get(name)} and ${rule.meta.id}`);
        seen.set(name, rule.meta.id);
      }
    }
  });

  it("has a settings entry per rule in package.json, with the rule's default severity", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: {
        configuration: { properties: Record<string, { properties?: Record<string, { default: string }> }> };
      };
    };
    const entries = pkg.contributes.configuration.properties['leanDockerfile.rules']?.properties ?? {};
    assert.deepEqual(
      Object.keys(entries).sort(),
      RULES.map((r) => r.meta.id).sort(),
      'run `npm run rules:index`',
    );
    for (const rule of RULES) assert.equal(entries[rule.meta.id]!.default, rule.meta.severity, rule.meta.id);
  });

  for (const rule of RULES) {
    it(`${rule.meta.id}: test file and doc page exist and agree`, () => {
      assert.ok(existsSync(path.join(rulesDir, `${rule.meta.id}.test.ts`)), 'test beside the rule');
      const doc = path.join(docsDir, `${rule.meta.id}.md`);
      assert.ok(existsSync(doc), `docs/rules/${rule.meta.id}.md`);
      const text = readFileSync(doc, 'utf8');
      assert.match(text, new RegExp(`^# ${rule.meta.id}\\b`, 'm'), 'page title is the id');
      for (const alias of rule.meta.aliases) assert.ok(text.includes(alias), `page names alias ${alias}`);
      assert.equal(
        rule.fix !== undefined,
        rule.meta.fixable !== undefined,
        'fixable matches whether a fix exists',
      );
    });
  }
});
