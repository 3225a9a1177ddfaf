// Parses roadmap's Mermaid exports with Mermaid itself (its bundled
// mermaid.min.js, in headless Chromium) and renders each to SVG: a gantt
// that GitHub would refuse fails here.
//
//   node tests/html/mermaid.mjs output/exports/*.mmd

import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node tests/html/mermaid.mjs FILE.mmd...');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const bundle = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage();
await page.setContent('<!doctype html><html><body></body></html>');
await page.addScriptTag({ content: bundle });
let failed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const result = await page.evaluate(async (t) => {
    try {
      mermaid.initialize({ startOnLoad: false });
      await mermaid.parse(t);
      const { svg } = await mermaid.render('g' + Math.random().toString(36).slice(2), t);
      return { ok: true, size: svg.length };
    } catch (e) {
      return { ok: false, message: String(e && e.message ? e.message : e) };
    }
  }, text);
  if (result.ok) {
    console.log(`ok    ${file}: rendered (${result.size} bytes of SVG)`);
  } else {
    failed++;
    console.log(`FAIL  ${file}: ${result.message.split('\n').slice(0, 3).join(' ')}`);
  }
}
await browser.close();
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
