// The fraud review card in a real browser against the DevHost: a ring of 25 accounts from one network likes one
// candidate of the seeded like campaign within a minute, among ordinary followers each on a network of their own; the
// card flags the ring with its chart, and the moderator disqualifies the whole cluster with a reason.
// The DevHost is told to read the client's address from a header, so one machine can play many networks.
// Screenshots go to web/tests/artifacts/ (admin-fraud-*.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, artifacts, devToken, callApi, pollUntil, runWatched, signInAsAdmin } from './devhost.mjs';

const campaignId = 'model-worker-likes-2027';
const addressHeader = 'X-Test-Client-Address';
const ring = 25;

let baseUrl;
let context;
let stop;

before(async () => {
  process.env.ClientAddress__Header = addressHeader;
  ({ baseUrl, context, stop } = await start({ viewport: { width: 1366, height: 900 } }));
});

after(async () => {
  await stop?.();
});

/** An entrant's like from an address of our choosing (the header the DevHost was told to trust). */
async function like(sub, address, candidate) {
  const token = await devToken(baseUrl, sub);
  const response = await fetch(`${baseUrl}/api/campaigns/${campaignId}/candidates/${candidate}/likes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, [addressHeader]: address, 'User-Agent': 'Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0' },
  });
  assert.equal(response.status, 200, `like of ${sub}: ${await response.text()}`);
}

test('the fraud review flags a planted ring with its chart and disqualifies it with a reason', { timeout: 180_000 }, async () => {
  for (let i = 0; i < 8; i++) await like(`fan-${i}`, `10.${i}.0.7`, 'li-xiumei');
  for (let i = 0; i < ring; i++) await like(`yangmao-${i}`, `203.0.113.${i + 1}`, 'zhao-jianguo');

  const page = context.pages()[0] ?? await context.newPage();
  const shot = (name, card) => (card ? page.locator(card) : page)
    .screenshot({ path: path.join(artifacts, `admin-fraud-${name}.png`), ...(card ? {} : { fullPage: true }) });
  await runWatched(page, baseUrl, shot, async () => {
    await page.goto(`${baseUrl}/admin/`);
    await signInAsAdmin(page, '刘审核', ['moderator']);
    await page.goto(`${baseUrl}/admin/#/c/${campaignId}`);

    // The ring's network: the one cluster of its size (each ordinary follower is on a network of their own).
    const cluster = page.locator('#fraud-section details[data-kind="network-burst"]').filter({ hasText: `${ring} 人 · ${ring} 次` });
    await cluster.waitFor();
    await page.locator('#fraud-section details[data-kind="like-burst"]').first().waitFor();
    assert.ok(await page.locator('#fraud-chart polyline').count() >= 1, 'a line per charted cluster');
    assert.doesNotMatch(await page.locator('#fraud-section').innerText(), /yangmao-|203\.0\.113/, 'ids and addresses stay hidden');
    await shot('01-review', '#fraud-section');

    await cluster.locator('summary').click();
    await cluster.locator('[data-select-all]').check();
    await cluster.locator('[data-reason]').fill('同一网络批量注册，多账号刷票');
    await cluster.locator('[data-disqualify]').click();
    await page.locator('#fraud-feedback').filter({ hasText: `已取消 ${ring} 人的资格` }).waitFor();
    await shot('02-disqualified', '#fraud-section');
  });

  const recorded = await pollUntil('the disqualifications', async () => {
    const { data } = await callApi(baseUrl, 'GET', `manage/campaigns/${campaignId}/disqualifications`, { admin: true });
    return data?.length === ring ? data : null;
  }, { timeoutMs: 10_000 });
  assert.ok(recorded.every((d) => d.entrantId.startsWith('yangmao-') && d.reason === '同一网络批量注册，多账号刷票'));
});
