// The admin console's people and roles in a real browser (issue #14): dev sign-in with chosen roles, what a role does
// not allow is not offered (and a refusal names the missing role), four eyes on publishing (two dev people), an export
// of personal data that asks why, and the auditor's list of who exported. Screenshots: web/tests/artifacts/roles-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, artifacts, axeViolations, callApi, pollUntil, runWatched, shanghaiLocal, signInAsAdmin } from './devhost.mjs';
import { allowApiInCsp } from '../publish.mjs';

let baseUrl;
let context;
let stop;
const campaignId = 'two-people-2027';

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 1366, height: 900 } }));
});

after(async () => {
  await stop?.();
});

/** An API call that must succeed; its JSON body. */
async function call(method, apiPath, options) {
  const { status, data, text } = await callApi(baseUrl, method, apiPath, options);
  assert.ok(status >= 200 && status < 300, `${method} ${apiPath}: ${status} ${text}`);
  return data;
}

/** A complete draft (four eyes left at its default: on), ready to publish. */
async function draft() {
  const opens = Date.now() + 3_600_000;
  await call('POST', 'manage/campaigns', { admin: true, body: {
    id: campaignId, title: '两人复核的活动', timeZone: 'Asia/Shanghai',
    schedule: { opensAt: shanghaiLocal(opens), closesAt: shanghaiLocal(opens + 86_400_000), claimDeadline: shanghaiLocal(opens + 30 * 86_400_000),
      draws: [{ id: 'main', name: '元宵节抽奖', at: shanghaiLocal(opens + 86_400_000 + 60_000), prizeIds: ['pass'], alternates: 2 }] },
    organiser: { name: '省总工会', contact: '029-87310000' },
    rules: { entryConditions: '职工', awardMethod: '可验证抽奖', claimInstructions: '填写地址', forfeiture: '逾期递补' },
    activities: [{ id: 'riddles', kind: 'riddle', title: '猜灯谜', award: { mode: 'draw' } }],
  } });
  await call('PUT', `manage/campaigns/${campaignId}/riddles`, { admin: true,
    body: [{ id: 'r1', activityId: 'riddles', question: '一口咬掉牛尾巴', hint: '打一字', answers: ['告'] }] });
  await call('PUT', `manage/campaigns/${campaignId}/prizes`, { admin: true,
    body: [{ id: 'pass', name: '旅游年卡', kind: 'physical', valueYuan: 120, count: 2 }] });
}

async function signOut(page) {
  await page.click('#sign-out');
  await page.locator('#dev-sign-in').waitFor();
}

test('people sign in with their roles: a moderator cannot publish, two publishers publish, an export asks why and the auditor sees it',
  { timeout: 300_000 }, async () => {
    await draft();
    const page = context.pages()[0] ?? await context.newPage();
    const shot = (name) => page.screenshot({ path: path.join(artifacts, `roles-${name}.png`), fullPage: true });
    await runWatched(page, baseUrl, shot, async () => {
      // Dev sign-in as a moderator only: the roles show, and nothing a moderator may not do is offered.
      await page.goto(`${baseUrl}/admin/#/c/${campaignId}`);
      await signInAsAdmin(page, '赵审核', ['moderator']);
      await page.locator('[data-testid="roles"]').filter({ hasText: '审核员' }).waitFor();
      assert.equal(await page.locator('[data-testid="roles"]').innerText(), '审核员');
      await page.locator('#campaign-title').filter({ hasText: '两人复核的活动' }).waitFor();
      await page.locator('#lifecycle-role').filter({ hasText: '发布人' }).waitFor();
      assert.equal(await page.locator('#publish').count(), 0, 'a moderator sees no publish button');
      assert.equal(await page.locator('#create-form').count(), 0, 'nor the form that creates a campaign');
      assert.equal(await page.isDisabled('#save'), true);
      // On a live campaign the awards list is for fulfilment and auditors: the refusal names the roles to ask for.
      await page.goto(`${baseUrl}/admin/#/c/lantern-festival-2027`);
      await page.locator('#awards-feedback').filter({ hasText: '兑奖专员' }).filter({ hasText: '审计员' }).waitFor();
      assert.equal(await page.locator('#publish').count(), 0);
      const { blocking } = await axeViolations(page);
      assert.deepEqual(blocking, []);
      await shot('01-moderator');
      await signOut(page);
      await page.goto(`${baseUrl}/admin/#/c/${campaignId}`);

      // The first publisher asks to publish: nothing is published yet, and they cannot approve their own request.
      await signInAsAdmin(page, '王主任', ['publisher', 'fulfilment']);
      await page.locator('#publish').click();
      await page.locator('#lifecycle-feedback').filter({ hasText: '等待第二个人批准' }).waitFor();
      const pending = page.locator('#approvals tr[data-status="pending"]');
      await pending.filter({ hasText: '王主任' }).waitFor();
      assert.equal(await pending.locator('[data-approve]').isDisabled(), true, 'the requester cannot approve');
      assert.equal((await call('GET', `manage/campaigns/${campaignId}`, { admin: true })).lifecycle, 'draft');
      await shot('02-requested');
      await signOut(page);

      // A second publisher approves: the campaign is published, and the audit names both people.
      await signInAsAdmin(page, '李书记', ['publisher', 'auditor']);
      await page.locator('#approvals [data-approve]').click();
      await page.locator('#lifecycle').filter({ hasText: '生命周期：已发布' }).waitFor();
      assert.equal((await call('GET', `manage/campaigns/${campaignId}`, { admin: true })).lifecycle, 'published');
      await page.locator('#audit').filter({ hasText: '王主任' }).filter({ hasText: '李书记' }).waitFor();
      await page.locator('#etag').filter({ hasText: /版本 \d+/ }).waitFor();
      await shot('03-approved');
      await signOut(page);

      // Fulfilment exports the awards: the console asks why first, and refuses a reason too short to mean anything.
      await signInAsAdmin(page, '王主任', ['publisher', 'fulfilment']);
      await page.click('#awards-csv');
      await page.locator('#export-reason').waitFor();
      await page.fill('#export-reason', 'ok');
      await page.click('#export-confirm');
      await page.locator('#export-reason-feedback').filter({ hasText: '3–200' }).waitFor();
      await page.fill('#export-reason', '寄送奖品给中奖者');
      const [file] = await Promise.all([page.waitForEvent('download'), page.click('#export-confirm')]);
      assert.equal(file.suggestedFilename(), `${campaignId}-awards.csv`);
      assert.equal(await page.locator('#export-reason').count(), 0);
      await signOut(page);

      // The auditor reads who exported personal data, and why.
      await signInAsAdmin(page, '李书记', ['publisher', 'auditor']);
      await page.locator('#data-access tr').filter({ hasText: '王主任' }).filter({ hasText: '寄送奖品给中奖者' }).waitFor();
      await shot('04-data-access');
    });
  });

