// The entrant page in a real browser: Debian's Chromium driven by playwright-core, against a DevHost on Azurite
// that this test starts (fresh store, seeds open now). Run with `npm run test:web`. Screenshots go to
// web/tests/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start, artifacts, devToken, runWatched } from './devhost.mjs';
import { publish } from '../publish.mjs';

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 360, height: 740 } }));
});

after(async () => {
  await stop?.();
});

test('a follower signs in, answers a riddle, likes a candidate and sees a message as text in Mine', { timeout: 120_000 }, async () => {
  const page = context.pages()[0] ?? await context.newPage();
  const shot = (name, fullPage = true) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });
  await runWatched(page, baseUrl, shot, () => follow(page, shot));
});

// A host app's page that frames the entrant page, answers its ready message with a token and can post more.
function hostPage(entrantOrigin, firstToken) {
  return `<!doctype html><html lang="en"><title>Host app</title>
<iframe id="entrant" title="FanRewards" src="${entrantOrigin}/entrant/" width="360" height="640"></iframe>
<script>
  const frame = document.getElementById('entrant');
  window.readyMessages = 0;
  window.post = (message) => frame.contentWindow.postMessage(message, ${JSON.stringify(entrantOrigin)});
  window.addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(entrantOrigin)} || event.data?.type !== 'fanrewards:ready') return;
    window.readyMessages += 1;
    window.post({ type: 'fanrewards:token', token: ${JSON.stringify(firstToken)} });
  });
</script></html>`;
}

/** How many messages the framed entrant page has taken or ignored (host.js counts them on its root element). */
async function messagesHandled(frame) {
  return Number((await frame.locator(':root').getAttribute('data-host-messages-handled')) ?? 0);
}

test('a host app on an allowed origin signs the entrant in by postMessage; another origin cannot', { timeout: 60_000 }, async () => {
  const allowedHost = 'https://host.example';
  const otherHost = 'https://other.example';
  // Chromium lets a public site (as a routed one counts) frame the loopback DevHost only with this permission,
  // which it grants only to secure origins: hence https hosts.
  for (const host of [allowedHost, otherHost]) await context.grantPermissions(['local-network-access'], { origin: host });
  const configUrl = `${baseUrl}/entrant/config.json`;
  await context.route(configUrl, (route) => route.fulfill({ json: { hostOrigins: [`${allowedHost}/`] } }));
  const [first, refreshed, stranger] = await Promise.all([devToken(baseUrl, 'host-user-1'), devToken(baseUrl, 'host-user-2'), devToken(baseUrl, 'stranger-1')]);
  await context.route(`${allowedHost}/`, (route) => route.fulfill({ contentType: 'text/html', body: hostPage(baseUrl, first) }));
  await context.route(`${otherHost}/`, (route) => route.fulfill({ contentType: 'text/html', body: hostPage(baseUrl, stranger) }));
  const page = await context.newPage();
  try {
    await page.goto(`${allowedHost}/`);
    const frame = page.frameLocator('#entrant');
    const signedIn = frame.locator('[data-testid="signed-in"]');
    await signedIn.filter({ hasText: 'host-user-1' }).waitFor();
    assert.equal(await page.evaluate(() => window.readyMessages), 1);

    // Malformed messages from the allowed host change nothing; a fresh token replaces the first.
    const handledBefore = await messagesHandled(frame);
    await page.evaluate(() => {
      window.post('fanrewards:token');
      window.post({ type: 'fanrewards:token', token: 'not a token' });
      window.post({ type: 'something-else', token: 'a.b.c' });
    });
    await frame.locator(`:root[data-host-messages-handled="${handledBefore + 3}"]`).waitFor({ state: 'attached' });
    assert.equal(await signedIn.textContent(), '已登录：host-user-1');
    await page.evaluate((token) => window.post({ type: 'fanrewards:token', token }), refreshed);
    await signedIn.filter({ hasText: 'host-user-2' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, '07-host-signed-in.png') });

    // The same page on an origin that is not allowed: no ready message for it, and its token is ignored.
    await page.goto(`${otherHost}/`);
    await frame.locator('#dev-entrant-id').waitFor();
    await page.evaluate((token) => window.post({ type: 'fanrewards:token', token }), stranger);
    // The page has decided on the stranger's message (and had its origin list, so any ready message is out).
    await frame.locator(':root[data-host-messages-handled="1"]').waitFor({ state: 'attached' });
    assert.equal(await frame.locator('[data-testid="signed-in"]').count(), 0);
    assert.equal(await page.evaluate(() => window.readyMessages), 0);
  } finally {
    await page.close();
    await context.unroute(configUrl);
  }
});

