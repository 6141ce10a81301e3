// UI test: drives the real VS Code workbench (code-server 1.96.4 in headless Chromium, through
// Playwright) with the extension under development, like a user would: Quick Open, the status bar,
// Go to Line and the Ctrl+. quick-fix menu. Needs the bundles in dist/ (scripts/test.mjs builds
// them first), code-server (bash scripts/setup-code-server.sh) and /usr/bin/chromium.
//   node --test test/ui/workbench.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openWorkbench, startCodeServer } from '../../scripts/run-in-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = path.join(root, 'test/fixtures/workspace');
const resultsDir = path.join(root, 'test-results');
const screenshot = path.join(resultsDir, 'quick-fix.png');
const CMD_FIX_TITLE = 'Convert CMD to exec form';
const SETUP_HINT =
  'install it with `bash scripts/setup-code-server.sh` (code-server 4.96.4 and Debian chromium)';

describe('workbench with the Lean Dockerfile extension', { timeout: 180000 }, () => {
  /** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  const consoleLines = [];

  before(async () => {
    if (!existsSync(path.join(root, 'dist/client.js')) || !existsSync(path.join(root, 'dist/server.js'))) {
      throw new Error(
        'dist/client.js or dist/server.js is missing: build first with `node esbuild.mjs` (scripts/test.mjs does)',
      );
    }
    try {
      server = await startCodeServer({ folder: workspace, log: (l) => consoleLines.push(l) });
    } catch (error) {
      throw new Error(`cannot start code-server: ${error.message}\n→ ${SETUP_HINT}`);
    }
    try {
      browser = await launchBrowser();
    } catch (error) {
      throw new Error(`cannot launch Chromium: ${error.message}\n→ ${SETUP_HINT}`);
    }
    ({ page } = await openWorkbench(browser, server, { folder: workspace, ext: root }, (l) =>
      consoleLines.push(l),
    ));
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    // The workbench's console, for debugging a failure (test-results/ is gitignored).
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'workbench-console.log'), `${consoleLines.join('\n')}\n`);
  });

  /** Waits until the status bar element's aria-label matches (the label is what screen readers get). */
  async function waitForLabel(selector, pattern, timeout = 30000) {
    const item = page.locator(selector);
    await item.waitFor({ timeout });
    try {
      await page.waitForFunction(
        ([sel, source, flags]) =>
          new RegExp(source, flags).test(document.querySelector(sel)?.getAttribute('aria-label') ?? ''),
        [selector, pattern.source, pattern.flags],
        { timeout },
      );
    } catch {
      throw new Error(
        `${selector}: aria-label never matched ${pattern}; it is "${await item.getAttribute('aria-label')}"`,
      );
    }
    return item.getAttribute('aria-label');
  }

  const ourStatusItem = '[id="lean-dockerfile.lean-dockerfile.leanDockerfile.status"]';
  const editorLines = () => page.locator('.editor-instance .monaco-editor .view-lines').first();

  test('Quick Open opens the Dockerfile; its warnings reach the status bar', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('Dockerfile');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    // The fixture has three: Dockerfile, good/Dockerfile and buildfiles/app/Dockerfile (described by
    // their folders); the one at the top has no folder.
    await rows.filter({ hasText: 'good' }).waitFor();
    await rows
      .filter({ hasNotText: /good|buildfiles/ })
      .filter({ hasText: 'Dockerfile' })
      .click();

    await page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
    await editorLines().getByText('MAINTAINER Jane Doe').waitFor();

    const problems = await waitForLabel('#status\\.problems', /Warnings: [1-9]/);
    const warnings = Number(/Warnings: (\d+)/.exec(problems)?.[1]);
    // latest-tag, maintainer-deprecated, json-args-recommended, root-user, missing-dockerignore.
    assert.equal(warnings, 5, `problems item says "${problems}"`);

    // Our own item: the analysis state and the count of findings for the active Dockerfile.
    const ours = page.locator(ourStatusItem);
    await waitForLabel(ourStatusItem, /Lean Dockerfile: \d+/);
    const text = (await ours.textContent())?.trim() ?? '';
    assert.match(text, /Lean Dockerfile/);
    assert.equal(text, `Lean Dockerfile: ${warnings}`, 'the status bar item and the Problems count disagree');
  });

  test('the Problems panel lists the findings with their rule ids', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const cmd = rows.filter({ hasText: 'json-args-recommended' });
    await cmd.waitFor();
    assert.match(
      (await cmd.getAttribute('aria-label')) ?? '',
      /^Warning: CMD in shell form .* at line 4 and character 5\. generated by lean-dockerfile$/,
    );
    for (const rule of ['latest-tag', 'maintainer-deprecated']) {
      assert.equal(await rows.filter({ hasText: rule }).count(), 1, `${rule} row in the Problems panel`);
    }
  });

  test('Ctrl+. on the CMD line lists "Convert CMD to exec form"', async () => {
    // Go to Line 4 (CMD node server.js).
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    // The Go to Line picker is Quick Open with the ':' prefix.
    await input.fill(':4');
    await page.locator('.quick-input-widget', { hasText: 'line 4' }).waitFor();
    await page.keyboard.press('Enter');
    await waitForLabel('#status\\.editor\\.selection', /^Ln 4, Col 1\b/);

    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    const fix = menu.locator('.monaco-list-row.action', { hasText: CMD_FIX_TITLE });
    await fix.waitFor({ timeout: 30000 });
    const titles = await menu.locator('.monaco-list-row.action .title').allTextContents();
    assert.ok(titles.includes(CMD_FIX_TITLE), `quick-fix menu lists ${JSON.stringify(titles)}`);
    // Fixes are per diagnostic: the MAINTAINER fix does not belong on line 4.
    assert.ok(
      !titles.some((t) => t.includes('LABEL')),
      `unexpected fix in the menu: ${JSON.stringify(titles)}`,
    );

    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: screenshot });
  });

  test('choosing the quick fix rewrites the line and the warning goes away', async () => {
    // The menu from the previous test is open with the fix focused.
    await page
      .locator('.action-widget .monaco-list-row.action.focused', { hasText: CMD_FIX_TITLE })
      .waitFor();
    await page.keyboard.press('Enter');
    await editorLines().getByText('CMD ["node", "server.js"]').waitFor();
    await waitForLabel('#status\\.problems', /^Warnings: 4$/);
    assert.equal((await page.locator(ourStatusItem).textContent())?.trim(), 'Lean Dockerfile: 4');

    // Never saved: revert the editor so nothing of the edit can reach the fixture on disk.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').fill('>File: Revert File');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'File: Revert File' })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await editorLines().getByText('CMD node server.js').waitFor();
    await waitForLabel('#status\\.problems', /^Warnings: 5$/);
  });
});