test('where the API is not the DevHost only the organisation\'s sign-in is offered: authorization code with PKCE, the API\'s scope, back to the console',
  { timeout: 120_000 }, async () => {
    // What a deployment looks like to the console: config.json names the app registrations (as admin-console.sh
    // writes it), and the API answers GET /api/dev/admin-tokens with 404 (the Function App has no such route).
    const tenantId = '11111111-2222-4333-8444-555555555555';
    const clientId = '66666666-7777-4888-8999-000000000000';
    const apiScope = 'api://aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/admin';
    const authority = `https://login.microsoftonline.com/${tenantId}`;
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route('**/admin/config.json', (route) => route.fulfill({ json: { apiBaseUrl: '', auth: { tenantId, clientId, apiScope, authority } } }));
    // The page's CSP as web/publish.mjs writes it for that sign-in: the console may connect to the authority.
    await page.route(`${baseUrl}/admin/`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: allowApiInCsp(await response.text(), new URL(authority).origin) });
    });
    await page.route('**/api/dev/admin-tokens', (route) => route.fulfill({ status: 404, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'urn:fanrewards:problem:not-found', status: 404, title: 'Not found.' }) }));
    // The authority, played here: its metadata, and the authorize endpoint the browser is sent to (recorded, not served).
    let authorize = null;
    const cors = { 'Access-Control-Allow-Origin': '*' }; // the console reads the metadata across origins
    await page.route('https://login.microsoftonline.com/**', (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('/oauth2/v2.0/authorize')) {
        authorize = url;
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>sign-in</title>' });
      }
      if (url.pathname.endsWith('/openid-configuration')) {
        return route.fulfill({ headers: cors, json: {
          issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
          authorization_endpoint: `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/authorize`,
          token_endpoint: `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`,
          end_session_endpoint: `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/logout`,
          jwks_uri: `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`,
        } });
      }
      return route.fulfill({ headers: cors, json: { tenant_discovery_endpoint: `https://login.microsoftonline.com/${tenantId}/v2.0/.well-known/openid-configuration`,
        metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] }] } });
    });
    try {
      await page.goto(`${baseUrl}/admin/`);
      await page.locator('#entra-sign-in').waitFor();
      assert.equal(await page.locator('#dev-sign-in').count(), 0, 'no dev sign-in where the API does not offer dev tokens');

      await page.click('#entra-sign-in');
      await pollUntil('the browser sent to the authority', async () => authorize, { timeoutMs: 30_000, intervalMs: 100 });
      assert.equal(authorize.origin + authorize.pathname, `${authority}/oauth2/v2.0/authorize`);
      const query = authorize.searchParams;
      assert.equal(query.get('client_id'), clientId);
      assert.equal(query.get('response_type'), 'code');
      assert.equal(query.get('code_challenge_method'), 'S256');
      assert.match(query.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.ok(query.get('scope').split(' ').includes(apiScope), query.get('scope'));
      assert.equal(query.get('redirect_uri'), `${baseUrl}/admin/`);
      assert.equal(query.get('access_token'), null);
      assert.deepEqual(pageErrors, []);
    } finally {
      await page.close();
    }
  });
