// Entry point of the untrusted-workspace suite: the extension host of a code-server started with
// workspace trust on and the folder untrusted (`run-in-code-server.mjs --trust untrusted`, see
// scripts/test.mjs). Runs the *.test.js files next to this one with mocha (tdd ui) and, when
// LEAN_TEST_RESULTS names a file, writes `{"passed":N,"failed":M}` there.
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

export function run(): Promise<void> {
  const mocha = new MochaClass({ ui: 'tdd', color: false, timeout: 60000 });
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  for (const name of files.sort()) mocha.addFile(path.resolve(__dirname, name));
  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      writeResults(0, 0);
      reject(new Error(`no *.test.js files in ${__dirname}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        writeResults(runner.stats?.passes ?? 0, runner.stats?.failures ?? failures);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      writeResults(0, 1);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
