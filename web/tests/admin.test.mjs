// The admin console in a real browser: Debian's Chromium driven by playwright-core, against a DevHost on Azurite
// that this test starts (fresh store, seeds open now). Run with `npm run test:web`. Screenshots go to
// web/tests/artifacts/ (admin-*.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, artifacts, runWatched, signInAsAdmin } from './devhost.mjs';

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 1366, height: 900 } }));
});

after(async () => {
  await stop?.();
});

test('an admin signs in, creates a campaign, sees why it cannot be published, completes and publishes it', { timeout: 120_000 }, async () => {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  const shot = (name, fullPage = true) => page.screenshot({ path: path.join(artifacts, `admin-${name}.png`), fullPage });
  await runWatched(page, baseUrl, shot, () => administer(page, shot));
});

async function administer(page, shot) {
  // Dev sign-in (the DevHost offers it): the token is kept in sessionStorage only.
  await page.goto(`${baseUrl}/admin/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await signInAsAdmin(page, '王主任');
  await page.locator('#campaigns [data-campaign="lantern-festival-2027"]').waitFor();
  const token = await page.evaluate(() => sessionStorage.getItem('fanrewards.adminToken'));
  assert.ok(token);
  assert.equal(await page.evaluate((kept) => Object.values(localStorage).includes(kept), token), false);
  await shot('01-list');

  // A new draft.
  await page.fill('#create-id', 'spring-walk-2027');
  await page.fill('#create-title', '春季健步走留言赢手环');
  await page.click('#create-submit');
  await page.locator('#campaign-title').filter({ hasText: '春季健步走留言赢手环' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/c/spring-walk-2027');

  // Filled in through the forms, but without the organiser's contact, with a prize worth too much and a draw that
  // names no prize tier.
  await page.fill('#f-summary', '春天来了，写下你的健步走故事，参加抽奖赢运动手环。');
  assert.equal(await page.inputValue('#f-timeZone'), 'Asia/Shanghai');
  await page.fill('#f-schedule-opensAt', '2027-04-01T08:00:00');
  await page.fill('#f-schedule-closesAt', '2027-04-10T18:00:00');
  await page.fill('#f-schedule-claimDeadline', '2027-04-30T20:00:00');
  await page.fill('#f-organiser-name', '某市总工会');
  await page.fill('#f-rules-entryConditions', '本市职工均可参加，每人限留言一条。');
  await page.fill('#f-rules-awardMethod', '活动结束后由系统从审核通过的留言中等概率抽出10名。');
  await page.fill('#f-rules-claimInstructions', '中奖者在“我的奖品”中填写邮寄地址。');
  await page.fill('#f-rules-forfeiture', '逾期未领视为放弃，奖品递补给候补者。');

  // A prize tier: its id is suggested from its name (prize-1 for a Chinese one), and editable.
  await page.click('#f-prizes-add');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-prizes-0-id', 'the new row has the focus');
  await page.fill('#f-prizes-0-name', '运动手环');
  assert.equal(await page.inputValue('#f-prizes-0-id'), 'prize-1');
  await page.fill('#f-prizes-0-id', 'fitness-band');
  await page.selectOption('#f-prizes-0-kind', 'physical');
  await page.fill('#f-prizes-0-valueYuan', '60000');
  await page.fill('#f-prizes-0-count', '10');
  // A second tier, named in English (its id follows the name), then removed again.
  await page.click('#f-prizes-add');
  await page.fill('#f-prizes-1-name', 'Water Bottle 2027');
  assert.equal(await page.inputValue('#f-prizes-1-id'), 'water-bottle-2027');
  await page.click('#f-prizes-1-remove');
  assert.equal(await page.locator('#f-prizes fieldset.row').count(), 1);

  // An activity: its kind brings its own fields, its award mode its own.
  await page.click('#f-activities-add');
  await page.fill('#f-activities-0-title', '健步走留言');
  await page.fill('#f-activities-0-id', 'spring-messages');
  assert.equal(await page.locator('#f-activities-0-minLength').count(), 0, 'no kind yet, no kind fields');
  await page.selectOption('#f-activities-0-kind', 'message');
  await page.fill('#f-activities-0-minLength', '5');
  await page.fill('#f-activities-0-maxLength', '300');
  await page.check('#f-activities-0-moderated');
  await page.selectOption('#f-activities-0-award-mode', 'firstCome');
  await page.locator('#f-activities-0-award-prizeIds--fitness-band').waitFor();
  await page.selectOption('#f-activities-0-award-mode', 'draw');
  assert.equal(await page.locator('#f-activities-0-award-prizeIds').count(), 0, 'a draw names its prizes in the draw schedule');
  await page.selectOption('#f-activities-0-award-weighting', 'equal');

  // A draw of that activity, its prize tier not ticked yet.
  await page.click('#f-schedule-draws-add');
  await page.fill('#f-schedule-draws-0-id', 'spring-draw');
  await page.fill('#f-schedule-draws-0-at', '2027-04-10T20:00:00');
  await page.fill('#f-schedule-draws-0-alternates', '5');
  await page.check('#f-schedule-draws-0-activityIds--spring-messages');
  await page.click('#save');
  await page.locator('#save-feedback').filter({ hasText: '已保存' }).waitFor();

  // Power users may read and edit the same lists as JSON; applied, the forms follow (and publishing saves them).
  await page.click('#lists-json-details summary');
  const lists = JSON.parse(await page.inputValue('#lists-json'));
  assert.deepEqual(lists.draws[0].activityIds, ['spring-messages']);
  lists.prizes[0].description = '智能运动手环一只。';
  await page.fill('#lists-json', JSON.stringify(lists));
  await page.click('#lists-json-apply');
  assert.equal(await page.inputValue('#f-prizes-0-description'), '智能运动手环一只。');
  await page.click('#lists-json-details summary');

  // Four eyes are on by default; one person publishes here (admin-roles.test.mjs publishes with two).
  assert.equal(await page.isChecked('#f-fourEyes'), true);
  await page.uncheck('#f-fourEyes');
  // Publishing is refused; each problem shows next to its control, and the first one on the page has the focus.
  await page.click('#publish');
  await page.locator('#lifecycle-feedback').filter({ hasText: '还不能发布' }).waitFor();
  // The server's English is shown in Chinese, worded from each error's code.
  await page.locator('#f-organiser-contact-errors li').filter({ hasText: '必填' }).waitFor();
  await page.locator('#f-prizes-0-valueYuan-errors li').filter({ hasText: '单个奖品的价值不能超过 50000 元。' }).waitFor();
  assert.equal(await page.getAttribute('#f-prizes-0-valueYuan', 'aria-invalid'), 'true');
  // A list control: the draw's prize tiers (a group of checkboxes).
  await page.locator('#f-schedule-draws-0-prizeIds-errors li').filter({ hasText: '必填：这次抽奖发放哪些奖品' }).waitFor();
  assert.equal(await page.locator('#f-schedule-draws-0-prizeIds').evaluate((set) => set.classList.contains('invalid')), true);
  assert.equal(await page.getAttribute('#f-organiser-contact', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-organiser-contact', 'the first problem has the focus');
  assert.equal(await page.locator('#general-errors li').count(), 0, 'every problem is next to its control');
  await shot('02-publish-blocked');
  await page.locator('#f-schedule-draws-0').screenshot({ path: path.join(artifacts, 'admin-02b-draw-row-error.png') });
  // The same problems, reworded in English after a switch, and in Chinese again after switching back.
  await page.click('#lang-switch');
  await page.locator('#f-prizes-0-valueYuan-errors li').filter({ hasText: 'No single prize may be worth more than 50000 yuan.' }).waitFor();
  await page.click('#lang-switch');
  await page.locator('#f-prizes-0-valueYuan-errors li').filter({ hasText: '单个奖品的价值不能超过 50000 元。' }).waitFor();

  // Completed, then published (publishing saves first).
  await page.fill('#f-organiser-contact', '服务热线 12351');
  await page.fill('#f-prizes-0-valueYuan', '299');
  await page.check('#f-schedule-draws-0-prizeIds--fitness-band');
  // A second tier, awarded by the same draw; moved up it becomes the draw's first prize, moved back it is second.
  await page.click('#f-prizes-add');
  await page.fill('#f-prizes-1-name', '保温杯');
  await page.fill('#f-prizes-1-id', 'thermos');
  await page.selectOption('#f-prizes-1-kind', 'physical');
  await page.fill('#f-prizes-1-valueYuan', '30');
  await page.fill('#f-prizes-1-count', '20');
  await page.check('#f-schedule-draws-0-prizeIds--thermos');
  const drawPrizes = async () => {
    await page.click('#lists-json-details summary');
    const { draws } = JSON.parse(await page.inputValue('#lists-json'));
    await page.click('#lists-json-details summary');
    return draws[0].prizeIds;
  };
  assert.deepEqual(await drawPrizes(), ['fitness-band', 'thermos']);
  await page.click('#f-prizes-1-up');
  assert.equal(await page.inputValue('#f-prizes-0-id'), 'thermos');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-prizes-0-remove', 'the focus moves with the row');
  assert.deepEqual(await drawPrizes(), ['thermos', 'fitness-band']);
  await page.click('#f-prizes-1-up');
  assert.deepEqual(await drawPrizes(), ['fitness-band', 'thermos']);
  await page.click('#publish');
  await page.locator('#lifecycle-feedback').filter({ hasText: '已发布' }).waitFor();
  assert.equal(await page.locator('.field-errors li').count(), 0);
  assert.equal(await page.isDisabled('#save'), true);
  // Published: the lists are read-only too, and show what was saved.
  assert.equal(await page.isDisabled('#f-prizes-add'), true);
  assert.equal(await page.isDisabled('#f-activities-0-kind'), true);
  assert.equal(await page.inputValue('#f-prizes-0-valueYuan'), '299');
  assert.equal(await page.inputValue('#f-prizes-0-description'), '智能运动手环一只。');
  assert.equal(await page.isChecked('#f-schedule-draws-0-prizeIds--fitness-band'), true);
  await page.locator('#campaigns [data-campaign="spring-walk-2027"] .badge').filter({ hasText: '已发布' }).waitFor();
  await page.locator('#draws [data-draw="spring-draw"]').filter({ hasText: '待开奖' }).waitFor();
  await page.locator('#audit [data-action="publish"]').filter({ hasText: '王主任' }).waitFor();
  await shot('03-published');

  // Still in the list after a reload (the key survives in this tab's session).
  await page.reload();
  await page.locator('#campaigns [data-campaign="spring-walk-2027"]').filter({ hasText: '春季健步走留言赢手环' }).waitFor();

  // English, one click away.
  await page.click('#lang-switch');
  await page.locator('#lifecycle h2').filter({ hasText: 'Publish and status' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
}
