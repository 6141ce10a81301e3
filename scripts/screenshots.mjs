#!/usr/bin/env node
// Takes the README's screenshots in the real VS Code (code-server 4.96.4 = VS Code 1.96.4, headless
// Debian Chromium, driven by Playwright) with the extension under development, on examples/:
//   diagnostics-and-sizes.png  findings, size inlay hints and code lens on a fat single-stage image
//   quick-fix.png              the quick-fix menu offering "Split into builder stage: …"
//   size-hover.png             the hover with a stage's size breakdown
//   stage-graph.png            the stage graph webview of a multi-stage build
// Every step waits for what it photographs to be on screen (locators, not timers). Nothing is saved:
// the example files stay as they are.
//   node scripts/screenshots.mjs [--out DIR] [--only NAME]...
// Needs `npm run build` (dist/), `bash scripts/setup-code-server.sh` and Debian's chromium.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openWorkbench, startCodeServer } from './run-in-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const argv = process.argv.slice(2);
const option = (name) => argv.flatMap((a, i) => (argv[i - 1] === name ? [a] : []));
const outDir = path.resolve(option('--out')[0] ?? path.join(root, 'media/screenshots'));
const only = option('--only');
// The README promises small images; larger ones are a sign of a wrong crop.
const MAX_BYTES = 150 * 1024;
const STEP_TIMEOUT = 60000;
/** @type {import('playwright-core').Page} */
let page;

for (const bundle of ['client.js', 'server.js', 'webview.js', 'webview.css']) {
  if (!existsSync(path.join(root, 'dist', bundle))) {
    console.error(`dist/${bundle} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}

// --- the workbench -----------------------------------------------------------------------------

const editorLines = () => page.locator('.editor-instance .monaco-editor .view-lines').first();

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Every shot starts from the same state: no editors, no panel, no notifications. */
async function resetWorkbench() {
  await page.keyboard.press('Escape');
  await runCommand('View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  await runCommand('Notifications: Clear All Notifications');
  if (await page.locator('.part.panel').isVisible()) await runCommand('View: Hide Panel');
}

/** Opens examples/<relative> through Quick Open and waits for `firstText` to be drawn. */
async function openExample(relative, firstText) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(relative);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(path.dirname(relative)) })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
  await editorLines().getByText(firstText).first().waitFor({ timeout: STEP_TIMEOUT });
}

async function goToLine(line, column = 1) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`); // Go to Line opens with its `:` prefix, which fill() replaces
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (label) => document.querySelector('#status\\.editor\\.selection')?.getAttribute('aria-label') === label,
    `Ln ${line}, Col ${column}`,
    { timeout: STEP_TIMEOUT },
  );
}

/** Waits until the server's code lens (a stage size) and a layer's inlay hint (`+1.2 kB`) are drawn. */
async function waitForSizes() {
  const size = /\d (B|kB|MB|GB)\b/;
  await page
    .locator('.monaco-editor .codelens-decoration', { hasText: size })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT });
  await editorLines()
    .getByText(/^\s*\+[\d.]+/)
    .first()
    .waitFor({ timeout: STEP_TIMEOUT });
}

/**
 * The editor area from its top down to just below the lowest of `locators` (a menu, a hover):
 * the whole width, so that the picture shows the file and what opened on it, and nothing below.
 */
async function editorDownTo(locators, margin = 16) {
  const editor = await page.locator('.part.editor').boundingBox();
  let bottom = editor.y;
  for (const locator of locators) {
    const box = await locator.boundingBox();
    if (!box) throw new Error(`nothing to photograph: ${locator} is not visible`);
    bottom = Math.max(bottom, box.y + box.height);
  }
  const height = Math.min(editor.height, bottom + margin - editor.y);
  return { x: editor.x, y: editor.y, width: editor.width, height };
}

