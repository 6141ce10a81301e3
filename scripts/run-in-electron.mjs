#!/usr/bin/env node
// Runs the integration tests in desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code (this sandbox cannot: there the default host is code-server). Same test module
// and workspace as the code-server runner. Used by `VSCODE_TEST_HOST=electron npm test`.
//   node scripts/run-in-electron.mjs [--version 1.96.4]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.argv.includes('--version')
  ? process.argv[process.argv.indexOf('--version') + 1]
  : '1.96.4';

try {
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/integration/index.js'),
    launchArgs: [
      path.join(root, 'test/fixtures/workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
    ],
  });
  process.exit(0);
} catch (error) {
  console.error(`desktop VS Code tests failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Without internet, use the default host (code-server): unset VSCODE_TEST_HOST.');
  process.exit(1);
}
