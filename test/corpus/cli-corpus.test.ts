// The whole shared corpus through the real CLI: no crash, no rule failure reported on stderr, every
// file in the output, and a findings-per-rule table printed for review.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { corpusFiles } from '../support/shared';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

interface Json {
  files: Array<{ path: string; diagnostics: Array<{ rule: string; severity: string }> }>;
}

describe('corpus through the CLI', () => {
  it('checks every corpus file and prints findings per rule', () => {
    // Corpus names flatten upstream paths (`src__api__Dockerfile`), so the files are named one by one
    // rather than discovered by name.
    const files = corpusFiles();
    const r = spawnSync(process.execPath, [CLI, 'check', ...files, '--format', 'json', '--fail-on', 'none'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /failed:/, 'no rule may throw');
    const report = JSON.parse(r.stdout) as Json;
    assert.ok(report.files.length >= 900, `only ${report.files.length} files checked`);

    const perRule = new Map<string, { findings: number; files: Set<string> }>();
    for (const file of report.files) {
      for (const d of file.diagnostics) {
        const row = perRule.get(d.rule) ?? { findings: 0, files: new Set<string>() };
        row.findings++;
        row.files.add(file.path);
        perRule.set(d.rule, row);
      }
    }
    const rows = [...perRule].sort((a, b) => b[1].findings - a[1].findings);
    const width = Math.max(...rows.map(([id]) => id.length), 4);
    const table = [
      `${'rule'.padEnd(width)}  findings  files`,
      ...rows.map(
        ([id, v]) =>
          `${id.padEnd(width)}  ${String(v.findings).padStart(8)}  ${String(v.files.size).padStart(5)}`,
      ),
    ];
    console.log(`\n${report.files.length} corpus files\n${table.join('\n')}\n`);
    assert.ok(rows.length > 0);
  });
});
