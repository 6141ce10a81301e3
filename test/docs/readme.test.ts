// The README against what it describes: its settings table against package.json, its rule and alias
// tables against the rule registry, its screenshots against media/screenshots/, its Neovim setup
// against the file the Neovim test runs, and its CLI examples against the CLI's argument parser.
// The generated tables are checked twice: by their generator's --check mode (byte for byte) and
// here, row by row, so a generator bug cannot hide a missing setting or rule.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseArgs } from '../../server/src/cli/args';
import { RULES } from '../../server/src/engine/rules';

const root = path.resolve(__dirname, '../../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const MAX_SCREENSHOT_BYTES = 150 * 1024;

interface SettingSchema {
  default?: unknown;
  properties?: Record<string, unknown>;
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    configuration:
      { properties: Record<string, SettingSchema> } | Array<{ properties: Record<string, SettingSchema> }>;
  };
};

/** The lines between `<!-- name:start … -->` and `<!-- name:end -->`. */
function between(name: string): string[] {
  const start = new RegExp(`^<!-- ${name}:start\\b.*-->$`, 'm').exec(readme);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  assert.ok(start && end > start.index, `README has the ${name} markers`);
  return readme
    .slice(start.index + start[0].length, end)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The cells of a Markdown table's body rows (header and separator left out). */
function rows(lines: string[]): string[][] {
  return lines.slice(2).map((line) =>
    line
      .replace(/^\|\s*|\s*\|$/g, '')
      .split(/\s*(?<!\\)\|\s*/)
      .map((c) => c.trim()),
  );
}

const backticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('README', () => {
  it('starts with the two commands, then describes the features', () => {
    const firstBlock = /^```sh\n([\s\S]*?)\n```/m.exec(readme);
    assert.ok(firstBlock, 'a sh block');
    const commands = firstBlock[1]!.split('\n').map((l) => l.replace(/\s+#.*$/, ''));
    assert.deepEqual(commands, ['npm ci && npm start', 'npm ci && npm test']);
    const firstHeading = readme.search(/^## /m);
    assert.ok(firstBlock.index < firstHeading, 'the commands come before the first section');
    assert.match(readme.slice(firstHeading), /^## What it checks$/m);
  });

  it('has a settings table that the generator would write unchanged', () => {
    const check = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/gen-settings-table.mjs'), '--check'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(check.status, 0, `${check.stderr}${check.stdout}`.trim());
  });

  it('lists every leanDockerfile setting of package.json with its default, and no other', () => {
    const configuration = pkg.contributes.configuration;
    const sections = Array.isArray(configuration) ? configuration : [configuration];
    const contributed = new Map(
      sections
        .flatMap((s) => Object.entries(s.properties))
        .filter(([name]) => name.startsWith('leanDockerfile.') && !name.startsWith('leanDockerfile.rules.')),
    );
    const table = rows(between('settings'));
    assert.deepEqual(
      table.map(([name]) => backticked(name!)[0]),
      [...contributed.keys()],
      'run `npm run docs:settings`',
    );
    for (const [name, defaultCell] of table) {
      const expected = contributed.get(backticked(name!)[0]!)!.default;
      const shown = typeof expected === 'string' ? expected : JSON.stringify(expected);
      assert.equal(backticked(defaultCell!)[0], shown, `${name} default`);
    }
    const rulesRow = table.find(([name]) => name === '`leanDockerfile.rules`');
    assert.match(rulesRow?.[3] ?? '', new RegExp(`Each of the ${RULES.length} rules also has its own entry`));
  });

  it('has a rule table with every rule of the registry and its default severity', () => {
    const table = rows(between('rules'));
    const listed = new Map(table.map(([rule, , severity]) => [/\[([^\]]+)\]/.exec(rule!)?.[1], severity]));
    for (const rule of RULES)
      assert.equal(
        listed.get(rule.meta.id),
        rule.meta.severity,
        `${rule.meta.id}: run \`npm run rules:index\``,
      );
    const pseudo = ['syntax-*', 'unknown-rule-id'];
    assert.deepEqual(
      [...listed.keys()].filter((id) => !pseudo.includes(id!)).sort(),
      RULES.map((r) => r.meta.id).sort(),
      'no rule that the registry lacks',
    );
  });

  it('maps every alias of the registry to its rule, in the column of its tool', () => {
    const [header, , ...body] = between('aliases');
    assert.equal(header, '| Lean Dockerfile rule | hadolint | BuildKit check | Trivy | Checkov |');
    const table = rows(['', '', ...body]);
    const expected = RULES.filter((r) => r.meta.aliases.length > 0)
      .map((r) => r.meta.id)
      .sort();
    assert.deepEqual(
      table.map(([rule]) => /\[([^\]]+)\]/.exec(rule!)?.[1]),
      expected,
      'run `npm run rules:index`',
    );
    const toolOf = (alias: string): number =>
      /^DL\d{4}$/.test(alias) ? 1 : /^DS\d{3}$/.test(alias) ? 3 : /^CKV_/.test(alias) ? 4 : 2;
    for (const row of table) {
      const rule = RULES.find((r) => row[0]!.includes(`[${r.meta.id}]`))!;
      assert.deepEqual(row.slice(1).flatMap(backticked).sort(), [...rule.meta.aliases].sort(), rule.meta.id);
      for (const alias of rule.meta.aliases)
        assert.ok(backticked(row[toolOf(alias)]!).includes(alias), `${alias} in its tool's column`);
    }
    // Spot checks of well-known names, in case both the generator and this test went wrong the same way.
    assert.ok(body.some((l) => l.startsWith('| [apt-no-install-recommends]') && l.includes('`DL3015`')));
    assert.ok(
      body.some((l) => l.startsWith('| [json-args-recommended]') && l.includes('`JSONArgsRecommended`')),
    );
  });

  it('shows screenshots that exist, are PNG files under 150 KB, and are all used', () => {
    const dir = path.join(root, 'media/screenshots');
    const linked = [...readme.matchAll(/!\[([^\]]*)\]\((media\/screenshots\/[^)]+)\)/g)];
    assert.ok(linked.length >= 4, `${linked.length} screenshots`);
    for (const [, alt, file] of linked) {
      assert.ok(alt!.length > 40, `${file} has a description for screen readers`);
      const bytes = readFileSync(path.join(root, file!));
      assert.deepEqual(
        [...bytes.subarray(0, 8)],
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        `${file} is a PNG`,
      );
      assert.ok(statSync(path.join(root, file!)).size < MAX_SCREENSHOT_BYTES, `${file} < 150 KB`);
    }
    const used = new Set(linked.map(([, , file]) => path.basename(file!)));
    for (const file of readdirSync(dir)) assert.ok(used.has(file), `media/screenshots/${file} is shown`);
  });

  it('shows the Neovim configuration that the Neovim test runs', () => {
    const config = readFileSync(path.join(root, 'test/editors/neovim/lean-dockerfile.lua'), 'utf8');
    assert.ok(
      readme.includes(`\`\`\`lua\n${config.trimEnd()}\n\`\`\``),
      'README embeds lean-dockerfile.lua as it is',
    );
  });

  it('gives CLI examples that the CLI accepts, SARIF upload and GitHub annotations among them', () => {
    const examples = [...readme.matchAll(/(?:npx lean-dockerfile|dist\/cli\.js"?) ((?:check|fix) [^\n>]*)/g)]
      .map((m) => m[1]!.trim())
      // The synopsis lines, `[--format text|json|…]`, are not examples.
      .filter((line) => !line.includes('['));
    assert.ok(examples.length >= 5, examples.join('\n'));
    const formats = new Set<string>();
    for (const example of examples) {
      const parsed = parseArgs(example.split(/\s+/));
      assert.ok('format' in parsed, example);
      formats.add(parsed.format);
    }
    for (const format of ['sarif', 'github', 'json'])
      assert.ok(formats.has(format), `an example with --format ${format}`);
    assert.match(
      readme,
      /uses: github\/codeql-action\/upload-sarif@v\d+\n\s+with:\n\s+sarif_file: lean-dockerfile\.sarif/,
    );
    assert.match(readme, /security-events: write/);
    assert.match(readme, /^# \.gitlab-ci\.yml$/m);
  });

  it('says there is no telemetry, and when the network is used', () => {
    const privacy = /^## Privacy\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    assert.match(privacy, /\*\*Telemetry: none\.\*\*/);
    assert.match(privacy, /`leanDockerfile\.network\.registryLookups`/);
    assert.match(privacy, /untrusted workspace/);
  });
});
