import { startCodeServer, launchBrowser, openWorkbench } from '/work/main/scripts/run-in-code-server.mjs';
const server = await startCodeServer({ folder: '/work/main/test/fixtures/workspace' });
const browser = await launchBrowser();
try {
  const { page } = await openWorkbench(browser, server, { folder: '/work/main/test/fixtures/workspace', ext: '/work/main' }, (l) => console.log('LOG', l));
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill('Dockerfile');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.waitForTimeout(1500);
  console.log('ROWS', await page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label'), e.textContent])));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(4000);
  console.log('PROBLEMS', await page.locator('#status\\.problems').evaluate((e) => [e.outerHTML]));
  console.log('STATUS', await page.locator('.statusbar-item').evaluateAll((els) => els.map((e) => [e.id, e.getAttribute('aria-label'), e.textContent])));
  console.log('TAB', await page.locator('.tabs-container .tab.active').evaluate((e) => [e.getAttribute('aria-label'), e.title, e.textContent]));
  await page.keyboard.press('Control+G');
  await page.waitForTimeout(500);
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await page.keyboard.press('Control+.');
  await page.waitForTimeout(2000);
  console.log('MENU', await page.locator('.action-widget').evaluateAll((els) => els.map((e) => e.outerHTML.slice(0, 3000))));
  await page.screenshot({ path: '/tmp/explore/shot.png' });
} finally {
  await browser.close();
  await server.stop();
}
