// The API reference at /docs/: Scalar's page, served from the app (no CDN), renders the OpenAPI document the API
// serves at /api/openapi.json (its tags), and the page asks nothing of any other origin. Run with `npm run test:web`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, artifacts } from './devhost.mjs';

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' }));
});

after(async () => {
  await stop?.();
});

test('the reference page shows the operations of /api/openapi.json from the app alone', { timeout: 120_000 }, async () => {
  const page = context.pages()[0] ?? await context.newPage();
  const elsewhere = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== baseUrl) elsewhere.push(request.url());
  });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const served = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
  assert.equal(served.openapi, '3.1.0');

  await page.goto(`${baseUrl}/docs/`);
  await page.getByText('FanRewards API').first().waitFor({ timeout: 60_000 });
  // Scalar lists the document's tags (it renders a tag's operations only when it is opened).
  for (const tag of served.tags) await page.getByText(tag.name, { exact: true }).first().waitFor();
  await page.screenshot({ path: path.join(artifacts, 'docs-reference.png') });

  assert.deepEqual(elsewhere, [], 'the reference page must fetch nothing from another origin');
  assert.deepEqual(pageErrors, []);
});
