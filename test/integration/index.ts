// Entry point for the extension tests: the @vscode/test-electron contract (`run(): Promise<void>`),
// loaded by the extension host of code-server (scripts/run-in-code-server.mjs) or desktop VS Code.
// Runs every compiled *.test.js next to this file with mocha (tdd ui). When LEAN_TEST_RESULTS names
// a file, `{"passed":N,"failed":M}` is written there for scripts/test.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';

// mocha >= 12 is an ES module: require() returns its namespace, whose `default` is the class.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would compile to the same require
const mochaModule = require('mocha') as { default?: typeof Mocha } & typeof Mocha;
const MochaClass: typeof Mocha = mochaModule.default ?? mochaModule;

function writeResults(passed: number, failed: number): void {
  const target = process.env.LEAN_TEST_RESULTS;
  if (!target) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify({ passed, failed })}\n`);
}

const FIRST = 'extension.test.js';

export function run(): Promise<void> {
  const mocha = new MochaClass({ ui: 'tdd', color: false, timeout: 60000 });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    // extension.test.js checks activation on the first Dockerfile opened: it runs before the others.
    .sort((a, b) => Number(b === FIRST) - Number(a === FIRST) || a.localeCompare(b));
  for (const name of files) mocha.addFile(path.resolve(__dirname, name));

  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      writeResults(0, 0);
      reject(new Error(`no *.test.js files in ${__dirname}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const failed = stats?.failures ?? failures;
        writeResults(stats?.passes ?? 0, failed);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      writeResults(0, 1);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
