// UI test of the stage graph webview in the real workbench (code-server 1.96.4 in headless Chromium,
// through Playwright): open a multi-stage file, run "Lean Dockerfile: Show Stage Graph" from the
// palette, read the drawing inside the webview's nested iframes, edit the file and watch the graph
// follow, click and press Enter on nodes and watch the editor selection move, pick a target, copy
// Mermaid, save SVG. The fixture on disk is never saved: the edits are reverted at the end.
//   node --test test/ui/graph.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openWorkbench, startCodeServer } from '../../scripts/run-in-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = path.join(root, 'test/fixtures/workspace');
const fixture = path.join(workspace, 'multistage/Containerfile');
const resultsDir = path.join(root, 'test-results');
const screenshot = path.join(resultsDir, 'stage-graph.png');
const savedSvg = path.join(resultsDir, 'stage-graph.svg');
const COMMAND = 'Lean Dockerfile: Show Stage Graph';
const SETUP_HINT =
  'install it with `bash scripts/setup-code-server.sh` (code-server 4.96.4 and Debian chromium)';

describe('stage graph webview', { timeout: 240000 }, () => {
  /** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  const consoleLines = [];
  const original = readFileSync(fixture);

  before(async () => {
    for (const bundle of ['client.js', 'server.js', 'webview.js', 'webview.css']) {
      if (!existsSync(path.join(root, 'dist', bundle)))
        throw new Error(
          `dist/${bundle} is missing: build first with \`node esbuild.mjs\` (scripts/test.mjs does)`,
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
    rmSync(savedSvg, { force: true });
  });

  after(async () => {
    // The last state of the workbench, for debugging a failure.
    if (page) await page.screenshot({ path: path.join(resultsDir, 'stage-graph-last.png') }).catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'graph-console.log'), `${consoleLines.join('\n')}\n`);
    const changed = !readFileSync(fixture).equals(original);
    if (changed) writeFileSync(fixture, original); // put it back for the other tests, then fail
    assert.ok(!changed, 'the fixture on disk must stay as it was');
  });

  const view = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const node = (name) => view().locator(`g.node[data-name="${name}"]`);
  const stageNames = () =>
    view()
      .locator('g.node.stage')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  const editorLines = () => page.locator('.editor-instance .monaco-editor .view-lines').first();

  /** Waits until the status bar's cursor position item reads `Ln line, Col column`. */
  async function waitForSelection(line, column = 1) {
    const selector = '#status\\.editor\\.selection';
    const pattern = `^Ln ${line}, Col ${column}\\b`;
    try {
      await page.waitForFunction(
        ([sel, source]) =>
          new RegExp(source).test(document.querySelector(sel)?.getAttribute('aria-label') ?? ''),
        [selector, pattern],
        { timeout: 20000 },
      );
    } catch {
      const label = await page.locator(selector).getAttribute('aria-label');
      throw new Error(`cursor never reached Ln ${line}, Col ${column}; status bar says "${label}"`);
    }
  }

  async function runCommand(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  test('the palette command opens the graph of the active file: stages, images, shipped marker', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('multistage/Containerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Containerfile' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'Containerfile' }).waitFor();
    await editorLines().getByText('FROM scratch AS final').waitFor();

    await runCommand(COMMAND);
    await page.locator('.tabs-container .tab', { hasText: 'Stage Graph: Containerfile' }).waitFor();
    await node('final').waitFor({ timeout: 60000 });

    assert.deepEqual(await stageNames(), ['build', 'test', 'certs', 'final']);
    const images = await view()
      .locator('g.node.image')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(images, ['golang:1.23-alpine', 'alpine:3.24']);

    // Shipped: the last stage, with its marker bar and tag; the builders are discarded.
    assert.equal(await node('final').getAttribute('data-shipped'), 'true');
    assert.match((await node('final').getAttribute('class')) ?? '', /\bshipped\b/);
    assert.equal(await node('final').locator('rect.ship-bar').count(), 1);
    assert.match((await node('final').locator('text.tag').textContent()) ?? '', /shipped/);
    for (const name of ['build', 'test', 'certs']) {
      assert.match((await node(name).getAttribute('class')) ?? '', /\bdiscarded\b/, name);
      assert.equal(await node(name).locator('rect.ship-bar').count(), 0, name);
    }
    // Findings badge: `apk add` without --no-cache in certs.
    assert.equal((await node('certs').locator('.badge text').textContent())?.trim(), '1');
    // Edges: FROM build → test, COPY --from build/certs → final.
    const edges = await view()
      .locator('g.edge')
      .evaluateAll((els) => els.map((e) => `${e.dataset.from}>${e.dataset.to}:${e.getAttribute('class')}`));
    assert.ok(edges.includes('stage:0>stage:1:edge from'), edges.join(' | '));
    assert.ok(edges.includes('stage:0>stage:3:edge copy'), edges.join(' | '));
    assert.ok(edges.includes('stage:2>stage:3:edge copy'), edges.join(' | '));
    // Hover details are the node's <title> (the tooltip).
    assert.match(
      (await node('build').locator('title').first().textContent()) ?? '',
      /^Stage build \(index 0\), line 4\nFROM golang:1\.23-alpine/,
    );
    // Theme colours: the text fill comes from a VS Code CSS variable, not a fixed colour.
    const fill = await node('build')
      .locator('text.title')
      .evaluate((e) => getComputedStyle(e).fill);
    const foreground = await node('build').evaluate((e) =>
      getComputedStyle(e.ownerDocument.documentElement).getPropertyValue('--vscode-editor-foreground').trim(),
    );
    assert.ok(foreground, 'the webview receives the theme variables');
    assert.notEqual(fill, 'rgb(0, 0, 0)');
  });

  test('editing the file updates the graph: a new last stage becomes the shipped one', async () => {
    // Click on a line's text: the centre of the (wide) lines element may lie outside the viewport.
    await editorLines().getByText('ENTRYPOINT ["/app"]').click();
    await page.keyboard.press('Control+End');
    // Line by line, closing the word-based suggestion widget before each Enter (Enter would accept it).
    for (const line of ['', 'FROM alpine:3.24 AS debug', 'COPY --from=final /app /app']) {
      await page.keyboard.type(line);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
    }
    await node('debug').waitFor({ timeout: 30000 });
    // The harness turns off VS Code for the web's auto save (after 1 s): the edit stays unsaved.
    await page.waitForTimeout(1500);
    assert.ok(readFileSync(fixture).equals(original), 'the edited file must stay unsaved');
    await view().locator('g.node.shipped[data-name="debug"]').waitFor();
    assert.deepEqual(await stageNames(), ['build', 'test', 'certs', 'final', 'debug']);
    assert.equal(await node('final').getAttribute('data-shipped'), 'false');
    const edges = await view()
      .locator('g.edge')
      .evaluateAll((els) => els.map((e) => `${e.dataset.from}>${e.dataset.to}`));
    assert.ok(edges.includes('stage:3>stage:4'), edges.join(' | '));
  });

  test('clicking a node moves the editor selection to its FROM line; Enter does the same', async () => {
    await node('certs').click();
    await waitForSelection(11);
    await node('build').focus();
    await node('build').press('Enter');
    await waitForSelection(4);
  });

  test('the target picker shows what is built and what is skipped', async () => {
    // More room for the graph in the screenshots: hide the side bar.
    await page.keyboard.press('Control+B');
    await page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden' });
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: screenshot });
    const options = await view().locator('#target option').allTextContents();
    assert.deepEqual(options.slice(1), ['build', 'test', 'certs', 'final', 'debug']);
    await view().locator('#target').selectOption('test');
    await view().locator('g.node.skipped[data-name="certs"]').waitFor();
    for (const name of ['build', 'test']) assert.equal(await node(name).getAttribute('data-built'), 'true');
    for (const name of ['certs', 'final', 'debug'])
      assert.equal(await node(name).getAttribute('data-built'), 'false', name);
    assert.deepEqual((await view().locator('#target option').allTextContents()).slice(1), [
      'build (built)',
      'test (built)',
      'certs (skipped)',
      'final (skipped)',
      'debug (skipped)',
    ]);
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'stage-graph-target.png') });
    await view().locator('#target').selectOption('');
    await view().locator('g.node.shipped[data-name="debug"]').waitFor();
    assert.equal(await view().locator('g.node.skipped').count(), 0);
  });

  test('Copy as Mermaid and Save as SVG go through the extension', async () => {
    await view().locator('#copy-mermaid').click();
    await page
      .locator('.notifications-toasts .notification-list-item-message', {
        hasText: 'Stage graph copied as Mermaid.',
      })
      .waitFor();

    await view().locator('#save-svg').click();
    // code-server's simple file dialog: a quick input holding the path. It fills in the proposed
    // path asynchronously; typing before that would be overwritten.
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('.quick-input-widget input.input')?.value.endsWith('Containerfile.stages.svg'),
      undefined,
      { timeout: 20000 },
    );
    await input.fill(savedSvg);
    // The dialog reads the typed folder asynchronously and ignores Enter while it is busy: press it
    // until the dialog closes, checking each time that it still holds our path (never another file).
    const widget = page.locator('.quick-input-widget');
    for (let attempt = 0; attempt < 10 && (await widget.isVisible()); attempt++) {
      assert.equal(await input.inputValue(), savedSvg, 'the save dialog holds the typed path');
      await page.waitForTimeout(500);
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
    }
    await page
      .locator('.notifications-toasts .notification-list-item-message', { hasText: 'Stage graph saved to' })
      .waitFor();
    const svg = readFileSync(savedSvg, 'utf8');
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, />debug</);
    assert.doesNotMatch(svg, /var\(--vscode/, 'colours are resolved for a standalone file');
  });

  test('the graph follows the active Dockerfile editor', async () => {
    // Open it in the editor group on the left: the graph's group keeps showing the graph.
    await page.locator('.tabs-container .tab', { hasText: 'Containerfile' }).first().click();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('good/Dockerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'good' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
    await view().locator('g.node.stage[data-name="1"]').waitFor();
    assert.deepEqual(await stageNames(), ['build', '1']);
    assert.equal(await view().locator('#file').textContent(), 'good/Dockerfile');
    // Back to the edited file: its unsaved text, not the file on disk.
    await page.locator('.tabs-container .tab', { hasText: 'Containerfile' }).first().click();
    await node('debug').waitFor();
    assert.deepEqual(await stageNames(), ['build', 'test', 'certs', 'final', 'debug']);
  });

  test('reverting the edit brings the original graph back', async () => {
    await editorLines().getByText('ENTRYPOINT ["/app"]').click();
    await runCommand('File: Revert File');
    await editorLines().getByText('ENTRYPOINT ["/app"]').waitFor();
    await view().locator('g.node.shipped[data-name="final"]').waitFor();
    assert.deepEqual(await stageNames(), ['build', 'test', 'certs', 'final']);
  });
});
