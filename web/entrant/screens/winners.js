// The winners tab: "check my entry" for each draw (proof.js recomputes the score here), then each draw's winners.

import { t } from '../i18n.js';
import { h, append, replace } from '../../shared/dom.js';
import { api, token, signedInAs } from '../api.js';
import { showError, formatTime, prizeStatus } from '../ui.js';
import { checkMyEntry } from '../proof.js';

/** The witnesses' secrets against their commitments and the draw seed recomputed from them (a draw with witnesses). */
function seedLines(check) {
  if (check.witnesses.length === 0 && check.drawSeedMatches) return [];
  const witness = (w) => {
    if (w.state !== 'revealed') return h('p', { class: 'small' }, t(`check.witness.${w.state}`, { name: w.name }));
    return h('p', { class: w.matches ? 'good' : 'bad', 'data-witness-check': w.id },
      t(w.matches ? 'check.witness.ok' : 'check.witness.bad', { name: w.name }));
  };
  return [...check.witnesses.map(witness),
    h('p', { class: check.drawSeedMatches ? 'good' : 'bad', 'data-testid': 'check-draw-seed' },
      t(check.drawSeedMatches ? 'check.drawSeedOk' : 'check.drawSeedBad'))];
}

function renderEntryCheck(campaign, draw) {
  const result = h('div', { class: 'check-result', 'data-testid': `check-${draw.id}`, 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button',
    'data-check': draw.id,
    onclick: async () => {
      button.disabled = true;
      replace(result, h('p', { class: 'muted' }, t('loading')));
      try {
        const check = await checkMyEntry(api, campaign.id, draw.id, signedInAs());
        const lines = [h('p', { class: 'small' }, `${t('check.pseudonym')}: `, h('code', {}, check.pseudonym))];
        if (check.state === 'not-drawn') lines.push(h('p', {}, t('check.notDrawn')));
        else {
          lines.push(h('p', { class: check.commitmentMatches ? 'good' : 'bad' },
            t(check.commitmentMatches ? 'check.commitmentOk' : 'check.commitmentBad')), ...seedLines(check));
          if (check.state === 'not-in-set') lines.push(h('p', {}, t('check.notInSet')));
          else {
            lines.push(h('p', {}, t('check.score', { weight: check.entry.weight, score: check.score })));
            lines.push(h('p', {}, check.ranked
              ? t('check.ranked', { rank: check.ranked.rank, score: check.ranked.score })
              : t('check.notRanked')));
            lines.push(h('p', { class: `verdict ${check.agrees ? 'good' : 'bad'}`, 'data-testid': 'check-verdict' },
              t(check.agrees ? 'check.agrees' : 'check.disagrees')));
          }
        }
        replace(result, lines);
      } catch (error) {
        const line = h('p');
        showError(line, error);
        replace(result, line);
      } finally {
        button.disabled = false;
      }
    },
  }, t('check.button'));
  return h('section', { class: 'card' }, h('h2', {}, t('check.title', { id: draw.name || draw.id })),
    h('p', { class: 'small muted' }, t('check.intro')), token() ? button : h('p', {}, t('signIn.needed')), result);
}

export async function renderWinners(body, campaign) {
  for (const draw of campaign.schedule.draws ?? []) append(body, renderEntryCheck(campaign, draw));
  let draws;
  try {
    draws = await api.winners(campaign.id);
  } catch (error) {
    const line = h('p');
    showError(line, error);
    append(body, line);
    return;
  }
  if (!draws?.length) {
    append(body, h('p', { 'data-testid': 'no-winners' }, t('winners.none')));
    return;
  }
  for (const draw of draws) {
    append(body, h('h2', {}, t('winners.draw', { id: draw.drawName || draw.drawId, time: formatTime(draw.drawnAt, campaign.timeZone) })));
    for (const tier of draw.tiers ?? []) {
      append(body, h('section', { class: 'card' }, h('h3', {}, tier.prizeName ?? tier.prizeId),
        h('ol', { class: 'winners' }, tier.winners.map((winner) => h('li', { value: winner.rank },
          // Masked name and phone only: no pseudonym, not even a prefix, which beside a masked phone would narrow it down.
          [winner.name, winner.phone].filter(Boolean).join(' ') || t('winners.noContact'),
          winner.status ? h('span', { class: 'small muted' }, ` ${prizeStatus(winner.status)}`) : null)))));
    }
  }
}
