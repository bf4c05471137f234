// The admin console through a whole short campaign, in a real browser (Debian's Chromium driven by playwright-core)
// against a DevHost on Azurite that this test starts: the admin builds a campaign through the editor's forms
// (riddles from a CSV file), is told what blocks publishing (next to each control, a list's too), switches language
// without losing what was typed, publishes, uploads voucher codes; entrants take part through the API; once entries
// close the admin runs the draw, watches it finish and sees the winners, the proof, the awards and the figures, and
// exports both CSVs. axe-core checks each main view.
// Screenshots go to web/tests/artifacts/ (admin-draw-*.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { start, artifacts, devToken, axeViolations, callApi, pollUntil, shanghaiLocal, runWatched, signInAsAdmin, adminToken } from './devhost.mjs';

const campaignId = 'quick-quiz-2026';
/** Entries stay open this long after the editor is filled in: enough for the rest of the editing and the entrants. */
const entryWindowMs = 50_000;
const shanghai = shanghaiLocal;

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 1366, height: 900 } }));
});

after(async () => {
  await stop?.();
});

test('an admin builds and publishes a campaign after a validation error, runs its draw and sees winners, proof, awards and figures',
  { timeout: 240_000 }, async () => {
    const page = context.pages()[0] ?? await context.newPage();
    // The whole page, or one card of it (readable at full size: a published campaign's page is long).
    const shot = (name, card) => (card ? page.locator(card) : page)
      .screenshot({ path: path.join(artifacts, `admin-draw-${name}.png`), ...(card ? {} : { fullPage: true }) });
    const urls = await runWatched(page, baseUrl, shot, () => runCampaign(page, shot));
    assert.deepEqual(urls.filter((url) => /token|code=/.test(new URL(url).search)), [], 'no token goes into a URL');
  });

/** Fails on any serious or critical axe-core violation in the page as it is now. */
async function assertAccessible(page, view) {
  assert.deepEqual((await axeViolations(page)).blocking, [], `accessibility problems in the ${view}`);
}

const api = (method, apiPath, options) => callApi(baseUrl, method, apiPath, options);

const tokenFor = (sub) => devToken(baseUrl, sub);

const waitFor = pollUntil;

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: (await readFile(await file.path(), 'utf8')).replace(/^\uFEFF/, '') };
}

