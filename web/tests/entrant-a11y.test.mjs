// Accessibility of the entrant page at 360 px: axe-core finds no serious or critical violation on each main page
// (the list, a campaign of every activity kind in the seeds, rules, Mine, winners with "check my entry"), no page
// scrolls sideways, the keyboard reaches a riddle's answer box and then its submit button, and html[lang] follows
// the language switch. Each page is screenshot to web/tests/artifacts/a11y-*.png. Run with `npm run test:web`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, artifacts, devToken, axeViolations } from './devhost.mjs';

let baseUrl;
let context;
let stop;

before(async () => {
  ({ baseUrl, context, stop } = await start({ viewport: { width: 360, height: 740 } }));
});

after(async () => {
  await stop?.();
});

const sidewaysOverflow = (page) => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);

test('every main entrant page passes axe at 360 px without scrolling sideways', { timeout: 240_000 }, async (t) => {
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const problems = [];
  const audit = async (name, ready) => {
    await ready.waitFor();
    await page.screenshot({ path: path.join(artifacts, `a11y-${name}.png`), fullPage: true });
    const violations = await axeViolations(page);
    for (const line of violations.blocking) problems.push(`${name}: ${line}`);
    // Moderate and minor findings are reported, not failed on: they are worth reading, not always worth a fix.
    for (const line of violations.other) t.diagnostic(`${name}: ${line}`);
    const overflow = await sidewaysOverflow(page);
    if (overflow > 0) problems.push(`${name}: scrolls ${overflow} px sideways`);
  };

  await page.goto(`${baseUrl}/entrant/`);
  await audit('list-signed-out', page.locator('#campaigns [data-campaign="lantern-festival-2027"]'));

  await page.goto(`${baseUrl}/entrant/#token=${await devToken(baseUrl, 'a11y-001')}`);
  await page.locator('[data-testid="signed-in"]').waitFor();
  await audit('list', page.locator('#campaigns [data-campaign="lantern-festival-2027"]'));

  // A campaign of each activity kind, with feedback showing where one answer gives some.
  await page.goto(`${baseUrl}/entrant/#/c/lantern-festival-2027`);
  const riddle = page.locator('[data-riddle="r01"]');
  await riddle.locator('input').fill('吉');
  await riddle.locator('button[type="submit"]').click();
  await audit('riddle', riddle.locator('.feedback.bad'));

  await page.goto(`${baseUrl}/entrant/#/c/model-worker-likes-2027`);
  await page.click('[data-like="zhao-jianguo"]');
  await audit('like', page.locator('.feedback.good'));

  await page.goto(`${baseUrl}/entrant/#/c/womens-day-2027`);
  await page.fill('textarea', '致敬每一位女职工！巾帼建功新时代。');
  await page.click('[data-activity="womens-day-messages"] button[type="submit"]');
  await audit('message', page.locator('.feedback.good'));

  await page.goto(`${baseUrl}/entrant/#/c/history-reflections-2027`);
  await audit('reflection', page.locator('[data-kind="reflection"] textarea'));

  await page.goto(`${baseUrl}/entrant/#/c/museum-day-2027`);
  await audit('signup', page.locator('[data-kind="signup"] select').first());

  await page.goto(`${baseUrl}/entrant/#/c/workers-walk-2027`);
  await page.fill('[data-kind="checkin"] input', '12345');
  await page.click('[data-kind="checkin"] button[type="submit"]');
  await audit('checkin', page.locator('.feedback.good'));

  await page.goto(`${baseUrl}/entrant/#/c/lantern-festival-2027/rules`);
  await audit('rules', page.locator('#prizes'));

  await page.goto(`${baseUrl}/entrant/#/c/womens-day-2027/mine`);
  await audit('mine', page.locator('[data-testid="mine-message"]'));

  await page.goto(`${baseUrl}/entrant/#/c/model-worker-likes-2027/mine`);
  await audit('mine-prize', page.locator('.voucher'));

  // The seeds draw ten minutes after the DevHost starts: here the proof part is "not drawn yet".
  await page.goto(`${baseUrl}/entrant/#/c/lantern-festival-2027/winners`);
  await page.click('[data-check="lantern-draw"]');
  await audit('winners-proof', page.locator('[data-testid="check-lantern-draw"]').filter({ hasText: '还没有开奖' }));

  await page.click('#lang-switch');
  await page.locator('[data-tab="winners"]').filter({ hasText: 'Winners' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await audit('winners-proof-en', page.locator('[data-check="lantern-draw"]'));
  await page.goto(`${baseUrl}/entrant/#/`);
  await audit('list-en', page.locator('#campaigns [data-campaign="lantern-festival-2027"]'));
  await page.click('#lang-switch');
  await page.locator('#campaigns').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

  assert.deepEqual(problems, []);
  assert.deepEqual(pageErrors, []);
});

test('Tab reaches a riddle\'s answer box and then its submit button', { timeout: 60_000 }, async () => {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(`${baseUrl}/entrant/#token=${await devToken(baseUrl, 'a11y-002')}`);
  await page.locator('[data-testid="signed-in"]').waitFor();
  await page.goto(`${baseUrl}/entrant/#/c/lantern-festival-2027`);
  const answerBox = page.locator('#answer-r02');
  await answerBox.waitFor();
  const focused = () => page.evaluate(() => {
    const element = document.activeElement;
    return element?.id || `${element?.tagName}:${element?.closest('[data-riddle]')?.dataset.riddle ?? ''}:${element?.type ?? ''}`;
  });
  await page.evaluate(() => document.activeElement?.blur());
  let presses = 0;
  while (await focused() !== 'answer-r02') {
    presses += 1;
    assert.ok(presses <= 60, 'Tab never reached the answer box of riddle r02');
    await page.keyboard.press('Tab');
  }
  assert.ok(await answerBox.evaluate((element) => element.matches(':focus-visible')), 'the focused answer box shows focus');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'BUTTON:r02:submit');
});
