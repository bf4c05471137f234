// A draw with two witnesses (Trust v2), in a real browser against a DevHost: the admin names them in the editor's draw
// form (a malformed commitment and a missing reveal deadline shown next to their fields), publishes; once entries
// close the admin sees the draw sealed (digest, count) and waiting for both, and the entrant page says so and explains
// the witnesses. After the reveal deadline one witness reveals through the API; the admin's excuse of that witness
// (on a page not yet refreshed) is refused and says why, the excuse of the other is taken, and the draw runs. The
// entrant page shows each witness's state, and "check my entry" checks the revealed secret, the draw seed and the
// score; a proof whose witness secret or draw seed was changed on the way is caught.
// Screenshots go to web/tests/artifacts/ (witness-draw-*.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { start, artifacts, devToken, axeViolations, callOk, pollUntil, shanghaiLocal, runWatched, signInAsAdmin } from './devhost.mjs';

const campaignId = 'witness-draw-2026';
const entrants = ['witnessed-0', 'witnessed-1', 'witnessed-2', 'witnessed-3'];
const shanghai = shanghaiLocal;

/** A witness's secret and its commitment, made as `fanrewards-verify witness new` does: SHA-256 over the 32 raw bytes. */
function witnessSecret() {
  const secret = randomBytes(32);
  return { secret: secret.toString('hex'), commitment: createHash('sha256').update(secret).digest('hex') };
}
const notary = { id: 'notary', name: '西安市公证处', ...witnessSecret() };
const members = { id: 'members', name: '职工代表', ...witnessSecret() };

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 1366, height: 900 } }));
});

after(async () => {
  await stop?.();
});

/** The DevHost's API, checked: anything but a 2xx fails the test (devhost.mjs callOk). */
const call = (method, apiPath, options) => callOk(baseUrl, method, apiPath, options);

/** A draft whose draw the admin gives witnesses in the editor; entries close closesAt, the draw is due right after. */
async function draftCampaign(closesAt) {
  await call('POST', 'manage/campaigns', { admin: true, body: {
    id: campaignId, title: '见证抽奖', timeZone: 'Asia/Shanghai',
    schedule: { opensAt: shanghai(closesAt - 300_000), closesAt: shanghai(closesAt), claimDeadline: shanghai(closesAt + 14 * 86_400_000),
      draws: [{ id: 'main', at: shanghai(closesAt + 1_000), prizeIds: ['pass'], alternates: 1 }] },
    organiser: { name: '省总工会', contact: '029-87310000' },
    rules: { entryConditions: '职工', awardMethod: '可验证抽奖，公证处见证', claimInstructions: '填写地址', forfeiture: '逾期递补' },
    activities: [{ id: 'riddles', kind: 'riddle', title: '猜灯谜', award: { mode: 'draw' } }],
  } });
  await call('PUT', `manage/campaigns/${campaignId}/riddles`, { admin: true,
    body: [{ id: 'r1', activityId: 'riddles', question: '一口咬掉牛尾巴', hint: '打一字', answers: ['告'] }] });
  await call('PUT', `manage/campaigns/${campaignId}/prizes`, { admin: true,
    body: [{ id: 'pass', name: '旅游年卡', kind: 'physical', valueYuan: 120, count: 1 }] });
}

const proofOf = () => call('GET', `campaigns/${campaignId}/draws/main/proof`);

test('an admin names two witnesses, sees the draw sealed and waiting, excuses one after the deadline, and the entrant checks the draw',
  { timeout: 300_000 }, async () => {
    const admin = context.pages()[0] ?? await context.newPage();
    const shot = (name, card) => (card ? admin.locator(card) : admin)
      .screenshot({ path: path.join(artifacts, `witness-draw-${name}.png`), ...(card ? {} : { fullPage: true }) });
    await runWatched(admin, baseUrl, shot, () => runDraw(admin, shot));
  });

