/**
 * Takes the README's screenshot: the test build on the synthetic LinkedIn feed with the capture
 * form open. Run `npm run build:e2e && tsx scripts/readme-screenshot.ts`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture, formIn, launch } from '../tests/e2e/harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const session = await launch();
try {
  session.serve('https://www.linkedin.com/feed/', fixture('linkedin-feed.html'));
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 1100, height: 720 });
  await page.goto('https://www.linkedin.com/feed/');
  await page.getByTestId('sourced-flag').first().click();
  const form = formIn(page);
  await form.getByTestId('sourced-outcome-type').selectOption('deal');
  await form.getByTestId('sourced-stage').selectOption('won');
  await form.getByTestId('sourced-value-amount').fill('12000');
  await form.getByTestId('sourced-crm-ref').fill('CRM-4821');
  await form
    .getByTestId('sourced-note')
    .fill('The runbook post started the conversation with their platform team.');
  await page.screenshot({ path: path.join(ROOT, '.github/screenshot.png') });
  console.log('.github/screenshot.png');
} finally {
  await session.close();
}
