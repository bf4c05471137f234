// The rules tab: summary, schedule and draws (with their commitments, seals and witnesses), prizes, organiser and the
// rules' text.

import { t } from '../i18n.js';
import { h, append } from '../../shared/dom.js';
import { formatTime, zoneNote } from '../ui.js';
import { drawTrust } from './draw-trust.js';

export function renderRules(body, campaign) {
  const zone = campaign.timeZone;
  const s = campaign.schedule;
  const rules = campaign.rules ?? {};
  const dl = (pairs) => h('dl', {}, pairs.filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  append(body,
    h('p', {}, campaign.summary),
    campaign.membersOnly ? h('p', { class: 'notice' }, t('rules.membersOnly')) : null,
    h('h2', {}, t('rules.schedule')),
    dl([
      [t('rules.opensAt'), formatTime(s.opensAt, zone) + zoneNote(zone)],
      [t('rules.closesAt'), formatTime(s.closesAt, zone) + zoneNote(zone)],
      [t('rules.claimDeadline'), s.claimDeadline ? formatTime(s.claimDeadline, zone) + zoneNote(zone) : null],
    ]),
    s.draws?.length ? [h('h2', {}, t('rules.draws')), h('ul', { class: 'plain' }, s.draws.map((draw) => h('li', { class: 'card', 'data-draw': draw.id },
      h('h3', {}, draw.name || draw.id),
      h('p', {}, t('rules.drawAt', { time: formatTime(draw.at, zone) + zoneNote(zone), alternates: draw.alternates ?? 0 })),
      draw.commitment ? h('p', { class: 'small' }, `${t('rules.commitment')}: `, h('code', {}, draw.commitment)) : null,
      drawTrust(campaign, draw))))] : null,
    h('h2', {}, t('rules.prizes')),
    h('ul', { class: 'plain', id: 'prizes' }, (campaign.prizes ?? []).map((prize) => h('li', { class: 'card' },
      h('strong', {}, t('rules.prizeLine', { name: prize.name, value: prize.valueYuan, count: prize.count })),
      prize.description ? h('p', { class: 'small' }, prize.description) : null))),
    h('h2', {}, t('rules.organiser')),
    dl([[t('rules.organiser'), campaign.organiser?.name], [t('rules.contact'), campaign.organiser?.contact]]),
    dl(['entryConditions', 'awardMethod', 'claimInstructions', 'forfeiture', 'notes'].map((k) => [t(`rules.${k}`), rules[k]])));
}
