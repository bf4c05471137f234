// After a real draw, on a phone: a follower sees the masked winners per prize tier and "check my entry" recomputes
// their own score in the browser (Web Crypto) from the revealed seed and says it agrees with the published ranking;
// a proof that was tampered with on the way (another seed, another score) is caught. The campaign is made through
// the admin API with a window of a few seconds, entered through the entrant API, and drawn by the DevHost's timer.
// Screenshots go to web/tests/artifacts/ (entrant-draw-*.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { start, artifacts, devToken, callOk, pollUntil, shanghaiLocal } from './devhost.mjs';

const campaignId = 'entrant-draw-2026';
const entrants = ['drawer-0', 'drawer-1', 'drawer-2', 'drawer-3', 'drawer-4', 'drawer-5'];

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 360, height: 740 } }));
});

after(async () => {
  await stop?.();
});

/** The DevHost's API, checked: anything but a 2xx fails the test (devhost.mjs callOk). */
const call = (method, apiPath, options) => callOk(baseUrl, method, apiPath, options);

const shanghai = shanghaiLocal;

/** The pseudonym rule of docs/FAIRNESS.md, computed apart from the page: salted, or unsalted when salt is null. */
const pseudonymOf = (sub, salt) =>
  createHash('sha256').update(salt === null ? `${campaignId}|${sub}` : `${campaignId}|${sub}|${salt}`, 'utf8').digest('hex');

/** A short campaign, drawn by the timer right after it closes: 2 prizes and 2 alternates among 6 entrants. */
async function drawnCampaign() {
  const closes = Date.now() + 15_000;
  await call('POST', 'manage/campaigns', { admin: true, body: {
    id: campaignId, title: '快问快答', timeZone: 'Asia/Shanghai', fourEyes: false,
    schedule: { opensAt: shanghai(closes - 300_000), closesAt: shanghai(closes), claimDeadline: shanghai(closes + 14 * 86_400_000),
      draws: [{ id: 'main', name: '元宵节抽奖', at: shanghai(closes + 1_000), prizeIds: ['pass'], alternates: 2 }] },
    organiser: { name: '省总工会', contact: '029-87310000' },
    rules: { entryConditions: '职工', awardMethod: '可验证抽奖', claimInstructions: '填写地址', forfeiture: '逾期递补' },
    activities: [{ id: 'riddles', kind: 'riddle', title: '猜灯谜', award: { mode: 'draw' } }],
  } });
  const { eTag } = await call('GET', `manage/campaigns/${campaignId}`, { admin: true });
  assert.ok(eTag);
  await call('PUT', `manage/campaigns/${campaignId}/riddles`, { admin: true,
    body: [{ id: 'r1', activityId: 'riddles', question: '一口咬掉牛尾巴', hint: '打一字', answers: ['告'] }] });
  await call('PUT', `manage/campaigns/${campaignId}/prizes`, { admin: true,
    body: [{ id: 'pass', name: '旅游年卡', kind: 'physical', valueYuan: 120, count: 2 }] });
  await call('POST', `manage/campaigns/${campaignId}/publish`, { admin: true });

  const tokens = {};
  for (const sub of entrants) {
    tokens[sub] = await devToken(baseUrl, sub);
    await call('POST', `campaigns/${campaignId}/riddles/r1/answers`, { token: tokens[sub], body: { answer: '告' } });
  }
  const proof = await pollUntil('the timer to draw the campaign', async () => {
    const current = await call('GET', `campaigns/${campaignId}/draws/main/proof`);
    return current.state === 'drawn' ? current : null;
  }, { timeoutMs: 120_000 });
  return { tokens, proof };
}