async function runDraw(admin, shot) {
  const closesAt = Date.now() + 45_000;
  const revealBy = closesAt + 6_000;
  await draftCampaign(closesAt);

  await admin.goto(`${baseUrl}/admin/#/c/${campaignId}`);
  await signInAsAdmin(admin, '李干事');
  await admin.locator('#campaign-title').filter({ hasText: '见证抽奖' }).waitFor();

  // The witnesses, in order, in the draw's form; the members' commitment mistyped at first.
  const w = (index, name) => `#f-schedule-draws-0-witnesses-${index}-${name}`;
  for (const [index, witness] of [notary, members].entries()) {
    await admin.click('#f-schedule-draws-0-witnesses-add');
    await admin.fill(w(index, 'name'), witness.name);
    await admin.fill(w(index, 'id'), witness.id);
    await admin.fill(w(index, 'commitment'), index === 0 ? witness.commitment : witness.commitment.toUpperCase());
  }
  await admin.click('#save');
  await admin.locator(`${w(1, 'commitment')}-errors li`).filter({ hasText: '64 个小写十六进制字符' }).waitFor();
  assert.equal(await admin.getAttribute(w(1, 'commitment'), 'aria-invalid'), 'true');
  await admin.fill(w(1, 'commitment'), members.commitment);

  // One person publishes here: four eyes off (admin-roles.test.mjs publishes with two people).
  await admin.uncheck('#f-fourEyes');
  // Publishing needs the reveal deadline of a draw with witnesses.
  await admin.click('#publish');
  await admin.locator('#f-schedule-draws-0-revealBy-errors li').first().waitFor();
  await shot('01-editor-witnesses', '[data-section="drawSchedule"]');
  await admin.fill('#f-schedule-draws-0-revealBy', shanghai(revealBy));
  await admin.click('#publish');
  await admin.locator('#lifecycle-feedback').filter({ hasText: '已发布' }).waitFor();
  const published = await call('GET', `manage/campaigns/${campaignId}`, { admin: true });
  assert.deepEqual(published.definition.schedule.draws[0].witnesses,
    [notary, members].map(({ id, name, commitment }) => ({ id, name, commitment })));

  const tokens = {};
  for (const sub of entrants) {
    tokens[sub] = await devToken(baseUrl, sub);
    await call('POST', `campaigns/${campaignId}/riddles/r1/answers`, { token: tokens[sub], body: { answer: '告' } });
  }
  assert.ok(Date.now() < closesAt, 'the entrants entered before the close');

  // Sealed at the cutoff, and waiting for both witnesses: the admin sees it.
  const sealed = await pollUntil('the draw to be sealed', async () => {
    const proof = await proofOf();
    return proof.state === 'sealed' ? proof : null;
  }, { timeoutMs: 120_000 });
  assert.equal(sealed.entryCount, entrants.length);
  await admin.click('#draws-refresh');
  const seal = admin.locator('[data-seal-of="main"]');
  await admin.locator('[data-testid="draw-state-main"]').filter({ hasText: '已封存' }).waitFor();
  await admin.locator('[data-testid="draw-waiting-main"]').filter({ hasText: '等待：西安市公证处、职工代表' }).waitFor();
  assert.equal(await seal.locator('[data-testid="sealed-digest-main"]').innerText(), sealed.entrySetDigest);
  assert.equal(await seal.locator('[data-testid="sealed-count-main"]').innerText(), String(entrants.length));
  assert.equal(await seal.locator('[data-testid="witness-state-main-notary"]').innerText(), '等待公开');
  assert.equal(await admin.locator('#draws [data-run="main"]').isDisabled(), true, 'a draw held up by witnesses cannot be run');
  assert.deepEqual((await axeViolations(admin)).blocking, [], 'accessibility problems in the draws card with witnesses');
  await shot('02-sealed-waiting', '#draws-section');

  // The entrant page says the same in plain words.
  const entrant = await context.newPage();
  const entrantErrors = [];
  entrant.on('pageerror', (error) => entrantErrors.push(error.message));
  const entrantShot = (name) => entrant.screenshot({ path: path.join(artifacts, `witness-draw-${name}.png`), fullPage: true });
  await entrant.setViewportSize({ width: 360, height: 740 });
  await entrant.goto(`${baseUrl}/entrant/#token=${tokens[entrants[0]]}`);
  await entrant.locator('[data-testid="signed-in"]').filter({ hasText: entrants[0] }).waitFor();
  await entrant.goto(`${baseUrl}/entrant/#/c/${campaignId}/rules`);
  const trust = entrant.locator('[data-testid="draw-trust-main"]');
  // The campaign's public answer may be cached for a few seconds: read again until it shows the seal.
  await pollUntil('the entrant page to show the seal', async () => {
    await entrant.reload();
    await trust.locator('[data-testid^="draw-state-"]').waitFor();
    return trust.locator('[data-testid="sealed-main"]').isVisible();
  }, { timeoutMs: 30_000 });
  await trust.locator('[data-testid="waiting-main"]').filter({ hasText: '西安市公证处、职工代表' }).waitFor();
  assert.match(await trust.locator('[data-testid="sealed-main"]').innerText(), new RegExp(`共 ${entrants.length} 条有效参与.*${sealed.entrySetDigest}`, 's'));
  assert.match(await trust.innerText(), /公证处/);
  assert.match(await trust.innerText(), /主办方和任何一位见证人都无法知道或左右谁会中奖/);
  assert.deepEqual((await axeViolations(entrant)).blocking, [], 'accessibility problems in the rules tab with witnesses');
  await entrantShot('03-entrant-waiting');

  // After the deadline both may be excused; the notary reveals through the API meanwhile, so excusing them is refused.
  await pollUntil('the reveal deadline to pass', async () => Date.now() > revealBy + 500, { timeoutMs: 60_000 });
  await admin.click('#draws-refresh');
  await seal.locator('[data-excuse="notary"]').waitFor();
  await seal.locator('[data-excuse="members"]').waitFor();
  const revealed = await call('POST', `campaigns/${campaignId}/draws/main/witnesses/notary/reveal`, { body: { secret: notary.secret } });
  assert.equal(revealed.state, 'revealed');
  await seal.locator('[data-excuse="notary"]').click();
  await admin.fill('#excuse-main-notary-reason', '未到场');
  await admin.click('#excuse-main-notary-confirm');
  await admin.locator('#excuse-main-notary-feedback').filter({ hasText: '已经公开了秘密' }).waitFor();
  await shot('04-excuse-refused', '[data-seal-of="main"]');

  await admin.click('#draws-refresh');
  await seal.locator('[data-testid="witness-state-main-notary"]').filter({ hasText: '已公开' }).waitFor();
  await admin.locator('[data-testid="draw-waiting-main"]').filter({ hasText: '等待：职工代表' }).waitFor();
  await seal.locator('[data-excuse="members"]').click();
  await admin.fill('#excuse-main-members-reason', '代表出差，无法公开');
  await admin.click('#excuse-main-members-confirm');
  await admin.locator('#draws-feedback').filter({ hasText: '已免除见证人“职工代表”' }).waitFor();
  // The last witness decided and the draw's time past: it runs by itself, and the card follows it.
  await admin.locator('[data-testid="draw-state-main"]').filter({ hasText: '已开奖' }).waitFor({ timeout: 90_000 });
  assert.match(await seal.locator('tr[data-witness="members"]').innerText(), /李干事 于 .* 免除：代表出差，无法公开/);
  const drawn = await proofOf();
  assert.equal(drawn.state, 'drawn');
  const expectedDrawSeed = createHash('sha256').update(Buffer.from(drawn.seed + notary.secret, 'hex')).digest('hex');
  assert.equal(drawn.drawSeed, expectedDrawSeed, 'the excused witness is left out of the draw seed');
  assert.equal(await seal.locator('[data-testid="draw-seed-main"]').innerText(), drawn.drawSeed);
  await shot('05-drawn', '#draws-section');

  // The entrant page: each witness's state, and "check my entry" agrees, witness secret and draw seed included.
  await pollUntil('the entrant page to show the drawn draw', async () => {
    await entrant.reload();
    await trust.locator('li[data-witness="members"]').waitFor();
    return (await trust.locator('li[data-witness="members"]').getAttribute('data-state')) === 'excused';
  }, { timeoutMs: 30_000 });
  assert.match(await trust.locator('li[data-witness="notary"]').innerText(), /西安市公证处 · 已公开秘密/);
  assert.match(await trust.locator('li[data-witness="members"]').innerText(), /职工代表 · 已被免除/);
  await entrantShot('06-entrant-witnesses');

  await entrant.goto(`${baseUrl}/entrant/#/c/${campaignId}/winners`);
  const check = entrant.locator('[data-testid="check-main"]');
  await entrant.click('[data-check="main"]');
  await check.filter({ hasText: '核对一致' }).waitFor();
  assert.match(await check.innerText(), /✓ 见证人“西安市公证处”公开的秘密与其承诺值一致/);
  assert.match(await check.innerText(), /见证人“职工代表”已被免除/);
  assert.match(await check.locator('[data-testid="check-draw-seed"]').innerText(), /^✓/);
  await entrantShot('07-entrant-check');

  const proofUrl = `${baseUrl}/api/campaigns/${campaignId}/draws/main/proof`;
  const tamper = async (change) => {
    await context.route(proofUrl, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: change(await response.json()) });
    });
    try {
      await entrant.reload();
      await entrant.click('[data-check="main"]');
      await check.filter({ hasText: '核对不一致' }).waitFor();
    } finally {
      await context.unroute(proofUrl);
    }
  };
  const flip = (hex) => hex.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  await tamper((p) => ({ ...p, witnesses: p.witnesses.map((x) => (x.secret ? { ...x, secret: flip(x.secret) } : x)) }));
  assert.match(await check.innerText(), /✗ 见证人“西安市公证处”公开的秘密与其承诺值不一致/);
  assert.match(await check.locator('[data-testid="check-draw-seed"]').innerText(), /^✗/);
  await entrantShot('08-entrant-tampered-witness');
  await tamper((p) => ({ ...p, drawSeed: flip(p.drawSeed) }));
  assert.match(await check.locator('[data-testid="check-draw-seed"]').innerText(), /^✗/);
  // A drawn proof whose excused witness reads as neither revealed nor excused: the draw ran without them, unexplained.
  await tamper((p) => ({ ...p, witnesses: p.witnesses.map((x) => (x.state === 'excused'
    ? { ...x, state: 'waiting', excusedBy: null, excusedAt: null } : x)) }));
  assert.match(await check.innerText(), /见证人“职工代表”尚未公开秘密/);
  assert.match(await check.innerText(), /✗ 核对不一致/);
  assert.deepEqual(entrantErrors, [], 'no script error on the entrant page');
}