test('a #token= link for someone else asks first: refused keeps the old identity, accepted switches', { timeout: 60_000 }, async () => {
  const [first, second] = await Promise.all([devToken(baseUrl, 'link-user-1'), devToken(baseUrl, 'link-user-2')]);
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  await runWatched(page, baseUrl, shot, async () => {
    const signedIn = page.locator('[data-testid="signed-in"]');
    const question = page.locator('[data-testid="switch-identity"]');
    const held = () => page.evaluate(() => sessionStorage.getItem('fanrewards.token'));

    // Nobody signed in: the link signs in silently, as before.
    await page.goto(`${baseUrl}/entrant/#token=${encodeURIComponent(first)}`);
    await signedIn.filter({ hasText: 'link-user-1' }).waitFor();
    assert.equal(await question.count(), 0);

    // A link for someone else: the page asks, naming who the link signs in as; refused, nothing changes.
    await page.goto(`${baseUrl}/entrant/#token=${encodeURIComponent(second)}`);
    await question.filter({ hasText: 'link-user-2' }).waitFor();
    assert.match(await question.textContent(), /link-user-1/);
    assert.equal(await held(), first);
    await shot('08-switch-asked');
    await page.click('[data-testid="switch-refuse"]');
    await question.waitFor({ state: 'detached' });
    // In whichever language an earlier test left the page (the choice is kept in localStorage).
    assert.match(await signedIn.textContent(), /link-user-1$/);
    assert.equal(await held(), first);
    assert.doesNotMatch(page.url(), /token=/);

    // Asked again and accepted: the page is now the other entrant's.
    await page.goto(`${baseUrl}/entrant/#token=${encodeURIComponent(second)}`);
    await page.click('[data-testid="switch-accept"]');
    await signedIn.filter({ hasText: 'link-user-2' }).waitFor();
    assert.equal(await held(), second);

    // A link for the entrant already signed in (a fresh token): silent.
    await page.goto(`${baseUrl}/entrant/#token=${encodeURIComponent(second)}`);
    await signedIn.filter({ hasText: 'link-user-2' }).waitFor();
    assert.equal(await question.count(), 0);
  });
  await page.close();
});