/** The box around whole parts of the workbench (the editor, the panel). */
async function parts(...selectors) {
  const boxes = await Promise.all(selectors.map((s) => page.locator(s).boundingBox()));
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

// --- the shots ---------------------------------------------------------------------------------

async function diagnosticsAndSizes() {
  await openExample('python-single-stage/Dockerfile', 'FROM python:3.12');
  await waitForSizes();
  // Squiggles, then the Problems panel listing them.
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: STEP_TIMEOUT });
  await runCommand('Problems: Focus on Problems View');
  await page
    .locator('.markers-panel .monaco-list-row', { hasText: 'single-stage-toolchain' })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT });
  return parts('.part.editor', '.part.panel');
}

async function quickFix() {
  await openExample('go-single-stage/Dockerfile', 'FROM golang:1.22');
  await waitForSizes();
  await goToLine(7, 5); // RUN go build: single-stage-toolchain
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu
    .locator('.monaco-list-row.action', { hasText: 'Split into builder stage' })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT });
  return editorDownTo([menu]);
}

async function sizeHover() {
  await openExample('node-multi-stage-good/Dockerfile', 'FROM node:22-alpine AS builder');
  await waitForSizes();
  // The mouse on the shipped stage's image: the hover breaks the whole image down, layer by layer.
  const shippedFrom = editorLines()
    .locator('.view-line', { hasText: 'FROM node:22-alpine' })
    .filter({ hasNotText: 'AS builder' });
  await shippedFrom.locator('.detected-link').first().hover();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Layers add' }).first();
  await hover.waitFor({ timeout: STEP_TIMEOUT });
  return editorDownTo([hover, editorLines().getByText('CMD ["node", "dist/server.js"]')]);
}

async function stageGraph() {
  await openExample('node-multi-stage-good/Dockerfile', 'FROM node:22-alpine AS builder');
  // The graph opens beside the file: without the side bar both get a readable width.
  await runCommand('View: Close Primary Side Bar');
  await runCommand('Lean Dockerfile: Show Stage Graph');
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('g.node.stage[data-name="builder"]').waitFor({ timeout: STEP_TIMEOUT });
  await view.locator('g.edge').first().waitFor({ timeout: STEP_TIMEOUT });
  return editorDownTo([editorLines().getByText('CMD ["node", "dist/server.js"]')], 40);
}

async function main() {
  const serverLog = [];
  const server = await startCodeServer({ folder: examples, log: (l) => serverLog.push(l) });
  const browser = await launchBrowser();
  let failed = false;
  try {
    ({ page } = await openWorkbench(browser, server, { folder: examples, ext: root }));
    // Smaller than the test runner's window: less empty editor, so the pictures stay small and legible.
    await page.setViewportSize({ width: 1180, height: 740 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: STEP_TIMEOUT });

    const shots = [
      ['diagnostics-and-sizes', diagnosticsAndSizes],
      ['quick-fix', quickFix],
      ['size-hover', sizeHover],
      ['stage-graph', stageGraph],
    ];
    mkdirSync(outDir, { recursive: true });
    for (const [name, take] of shots) {
      if (only.length > 0 && !only.includes(name)) continue;
      const file = path.join(outDir, `${name}.png`);
      await resetWorkbench();
      const clip = await take();
      await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
      const bytes = statSync(file).size;
      console.log(`${path.relative(root, file)}: ${(bytes / 1024).toFixed(0)} KB`);
      if (bytes > MAX_BYTES) {
        console.error(`  larger than ${MAX_BYTES / 1024} KB: crop it further`);
        failed = true;
      }
    }
  } catch (error) {
    failed = true;
    console.error(error.stack ?? String(error));
    if (page) {
      const debug = path.join(root, 'test-results/screenshots-failure.png');
      mkdirSync(path.dirname(debug), { recursive: true });
      await page.screenshot({ path: debug }).catch(() => {});
      console.error(`the workbench as it was: ${path.relative(root, debug)}`);
    }
    console.error(serverLog.slice(-20).join('\n'));
  } finally {
    await browser.close();
    await server.stop();
  }
  return failed ? 1 : 0;
}

process.exit(await main());