test('a follower sees the masked winners and checks their own entry against the proof; a tampered proof is caught',
  { timeout: 240_000 }, async () => {
    const { tokens, proof } = await drawnCampaign();
    const page = context.pages()[0] ?? await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const shot = (name) => page.screenshot({ path: path.join(artifacts, `entrant-draw-${name}.png`), fullPage: true });

    // Every entrant, winner, alternate or ranked nowhere, sees their own entry agree with the proof.
    const check = page.locator('[data-testid="check-main"]');
    const signInAs = async (sub) => {
      await page.goto(`${baseUrl}/entrant/#token=${tokens[sub]}`);
      // A link for another entrant than the one signed in asks first (who it signs in as): this follower says yes.
      const signedIn = page.locator('[data-testid="signed-in"]').filter({ hasText: sub });
      const question = page.locator('[data-testid="switch-identity"]');
      await signedIn.or(question).first().waitFor();
      if (await question.isVisible()) await page.click('[data-testid="switch-accept"]');
      await signedIn.waitFor();
      await page.goto(`${baseUrl}/entrant/#/c/${campaignId}/winners`);
      await page.locator('ol.winners li').first().waitFor();
    };
    const entrySet = (await call('GET', `campaigns/${campaignId}/draws/main/entries?limit=1000`)).entries.map((e) => e.pseudonym);
    let firstPlace = null;
    for (const sub of entrants) {
      await signInAs(sub);
      await page.click('[data-check="main"]');
      await check.filter({ hasText: '核对一致' }).waitFor();
      const pseudonym = await check.locator('code').first().innerText();
      // The page salted it with the salt only this entrant's own page gets; a guess without it is in no public list.
      const { salt } = await call('GET', `me/campaigns/${campaignId}`, { token: tokens[sub] });
      assert.match(salt, /^[0-9a-f]{64}$/);
      assert.equal(pseudonym, pseudonymOf(sub, salt));
      assert.ok(entrySet.includes(pseudonym), `${sub} is in the entry set`);
      assert.ok(!entrySet.includes(pseudonymOf(sub, null)), `${sub}'s unsalted pseudonym is not`);
      const ranked = proof.ranking.find((r) => r.pseudonym === pseudonym);
      if (ranked) assert.match(await check.innerText(), new RegExp(`第 ${ranked.rank} 名`));
      else assert.match(await check.innerText(), /你不在公布的中奖和候补排名中/);
      if (ranked?.rank === 1) {
        firstPlace = sub;
        await shot('01-winner-checks');
      }
    }
    assert.ok(firstPlace, 'one of the entrants is the first place');

    // Masked winners per tier: no pseudonym or prefix of one (beside a masked phone it would narrow the number down),
    // never an entrant id.
    const winners = await page.locator('ol.winners li').allInnerTexts();
    assert.equal(winners.length, 2);
    for (const line of winners) {
      assert.ok(!proof.ranking.some((r) => line.includes(r.pseudonym.slice(0, 6))), line);
      assert.ok(!entrants.some((sub) => line.includes(sub)), line);
    }
    const winnersApi = await call('GET', `campaigns/${campaignId}/winners`);
    assert.ok(!JSON.stringify(winnersApi).includes('pseudonym'), 'the winners list carries no pseudonym field');
    // The draw goes by its display name on the page, as in every view that carries its id.
    assert.equal(winnersApi[0].drawName, '元宵节抽奖');
    assert.equal(proof.name, '元宵节抽奖');
    await page.locator('h2').filter({ hasText: '元宵节抽奖' }).first().waitFor();

    // Ended, the campaign is listed apart from the ongoing and upcoming ones.
    await page.goto(`${baseUrl}/entrant/`);
    await page.locator('#ended-campaigns [data-campaign="entrant-draw-2026"]').waitFor();
    assert.equal(await page.locator('#campaigns [data-campaign="entrant-draw-2026"]').count(), 0);
    await page.locator('#campaigns [data-campaign="lantern-festival-2027"]').waitFor();

    // The entrant's own tab shows their salt, with the sentence that says what it is for.
    const signedIn = entrants.at(-1);
    await page.goto(`${baseUrl}/entrant/#/c/${campaignId}/mine`);
    const saltLine = page.locator('[data-testid="mine-salt"]');
    await saltLine.waitFor();
    const { salt: ownSalt } = await call('GET', `me/campaigns/${campaignId}`, { token: tokens[signedIn] });
    assert.equal(await saltLine.locator('code').innerText(), ownSalt);
    assert.match(await saltLine.innerText(), /只有你能看到/);
    await shot('03-my-salt');

    // The page's rule without a salt (a campaign published before salts) is the unsalted one, byte for byte.
    const inPage = await page.evaluate(async () => {
      const { pseudonymOf } = await import('/entrant/proof.js');
      return [await pseudonymOf('entrant-draw-2026', 'drawer-0', null), await pseudonymOf('entrant-draw-2026', 'drawer-0', 'ab'.repeat(32))];
    });
    assert.deepEqual(inPage, [pseudonymOf('drawer-0', null), pseudonymOf('drawer-0', 'ab'.repeat(32))]);

    // The same check, by the first place, against a proof whose seed or whose scores were changed on the way says so.
    await signInAs(firstPlace);
    const proofUrl = `${baseUrl}/api/campaigns/${campaignId}/draws/main/proof`;
    const tamper = async (change) => {
      await context.route(proofUrl, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, json: change(await response.json()) });
      });
      try {
        await page.reload();
        await page.click('[data-check="main"]');
        await check.filter({ hasText: '核对不一致' }).waitFor();
      } finally {
        await context.unroute(proofUrl);
      }
    };
    await tamper((p) => ({ ...p, seed: p.seed.replace(/^./, (c) => (c === '0' ? '1' : '0')) }));
    assert.match(await check.innerText(), /与承诺值不一致/);
    await shot('02-tampered-seed');
    await tamper((p) => ({ ...p, ranking: p.ranking.map((r) => ({ ...r, score: Number(r.score) / 2 })) }));
    assert.deepEqual(pageErrors, []);
  });