test('published as static files on a site of its own, the page calls the API on the API\'s origin', { timeout: 60_000 }, async () => {
  const site = 'https://web.example';
  const apiOrigin = 'https://api.example';
  const out = await mkdtemp(path.join(tmpdir(), 'fanrewards-site-'));
  await publish({ out, api: apiOrigin });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  await context.route(`${site}/**`, async (route) => {
    let file = decodeURIComponent(new URL(route.request().url()).pathname);
    if (file.endsWith('/')) file += 'index.html';
    const body = await readFile(path.join(out, path.normalize(file))).catch(() => null);
    await route.fulfill(body ? { body, contentType: types[path.extname(file)] ?? 'application/octet-stream' } : { status: 404 });
  });
  // The Function App's CORS setting (infra/app/api.bicep) lets the site call it; here a route stands in for it.
  const cors = { 'access-control-allow-origin': site, 'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST' };
  const apiCalls = [];
  await context.route(`${apiOrigin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    apiCalls.push(url.pathname);
    const response = await route.fetch({ url: `${baseUrl}${url.pathname}${url.search}` });
    return route.fulfill({ response, headers: { ...response.headers(), ...cors } });
  });
  const page = await context.newPage();
  const blocked = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) blocked.push(message.text()); });
  try {
    await page.goto(`${site}/`);
    await page.locator('#campaigns [data-campaign="lantern-festival-2027"]').waitFor();
    await page.fill('#dev-entrant-id', 'static-site-fan');
    await page.click('#dev-sign-in');
    await page.locator('[data-testid="signed-in"]').filter({ hasText: 'static-site-fan' }).waitFor();
    assert.ok(apiCalls.includes('/api/campaigns') && apiCalls.includes('/api/dev/tokens'), JSON.stringify(apiCalls));
    assert.deepEqual(blocked, []);
  } finally {
    await page.close();
    await context.unroute(`${site}/**`);
    await context.unroute(`${apiOrigin}/**`);
    await rm(out, { recursive: true, force: true });
  }
});

async function follow(page, shot) {

  await page.goto(`${baseUrl}/`);
  assert.equal(new URL(page.url()).pathname, '/entrant/');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.locator('#campaigns [data-campaign="lantern-festival-2027"]').waitFor();
  await shot('01-campaigns');

  // Dev sign-in.
  await page.fill('#dev-entrant-id', 'follower-001');
  await page.click('#dev-sign-in');
  await page.locator('[data-testid="signed-in"]').filter({ hasText: 'follower-001' }).waitFor();

  // A riddle wrong, then right.
  await page.click('a[href="#/c/lantern-festival-2027"]');
  const riddle = page.locator('[data-riddle="r01"]');
  await riddle.locator('input').fill('吉');
  await riddle.locator('button[type="submit"]').click();
  await riddle.locator('.feedback.bad').filter({ hasText: '还可以答 2 次' }).waitFor();
  await riddle.locator('input').fill('告');
  await riddle.locator('button[type="submit"]').click();
  await riddle.locator('.feedback.good').filter({ hasText: '答对了' }).waitFor();
  assert.equal(await riddle.locator('input').isDisabled(), true);
  await page.locator('[data-testid="riddle-progress"]').filter({ hasText: '已答对 1 条' }).waitFor();
  await riddle.scrollIntoViewIfNeeded();
  await shot('02-riddles', false);

  // The rules and disclosure.
  await page.click('[data-tab="rules"]');
  await page.locator('#prizes').filter({ hasText: '陕西旅游年票' }).waitFor();
  await shot('03-rules');

  // Winners: none yet, and "check my entry" says the draw has not happened.
  await page.click('[data-tab="winners"]');
  await page.locator('[data-testid="no-winners"]').waitFor();
  await page.click('[data-check="lantern-draw"]');
  await page.locator('[data-testid="check-lantern-draw"]').filter({ hasText: '还没有开奖' }).waitFor();

  // A like, counted on the leaderboard.
  await page.goto(`${baseUrl}/entrant/#/c/model-worker-likes-2027`);
  await page.click('[data-like="zhao-jianguo"]');
  await page.locator('.feedback.good').filter({ hasText: '点赞成功' }).waitFor();
  await page.locator('[data-testid="likes-zhao-jianguo"]').filter({ hasText: '1 赞' }).waitFor();
  await shot('04-likes');

  // A message with markup in it stays text.
  const text = '致敬每一位女职工！<script>window.__injected = true</script><img src=x onerror="window.__injected = true">';
  await page.goto(`${baseUrl}/entrant/#/c/womens-day-2027`);
  await page.fill('textarea', text);
  await page.locator('.counter').filter({ hasText: `${[...text].length} / 300` }).waitFor();
  await page.click('[data-activity="womens-day-messages"] button[type="submit"]');
  await page.locator('.feedback.good').filter({ hasText: '留言已提交' }).waitFor();
  await page.click('[data-tab="mine"]');
  const message = page.locator('[data-testid="mine-message"]');
  await message.waitFor();
  assert.equal(await message.textContent(), text);
  assert.equal(await message.locator('script, img').count(), 0);
  assert.equal(await page.evaluate(() => window.__injected), undefined);
  // The page's own words (the API's note is English only): a message awaiting moderation is in the draw unless rejected
  // before its cutoff, as the draw reads it.
  await page.locator('[data-testid="mine-chances"]').filter({ hasText: '留言待审核，已计入抽奖' }).waitFor();
  await shot('05-mine');

  // The likes' prize (a voucher code) shows in Mine.
  await page.goto(`${baseUrl}/entrant/#/c/model-worker-likes-2027/mine`);
  await page.locator('.voucher').filter({ hasText: 'DEMO-' }).waitFor();

  // English, one click away.
  await page.click('#lang-switch');
  await page.locator('[data-tab="mine"]').filter({ hasText: 'Mine' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await shot('06-mine-en');
}
