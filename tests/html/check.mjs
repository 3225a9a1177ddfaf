// Opens each HTML report in headless Chromium (Debian's `chromium`) and
// fails unless: the page loads with no console error or warning and no
// script error, nothing is fetched from outside the file itself (the report
// is self-contained), every inline SVG chart is laid out with a size, and a
// screenshot is not blank. Screenshots are saved into the folder named by
// the SCREENSHOTS environment variable, when it is set.
//
//   node tests/html/check.mjs output/reports/*.html
//
// Run by `.ci/run` after `npm ci --prefix tests/html`.

import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { resolve, basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync, mkdirSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node tests/html/check.mjs REPORT.html...');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // As root in a sandbox, with no network: no sandbox, no background traffic.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

let failed = 0;
for (const file of files) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (u !== url && !u.startsWith('data:')) problems.push(`fetches ${u}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

  await page.goto(url, { waitUntil: 'load' });
  const charts = await page.$$eval('svg', (svgs) =>
    svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { width: r.width, height: r.height, texts: s.querySelectorAll('text').length };
    }),
  );
  for (const [i, c] of charts.entries()) {
    if (!(c.width > 100 && c.height > 100 && c.texts > 0)) {
      problems.push(`chart ${i + 1} not drawn (${c.width}x${c.height}, ${c.texts} texts)`);
    }
  }
  // The top of the page (charts and the first sections). Chromium under
  // load sometimes fails a capture ("Unable to capture screenshot"): a
  // failed capture is tried again before it counts.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const clip = { x: 0, y: 0, width: 1280, height: Math.min(height, 4000) };
  let shot;
  for (let attempt = 1; !shot; attempt++) {
    try {
      shot = await page.screenshot({ fullPage: true, clip });
    } catch (e) {
      if (attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const png = PNG.sync.read(shot);
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) inked++;
  }
  const share = inked / (png.width * png.height);
  if (share < 0.005) problems.push(`screenshot is blank (${(share * 100).toFixed(2)}% inked)`);
  if (process.env.SCREENSHOTS) {
    mkdirSync(process.env.SCREENSHOTS, { recursive: true });
    writeFileSync(join(process.env.SCREENSHOTS, basename(file) + '.png'), shot);
  }
  await page.close();

  if (problems.length) {
    failed++;
    console.log(`FAIL  ${file}`);
    for (const p of problems) console.log(`        ${p}`);
  } else {
    console.log(
      `ok    ${file}: ${charts.length} charts, screenshot ${png.width}x${png.height}, ${(share * 100).toFixed(1)}% inked`,
    );
  }
}
await browser.close();
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