async function runCampaign(page, shot) {
  await page.goto(`${baseUrl}/admin/`);
  // Dev sign-in: focus starts in the name field and moves in reading order, through the role boxes.
  await page.locator('#dev-sign-in').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dev-name');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dev-role-campaign-editor');
  await signInAsAdmin(page, '李干事');
  await page.locator('#campaigns [data-campaign="lantern-festival-2027"]').waitFor();
  await assertAccessible(page, 'campaign list');
  await shot('01-list');

  // A draft, built through the editor's forms; the riddles come from a CSV file.
  await page.fill('#create-id', campaignId);
  await page.fill('#create-title', '快问快答赢保温杯');
  await page.click('#create-submit');
  await page.locator('#campaign-title').filter({ hasText: '快问快答赢保温杯' }).waitFor();
  await page.fill('#f-summary', '答对一道题即可参加抽奖；为劳模点赞，前三名得电影兑换码。');
  await page.fill('#f-organiser-name', '某区总工会');
  await page.fill('#f-rules-entryConditions', '本区职工均可参加。');
  await page.fill('#f-rules-awardMethod', '活动结束后从答对的参与者中等概率抽出2名，另排2名候补。');
  await page.fill('#f-rules-claimInstructions', '中奖者在“我的奖品”中填写邮寄地址。');
  await page.fill('#f-rules-forfeiture', '逾期未领视为放弃，奖品递补给候补者。');

  // Two prize tiers.
  for (const [index, [id, name, kind, value, count]] of [['thermos', '保温杯', 'physical', '80', '2'],
    ['movie-code', '电影兑换码', 'voucher', '40', '3']].entries()) {
    await page.click('#f-prizes-add');
    await page.fill(`#f-prizes-${index}-name`, name);
    await page.fill(`#f-prizes-${index}-id`, id);
    await page.selectOption(`#f-prizes-${index}-kind`, kind);
    await page.fill(`#f-prizes-${index}-valueYuan`, value);
    await page.fill(`#f-prizes-${index}-count`, count);
  }

  // A riddle activity awarding by draw, and a like activity whose first three likers win a voucher (its prize tier
  // left unticked for now).
  await page.click('#f-activities-add');
  await page.fill('#f-activities-0-title', '快问快答');
  await page.fill('#f-activities-0-id', 'quiz');
  await page.selectOption('#f-activities-0-kind', 'riddle');
  await page.fill('#f-activities-0-attemptLimit', '3');
  await page.fill('#f-activities-0-minCorrect', '1');
  await page.selectOption('#f-activities-0-award-mode', 'draw');
  await page.selectOption('#f-activities-0-award-weighting', 'equal');
  await page.click('#f-activities-add');
  await page.fill('#f-activities-1-title', '为劳模点赞');
  await page.fill('#f-activities-1-id', 'cheer');
  await page.selectOption('#f-activities-1-kind', 'like');
  await page.selectOption('#f-activities-1-likesPer', 'campaign');
  await page.selectOption('#f-activities-1-award-mode', 'firstCome');
  await page.fill('#f-activities-1-award-count', '3');

  await page.setInputFiles('#riddles-csv-file', { name: 'riddles.csv', mimeType: 'text/csv',
    buffer: Buffer.from('\uFEFFid,activityId,question,hint,answers\r\nq1,quiz,一口咬掉牛尾巴,打一字,告\r\nq2,quiz,千里相逢,打一字,重\r\n') });
  await page.locator('#riddles-csv-feedback').filter({ hasText: '2 条灯谜' }).waitFor();
  assert.equal(await page.inputValue('#f-riddles-0-question'), '一口咬掉牛尾巴');
  assert.equal(await page.inputValue('#f-riddles-1-answers'), '重');
  assert.equal(await page.inputValue('#f-riddles-1-activityId'), 'quiz');

  // Candidates belong to the like activity (the only one, chosen for them).
  for (const [index, [id, name]] of [['zhao', '赵建国'], ['li', '李秀梅']].entries()) {
    await page.click('#f-candidates-add');
    await page.fill(`#f-candidates-${index}-name`, name);
    await page.fill(`#f-candidates-${index}-id`, id);
    assert.equal(await page.inputValue(`#f-candidates-${index}-activityId`), 'cheer');
  }

  // The schedule last, so that entries stay open long enough: the draw is an hour after closing so that the schedule
  // does not run it first (the admin runs it by hand).
  const opensAt = Date.now() - 60_000;
  const closesAt = Date.now() + entryWindowMs;
  await page.fill('#f-schedule-opensAt', shanghai(opensAt));
  await page.fill('#f-schedule-closesAt', shanghai(closesAt));
  await page.fill('#f-schedule-claimDeadline', shanghai(closesAt + 2 * 3_600_000));
  await page.click('#f-schedule-draws-add');
  await page.fill('#f-schedule-draws-0-id', 'quiz-draw');
  await page.fill('#f-schedule-draws-0-name', '快问快答抽奖');
  await page.fill('#f-schedule-draws-0-at', shanghai(closesAt + 3_600_000));
  await page.fill('#f-schedule-draws-0-alternates', '2');
  assert.equal(await page.locator('#f-schedule-draws-0-activityIds input').count(), 1, 'only the activity that awards by draw');
  await page.check('#f-schedule-draws-0-activityIds--quiz');
  await page.check('#f-schedule-draws-0-prizeIds--thermos');

  // One person publishes and runs the draw here: four eyes off (admin-roles.test.mjs publishes with two people).
  await page.uncheck('#f-fourEyes');
  // Publishing without the organiser's contact and with the like award naming no prize tier is refused, each problem
  // shown next to its control.
  await page.click('#publish');
  await page.locator('#lifecycle-feedback').filter({ hasText: '还不能发布' }).waitFor();
  await page.locator('#f-organiser-contact-errors li').filter({ hasText: '必填' }).waitFor();
  assert.equal(await page.getAttribute('#f-organiser-contact', 'aria-invalid'), 'true');
  await page.locator('#f-activities-1-award-prizeIds-errors li').filter({ hasText: '必填：这个活动发放哪些奖品。' }).waitFor();
  assert.equal(await page.locator('#general-errors li').count(), 0, 'every problem is next to its control');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-organiser-contact', 'the first problem has the focus');
  await assertAccessible(page, 'editor with publish problems');
  await shot('02-publish-blocked');
  await shot('02b-activities', '[data-section="activities"]');

  // Typed but not saved, then the language switched both ways: nothing typed is lost, in the lists either.
  await page.fill('#f-organiser-contact', '服务热线 12351');
  await page.fill('#f-summary', '答对一道题即可参加抽奖。');
  await page.check('#f-activities-1-award-prizeIds--movie-code');
  await page.fill('#f-candidates-1-description', '纺织企业细纱挡车工');
  await page.click('#lang-switch');
  await page.locator('label[for="f-organiser-contact"]').filter({ hasText: 'Contact' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.inputValue('#f-organiser-contact'), '服务热线 12351');
  assert.equal(await page.inputValue('#f-summary'), '答对一道题即可参加抽奖。');
  assert.equal(await page.isChecked('#f-activities-1-award-prizeIds--movie-code'), true);
  assert.equal(await page.inputValue('#f-candidates-1-description'), '纺织企业细纱挡车工');
  await page.locator('label[for="f-activities-1-award-mode"]').filter({ hasText: 'Mode' }).waitFor();
  await page.locator('#f-organiser-contact-errors li').filter({ hasText: 'Required' }).waitFor();
  await page.locator('#f-activities-1-award-prizeIds-errors li').filter({ hasText: 'Required' }).waitFor();
  await assertAccessible(page, 'editor in English');
  await page.click('#lang-switch');
  await page.locator('label[for="f-organiser-contact"]').filter({ hasText: '联系方式' }).waitFor();
  assert.equal(await page.inputValue('#f-organiser-contact'), '服务热线 12351');
  assert.equal(await page.isChecked('#f-activities-1-award-prizeIds--movie-code'), true);

  await page.click('#publish');
  await page.locator('#lifecycle-feedback').filter({ hasText: '已发布' }).waitFor();
  assert.equal(await page.locator('.field-errors li').count(), 0);
  await page.locator('#draws [data-draw="quiz-draw"]').filter({ hasText: '待开奖' }).waitFor();
  assert.ok(Date.now() < closesAt, 'the campaign is still open for the entrants');

  // Voucher codes for the first-come prize: a file with a repeat, then a paste with one code already there.
  await page.setInputFiles('#vouchers-movie-code-file', { name: 'codes.csv', mimeType: 'text/csv',
    buffer: Buffer.from('code\nMOVIE-0001\nMOVIE-0002\nMOVIE-0003\nMOVIE-0001\n') });
  await page.click('#vouchers-movie-code-upload');
  await page.locator('#vouchers-movie-code-feedback').filter({ hasText: '新增 3 个，重复 1 个，现共 3 个' }).waitFor();
  await page.fill('#vouchers-movie-code-paste', 'MOVIE-0003\nMOVIE-0004');
  await page.click('#vouchers-movie-code-upload');
  await page.locator('#vouchers-movie-code-feedback').filter({ hasText: '新增 1 个，重复 1 个，现共 4 个' }).waitFor();
  await page.locator('[data-testid="voucher-counts-movie-code"]').filter({ hasText: '共 4 个' }).waitFor();

  // Entrants, through the API: five answer correctly, one runs out of attempts; four others like a model worker (the
  // first three win the vouchers first come, and as one person wins once they could not have won the draw too).
  const [solvers, [stuck], likers] = await Promise.all([
    Promise.all(['e1', 'e2', 'e3', 'e4', 'e5'].map(tokenFor)), Promise.all(['e6'].map(tokenFor)),
    Promise.all(['f1', 'f2', 'f3', 'f4'].map(tokenFor))]);
  for (const token of solvers) {
    const answer = await api('POST', `campaigns/${campaignId}/riddles/q1/answers`, { token, body: { answer: '告' } });
    assert.equal(answer.data?.correct, true, JSON.stringify(answer));
  }
  const statuses = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    statuses.push((await api('POST', `campaigns/${campaignId}/riddles/q2/answers`, { token: stuck, body: { answer: '轻' } })).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 409], 'the fourth wrong answer is refused: no attempts left');
  for (const [index, token] of likers.entries()) {
    const like = await api('POST', `campaigns/${campaignId}/candidates/${index < 3 ? 'zhao' : 'li'}/likes`, { token });
    assert.equal(like.status, 200, JSON.stringify(like));
  }
  assert.ok(Date.now() < closesAt, 'every entry was made while the campaign was open');

  // Entries close; then the admin runs the draw and the page follows it to the end without a reload.
  await waitFor('entries to close', async () => (await api('GET', `campaigns/${campaignId}`)).data?.status === 'closed',
    { timeoutMs: closesAt - Date.now() + 30_000 });
  await page.click('#draws-refresh');
  await page.locator('#draws [data-run="quiz-draw"]:enabled').waitFor();
  // Every state the page shows, as it polls: they may only move forward.
  await page.evaluate(() => {
    window.drawStates = [];
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="draw-state-quiz-draw"]')?.textContent;
      if (state && state !== window.drawStates.at(-1)) window.drawStates.push(state);
    }).observe(document.querySelector('#draws-section'), { childList: true, subtree: true });
  });
  await page.click('#draws [data-run="quiz-draw"]');
  // The draw goes by its display name, its id beside it.
  await page.locator('#draws [data-draw="quiz-draw"]').filter({ hasText: '快问快答抽奖' }).waitFor();
  await page.locator('#draws-feedback').filter({ hasText: '已开始开奖 快问快答抽奖' }).waitFor();
  await page.locator('[data-testid="draw-state-quiz-draw"]').filter({ hasText: '已开奖' }).waitFor({ timeout: 90_000 });
  const states = await page.evaluate(() => window.drawStates);
  // Trust v2: a draw is sealed at its cutoff before it runs.
  const order = ['待开奖', '封存中', '已封存', '开奖中', '已开奖'];
  assert.deepEqual([...states].sort((a, b) => order.indexOf(a) - order.indexOf(b)), states, `states move forward: ${states}`);
  assert.equal(states.at(-1), '已开奖');
  const result = page.locator('[data-result="quiz-draw"]');
  await result.locator('[data-testid="proof-check"]').filter({ hasText: '✓' }).waitFor();
  assert.match(await result.locator('[data-testid="proof-seed"]').innerText(), /^[0-9a-f]{64}$/);
  assert.match(await result.locator('[data-testid="proof-digest"]').innerText(), /^[0-9a-f]{64}$/);
  assert.equal(await result.locator('[data-testid="proof-entries"]').innerText(), '5');
  // Times show in the campaign's zone (Asia/Shanghai), not the browser's (Europe/London here).
  const { data: proofData } = await api('GET', `campaigns/${campaignId}/draws/quiz-draw/proof`);
  const drawnInShanghai = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' })
    .format(new Date(proofData.drawnAt));
  assert.equal(await result.locator('[data-testid="proof-drawn-at"]').innerText(), drawnInShanghai);
  assert.equal(await result.locator('table.winners tbody tr').count(), 2);
  assert.equal(await page.locator('#draws [data-draw="quiz-draw"] progress').getAttribute('value'),
    await page.locator('#draws [data-draw="quiz-draw"] progress').getAttribute('max'), 'every shard is done');
  await shot('03-campaign');

  // Personal data: the export asks why before it downloads.
  await page.click('#draws [data-csv="quiz-draw"]');
  await page.fill('#export-reason', '联系中奖者寄送保温杯');
  const winners = await download(page, () => page.click('#export-confirm'));
  assert.equal(winners.name, `${campaignId}-quiz-draw-winners.csv`);
  const winnerRows = winners.text.trim().split(/\r?\n/);
  assert.equal(winnerRows[0], 'rank,role,prizeId,entrantId,pseudonym,weight,score');
  assert.deepEqual(winnerRows.slice(1).map((row) => row.split(',')[1]), ['winner', 'winner', 'alternate', 'alternate']);

  // Awards (redrawn by the page when the draw finished): three first-come vouchers and the two draw winners, each
  // waiting to be claimed; exported as CSV.
  await page.locator('#awards tr[data-award^="draw-"]').nth(1).waitFor();
  assert.equal(await page.locator('#awards tbody tr').count(), 5);
  assert.equal(await page.locator('#awards tr[data-award^="firstCome-"]').count(), 3);
  assert.equal(await page.locator('#awards tr[data-status="awarded"]').count(), 5);
  await page.click('#awards-csv');
  await page.fill('#export-reason', '核对兑奖情况');
  const awards = await download(page, () => page.click('#export-confirm'));
  assert.equal(awards.name, `${campaignId}-awards.csv`);
  assert.equal(awards.text.trim().split(/\r?\n/).length, 6);

  // The first winner declines: the prize passes to the first alternate (rank 3). The second claims it.
  const tokenOf = Object.fromEntries(['e1', 'e2', 'e3', 'e4', 'e5'].map((sub, index) => [sub, solvers[index]]));
  const entrantAt = (rank) => winnerRows.slice(1).map((row) => row.split(',')).find((cells) => cells[0] === String(rank))[3];
  assert.equal((await api('POST', `me/campaigns/${campaignId}/claims/decline`, { token: tokenOf[entrantAt(1)] })).status, 200);
  const claim = await api('POST', `me/campaigns/${campaignId}/claims`, { token: tokenOf[entrantAt(2)],
    body: { name: '张三', phone: '13800138000', address: '某市某区某路1号' } });
  assert.equal(claim.status, 200, JSON.stringify(claim));
  await page.click('#awards-refresh');
  await page.locator('#awards tr[data-status="declined"]').filter({ hasText: '已递补给 #3' }).waitFor();
  await page.locator('#awards tr[data-status="awarded"]').filter({ hasText: '递补自 #1' }).waitFor();
  await page.locator('#awards tr[data-status="claimed"]').filter({ hasText: '张*' }).waitFor();
  await shot('05-awards', '#awards-section');
  await page.click('#draws-refresh');
  await result.locator('table.winners tr[data-rank="3"]').filter({ hasText: '由第 1 名递补' }).waitFor();
  await result.locator('[data-testid="proof-passes"]').filter({ hasText: '第 3 名' }).waitFor();
  await shot('04-draws', '#draws-section');

  // Figures: the like leaderboard as bars, and the entry figures once the server has them.
  await page.click('#figures-refresh');
  await page.locator('#board-cheer li').first().filter({ hasText: '赵建国' }).waitFor();
  assert.match(await page.locator('#board-cheer li').first().innerText(), /3/);
  const figures = await fetch(`${baseUrl}/api/manage/campaigns/${campaignId}/figures`,
    { headers: { Authorization: `Bearer ${await adminToken(baseUrl, '李干事')}` } });
  if (figures.status === 404 && !(figures.headers.get('content-type') ?? '').includes('json')) {
    // This server has no figures endpoint yet: the panel says so instead of failing.
    await page.locator('#figures-unavailable').waitFor();
  } else {
    assert.equal(figures.status, 200);
    await waitFor('the figures to count the entries', async () => {
      await page.click('#figures-refresh');
      const accepted = await page.locator('#figures-activities tr[data-activity="quiz"] td').nth(1).innerText().catch(() => '0');
      return Number(accepted.replace(/\D/g, '')) > 0;
    }, { timeoutMs: 30_000, intervalMs: 2_000 });
    await page.locator('#figures-section svg.chart rect').first().waitFor();
    await page.locator('#figures-rejects li').filter({ hasText: 'attempts-exhausted' }).waitFor();
  }
  await assertAccessible(page, 'published campaign with draws, awards and figures');
  await shot('06-figures', '#figures-section');

  // The chart against the figures contract itself, whatever this server has: two hours with entries and a quiet one
  // between them (drawn as zero), two activities stacked, rejects by reason.
  await page.route('**/api/manage/campaigns/*/figures', (route) => route.fulfill({ json: {
    campaignId, timeZone: 'Asia/Shanghai', countedAt: '2026-11-28T23:05:00+08:00', delaySeconds: 2,
    activities: [{ activityId: 'quiz', kind: 'riddle', accepted: 1234, rejected: 56 }, { activityId: 'cheer', kind: 'like', accepted: 80, rejected: 0 }],
    hours: [{ hour: '2026-11-28T21:00:00+08:00', activityId: 'quiz', accepted: 120 }, { hour: '2026-11-28T21:00:00+08:00', activityId: 'cheer', accepted: 30 },
      { hour: '2026-11-28T23:00:00+08:00', activityId: 'quiz', accepted: 1114 }],
    rejects: [{ reason: 'attempts-exhausted', count: 40 }, { reason: 'campaign-not-open', count: 16 }] } }));
  await page.click('#figures-refresh');
  await page.locator('#figures-activities tr[data-activity="quiz"]').filter({ hasText: '1,234' }).waitFor();
  assert.equal(await page.locator('#figures-section svg.chart rect').count(), 3, 'three bars: quiz and cheer at 21:00, quiz at 23:00');
  assert.deepEqual(await page.locator('#figures-section svg.chart rect').evaluateAll((rects) => rects.map((r) => r.dataset.hour)),
    ['2026-11-28T13:00:00.000Z', '2026-11-28T13:00:00.000Z', '2026-11-28T15:00:00.000Z']);
  await page.click('#figures-section summary');
  assert.deepEqual(await page.locator('#figures-hours tbody th').allInnerTexts(), ['11/28 21:00', '11/28 23:00']);
  assert.deepEqual(await page.locator('#figures-rejects li').evaluateAll((items) => items.map((item) =>
    `${item.querySelector('.bar-label').textContent}=${item.querySelector('.bar-value').textContent}`)),
  ['答题次数用完 attempts-exhausted=40', '不在活动时间内 campaign-not-open=16']);
  await shot('07-figures-contract', '#figures-section');
  await page.unroute('**/api/manage/campaigns/*/figures');

  // The same page in English, just as accessible.
  await page.click('#lang-switch');
  await page.locator('#figures-section h2').filter({ hasText: 'Live figures' }).waitFor();
  await page.locator('#awards tr[data-status="declined"]').filter({ hasText: 'passed on to #3' }).waitFor();
  await page.locator('[data-result="quiz-draw"] [data-testid="proof-check"]').filter({ hasText: 'matches the commitment' }).waitFor();
  await assertAccessible(page, 'published campaign in English');
  await shot('08-campaign-en');
}
