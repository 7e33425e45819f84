/**
 * Renders public/icon.svg into the PNG sizes the manifest needs (public/icon/<size>.png, which WXT
 * picks up by name). Run with `npm run icons` after changing the SVG; the PNGs are committed so a
 * build needs no browser.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(ROOT, 'public/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
const page = await browser.newPage();
mkdirSync(path.join(ROOT, 'public/icon'), { recursive: true });
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  const png = await page.screenshot({ omitBackground: true });
  writeFileSync(path.join(ROOT, `public/icon/${size}.png`), png);
  console.log(`public/icon/${size}.png`);
}
await browser.close();
